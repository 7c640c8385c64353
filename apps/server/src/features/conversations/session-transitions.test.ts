import { describe, expect, it } from 'vitest';
import { ZSessionStatusSchema, type TSessionStatus } from '@parley/protocol';
import { canTransition, SESSION_TRANSITIONS } from './session-transitions.ts';

const ALL = ZSessionStatusSchema.options;
const allowed = (from: TSessionStatus) => ALL.filter((to) => canTransition(from, to));

describe('session transitions', () => {
  it('lets a visitor ask for a person only from an open session', () => {
    expect(ALL.filter((from) => canTransition(from, 'handoff'))).toEqual(['open']);
  });

  it('lets an agent take a session that is open, waiting for a person, or held by someone else', () => {
    expect(ALL.filter((from) => canTransition(from, 'agent'))).toEqual([
      'open',
      'handoff',
      'agent',
    ]);
  });

  it('hands back to the assistant only what a person was asked for or holds', () => {
    expect(ALL.filter((from) => canTransition(from, 'open'))).toEqual(['handoff', 'agent']);
  });

  it('closes anything not closed, and nothing leaves closed', () => {
    expect(ALL.filter((from) => canTransition(from, 'closed'))).toEqual([
      'open',
      'handoff',
      'agent',
    ]);
    expect(allowed('closed')).toEqual([]);
  });

  it('has a row for every status the protocol knows', () => {
    expect(Object.keys(SESSION_TRANSITIONS).sort()).toEqual([...ALL].sort());
  });
});
