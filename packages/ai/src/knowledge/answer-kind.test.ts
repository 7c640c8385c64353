import { describe, expect, it } from 'vitest';
import { bestCpuTimeMs } from '../test-support/best-time.ts';
import { answerKindOf, carriesAnswerKind } from './answer-kind.ts';

describe('answerKindOf', () => {
  it('reads the kind of fact asked for in every shipped language', () => {
    expect(answerKindOf('How long are preview sites kept?')).toBe('duration');
    expect(answerKindOf('how many days do I have to return it')).toBe('duration');
    expect(answerKindOf('Combien de temps dure la garantie ?')).toBe('duration');
    expect(answerKindOf('what is the price of the paid tier?')).toBe('amount');
    expect(answerKindOf('Quel est le prix ?')).toBe('amount');
    expect(answerKindOf('كم سعر الاشتراك؟')).toBe('amount');
    expect(answerKindOf('what hours is your help desk open')).toBe('time');
    expect(answerKindOf('which node version do I need')).toBe('version');
    expect(answerKindOf('how many seats can I add')).toBe('count');
  });

  it('reads a long message that repeats a cue in linear time', () => {
    // The cue for opening hours once rescanned the rest of the message at each "when is the":
    // 0.5 s for this one (96,000 characters, within a raised MAX_MESSAGE_LENGTH).
    const message = 'when is the '.repeat(8000);
    expect(bestCpuTimeMs(() => answerKindOf(message))).toBeLessThan(20);
    expect(answerKindOf('when is the shop in the old town open on sundays')).toBe('time');
  });

  it('asks for no kind when the question has no cue', () => {
    expect(answerKindOf('can I pay by credit card?')).toBeNull();
    expect(answerKindOf('where do I put my API keys')).toBeNull();
  });
});

describe('carriesAnswerKind', () => {
  it('finds a fact of the asked kind in a sentence', () => {
    expect(carriesAnswerKind('Preview releases are deleted after 7 days.', 'duration')).toBe(true);
    expect(carriesAnswerKind('Refunds take five working days.', 'duration')).toBe(true);
    expect(carriesAnswerKind('Les retours sont acceptés 30 jours.', 'duration')).toBe(true);
    expect(carriesAnswerKind('The Studio plan costs 12 euros per month.', 'amount')).toBe(true);
    expect(carriesAnswerKind('Shipping is €4.90.', 'amount')).toBe(true);
    expect(carriesAnswerKind('Open weekdays from 9:00 to 18:00.', 'time')).toBe(true);
  });

  it('does not take the topic alone for the fact', () => {
    expect(carriesAnswerKind('We do not charge a cancellation fee.', 'amount')).toBe(false);
    expect(carriesAnswerKind('Previews are deleted automatically.', 'duration')).toBe(false);
    expect(carriesAnswerKind('Skiff 2 ships daily builds.', 'duration')).toBe(false);
  });
});
