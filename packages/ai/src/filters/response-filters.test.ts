import { describe, expect, it } from 'vitest';
import { evaluate } from '@parley/moderation';
import { isAppError } from '@parley/protocol';
import { applyResponseFilters, validateResponseFilters } from './response-filters.ts';

function codeOf(run: () => unknown): { code: string; field: unknown } | null {
  try {
    run();
    return null;
  } catch (error) {
    return isAppError(error)
      ? { code: error.code, field: error.details?.field }
      : { code: 'other', field: null };
  }
}

describe('validateResponseFilters', () => {
  it('accepts every filter type', () => {
    const filters = validateResponseFilters([
      { type: 'redact', pattern: '\\d{3}-\\d{4}', replacement: '[phone]' },
      { type: 'max_length', maxLength: 500 },
      { type: 'block_if_matches', pattern: 'competitor', fallback: 'I cannot talk about that.' },
      { type: 'allow_links', domains: ['example.com'] },
      { type: 'append', text: 'Anything else?' },
    ]);
    expect(filters).toHaveLength(5);
  });
  it('refuses bad shapes and unsafe patterns, naming the field', () => {
    expect(codeOf(() => validateResponseFilters([{ type: 'shout' }]))).toEqual({
      code: 'INVALID_PAYLOAD',
      field: 'responseFilters.0.type',
    });
    expect(
      codeOf(() => validateResponseFilters([{ type: 'max_length', maxLength: 0 }]))?.field,
    ).toBe('responseFilters.0.maxLength');
    expect(
      codeOf(() => validateResponseFilters([{ type: 'redact', pattern: '([a', replacement: '' }])),
    ).toEqual({
      code: 'INVALID_PAYLOAD',
      field: 'responseFilters.0.pattern',
    });
    // Patterns that need backtracking, or match empty text, are refused with the reason.
    const backtracking = codeOf(() =>
      validateResponseFilters([
        { type: 'append', text: 'x' },
        { type: 'block_if_matches', pattern: '(a+)\\1', fallback: 'no' },
      ]),
    );
    expect(backtracking).toEqual({ code: 'INVALID_PAYLOAD', field: 'responseFilters.1.pattern' });
    expect(
      codeOf(() => validateResponseFilters([{ type: 'redact', pattern: 'a*', replacement: '' }]))
        ?.code,
    ).toBe('INVALID_PAYLOAD');
    expect(
      codeOf(() =>
        validateResponseFilters([{ type: 'redact', pattern: 'x'.repeat(201), replacement: '' }]),
      )?.code,
    ).toBe('INVALID_PAYLOAD');
  });
});

describe('applyResponseFilters', () => {
  it('applies filters in order', () => {
    const result = applyResponseFilters('Call 555-1234 or 555-9876 today, we are happy to help', [
      { type: 'redact', pattern: '\\d{3}-\\d{4}', replacement: '[phone]' },
      { type: 'max_length', maxLength: 30 },
      { type: 'append', text: 'Bye' },
    ]);
    expect(result.text).toBe('Call [phone] or [phone] today…\n\nBye');
    expect(result.applied).toEqual(['redact', 'max_length', 'append']);
  });
  it('redacts case-insensitively, keeping the rest of the text as written', () => {
    const filters = validateResponseFilters([
      { type: 'redact', pattern: 'secret code \\d+', replacement: '[hidden]' },
    ]);
    expect(applyResponseFilters('Your SECRET Code 4411 is ready, Ärger-free.', filters).text).toBe(
      'Your [hidden] is ready, Ärger-free.',
    );
  });
  it('replaces a blocked answer by the fallback, case-insensitively', () => {
    const result = applyResponseFilters('Try ACME instead', [
      { type: 'block_if_matches', pattern: 'acme', fallback: 'Sorry.' },
      { type: 'append', text: 'never' },
    ]);
    expect(result).toEqual({ text: 'Sorry.', isBlocked: true, applied: ['block_if_matches'] });
  });
  it('catches the full-width, accented and zero-width spellings a moderation rule catches', () => {
    const evasive = ['Try ＡＣＭＥ instead', 'Try ácmé instead', 'Try ac\u200bme instead'];
    const rule = {
      id: 'r1',
      pattern: 'acme',
      isRegex: true,
      action: 'block' as const,
      isActive: true,
    };
    for (const answer of evasive) {
      expect(evaluate(answer, [rule]).action).toBe('block');
      expect(
        applyResponseFilters(answer, [
          { type: 'block_if_matches', pattern: 'acme', fallback: 'Sorry.' },
        ]),
      ).toMatchObject({ text: 'Sorry.', isBlocked: true });
    }
    // Redaction replaces exactly the characters written, whatever their spelling.
    expect(
      applyResponseFilters('Call ＡＣＭＥ now', [
        { type: 'redact', pattern: 'acme', replacement: '[x]' },
      ]).text,
    ).toBe('Call [x] now');
  });
  it('strips links outside the allowed domains, keeping the label', () => {
    const text =
      'See [docs](https://docs.example.com/a) and [evil](https://evil.test/x) or https://evil.test/y and www.example.com/z';
    expect(
      applyResponseFilters(text, [{ type: 'allow_links', domains: ['example.com'] }]).text,
    ).toBe(
      'See [docs](https://docs.example.com/a) and evil or [link removed] and www.example.com/z',
    );
  });
  it('stays fast on a long hostile answer', () => {
    const started = performance.now();
    // Classic catastrophic patterns are accepted: the linear-time engine runs them in linear time.
    const filters = validateResponseFilters([
      { type: 'redact', pattern: '(a+)+$', replacement: '' },
      { type: 'block_if_matches', pattern: '(a|aa)+b', fallback: 'blocked' },
    ]);
    expect(applyResponseFilters(`${'a'.repeat(30_000)}!`, filters)).toMatchObject({
      isBlocked: false,
    });
    applyResponseFilters(`${'a'.repeat(100_000)}!`, [
      { type: 'redact', pattern: 'a+!', replacement: '' },
      { type: 'allow_links', domains: [] },
    ]);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
