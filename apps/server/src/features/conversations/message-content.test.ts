import { describe, expect, it } from 'vitest';
import { assertMessageContent } from './message-content.ts';

const refusal = (content: string, max = 10) => {
  try {
    assertMessageContent(content, max);
    return null;
  } catch (error) {
    const { code, message, details } = error as { code: string; message: string; details: unknown };
    return { code, message, details };
  }
};

describe('the content check every person’s message passes', () => {
  it('refuses empty and whitespace-only text, naming the field', () => {
    for (const content of ['', '   ', '\n\t'])
      expect(refusal(content)).toEqual({
        code: 'INVALID_PAYLOAD',
        message: 'content must not be empty',
        details: { field: 'content' },
      });
  });

  it('refuses text over the limit with the limit, and accepts it at the limit', () => {
    expect(refusal('x'.repeat(11))).toEqual({
      code: 'MESSAGE_TOO_LONG',
      message: 'A message can be at most 10 characters',
      details: { field: 'content', max: 10 },
    });
    expect(refusal('x'.repeat(10))).toBeNull();
  });
});
