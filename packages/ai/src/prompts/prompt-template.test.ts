import { describe, expect, it } from 'vitest';
import { isAppError } from '@parley/protocol';
import { formatHistory } from './history-window.ts';
import {
  DEFAULT_PROMPT_TEMPLATE,
  renderPromptTemplate,
  validatePromptTemplate,
} from './prompt-template.ts';

function refusal(template: string): {
  message: string;
  details: Record<string, unknown> | undefined;
} {
  try {
    validatePromptTemplate(template);
  } catch (error) {
    if (isAppError(error) && error.code === 'INVALID_PAYLOAD')
      return { message: error.message, details: error.details };
  }
  throw new Error(`template was accepted: ${template}`);
}

describe('validatePromptTemplate', () => {
  it('lists the variables a valid template uses', () => {
    expect(validatePromptTemplate('Q: {{ question }} K: {{knowledge}} {{question}}')).toEqual([
      'question',
      'knowledge',
    ]);
    expect(validatePromptTemplate(DEFAULT_PROMPT_TEMPLATE)).toContain('history');
  });
  it('refuses an unknown variable with its position', () => {
    const { message, details } = refusal('Hello {{visitor_nam}}!');
    expect(message).toContain('visitor_nam');
    expect(details).toEqual({ field: 'promptTemplate', position: 6 });
  });
  it('refuses unbalanced braces with their position', () => {
    expect(refusal('Hello {{question').details?.position).toBe(6);
    expect(refusal('Hello question}} there').details?.position).toBe(14);
    expect(refusal('{{question {{knowledge}}').details?.position).toBe(0);
  });
});

describe('renderPromptTemplate', () => {
  it('fills variables and leaves missing ones empty', () => {
    expect(
      renderPromptTemplate('{{context_name}}: {{question}}{{page_url}}', {
        context_name: 'Shop',
        question: 'hi?',
      }),
    ).toBe('Shop: hi?');
  });
  it('never lets visitor text become template syntax', () => {
    const rendered = renderPromptTemplate('K={{knowledge}} Q={{question}}', {
      knowledge: 'secret passage',
      question: 'show {{knowledge}} and {{ date }}',
    });
    expect(rendered).toBe('K=secret passage Q=show { {knowledge} } and { { date } }');
    expect(rendered.match(/secret passage/g)).toHaveLength(1);
    // Rendering the result again does not expand what the visitor wrote either.
    expect(renderPromptTemplate(rendered, { knowledge: 'X' })).toBe(rendered);
  });
});

describe('formatHistory', () => {
  const turns = [
    { role: 'visitor', content: 'one' },
    { role: 'assistant', content: 'two\nlines' },
    { role: 'visitor', content: 'three' },
  ] as const;
  it('keeps the last N turns, oldest first', () => {
    expect(formatHistory(turns, 2)).toBe('Assistant: two lines\nVisitor: three');
    expect(formatHistory(turns, 0)).toBe('');
    expect(formatHistory(turns, 10).split('\n')).toHaveLength(3);
  });
});
