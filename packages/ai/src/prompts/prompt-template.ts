import { AppError } from '@parley/protocol';

/** The variables a template may use (SPEC §5.2). */
export const PROMPT_VARIABLES = [
  'question',
  'history',
  'knowledge',
  'context_name',
  'visitor_name',
  'page_url',
  'page_title',
  'date',
] as const;
export type PromptVariable = (typeof PROMPT_VARIABLES)[number];
export type PromptValues = Partial<Record<PromptVariable, string>>;

type Part = { kind: 'text'; text: string } | { kind: 'variable'; name: PromptVariable };

const MAX_TEMPLATE_LENGTH = 20_000;

/**
 * Parses a template once into text and variables. Refuses unknown variables and unbalanced
 * braces with the position (0-based character offset) in `details`.
 */
export function parsePromptTemplate(template: string, field = 'promptTemplate'): Part[] {
  if (template.length > MAX_TEMPLATE_LENGTH)
    throw new AppError(
      'INVALID_PAYLOAD',
      `the template is longer than ${MAX_TEMPLATE_LENGTH} characters`,
      { field },
    );
  const parts: Part[] = [];
  let cursor = 0;
  while (cursor < template.length) {
    const open = template.indexOf('{{', cursor);
    const stray = template.indexOf('}}', cursor);
    if (stray !== -1 && (open === -1 || stray < open))
      throw templateError(field, stray, `"}}" at position ${stray} has no matching "{{"`);
    if (open === -1) {
      parts.push({ kind: 'text', text: template.slice(cursor) });
      break;
    }
    if (open > cursor) parts.push({ kind: 'text', text: template.slice(cursor, open) });
    const close = template.indexOf('}}', open + 2);
    const nextOpen = template.indexOf('{{', open + 2);
    if (close === -1 || (nextOpen !== -1 && nextOpen < close))
      throw templateError(field, open, `"{{" at position ${open} is not closed`);
    const name = template.slice(open + 2, close).trim();
    if (!isPromptVariable(name))
      throw templateError(
        field,
        open,
        `unknown variable "${name}" at position ${open}; known: ${PROMPT_VARIABLES.join(', ')}`,
      );
    parts.push({ kind: 'variable', name });
    cursor = close + 2;
  }
  return parts;
}

function isPromptVariable(name: string): name is PromptVariable {
  return (PROMPT_VARIABLES as readonly string[]).includes(name);
}

function templateError(field: string, position: number, message: string): AppError {
  return new AppError('INVALID_PAYLOAD', message, { field, position });
}

/**
 * Checks a template when it is saved and returns the variables it uses.
 *
 * @example
 * validatePromptTemplate('Answer {{question}}') // ['question']
 * validatePromptTemplate('Hi {{nme}}') // throws INVALID_PAYLOAD, details.position 3
 */
export function validatePromptTemplate(template: string, field?: string): PromptVariable[] {
  const names = parsePromptTemplate(template, field).flatMap((part) =>
    part.kind === 'variable' ? [part.name] : [],
  );
  return [...new Set(names)];
}

/**
 * Makes a value inert as template syntax: braces pairs are broken up, so text that a visitor
 * wrote can never become a variable, even if the rendered prompt were rendered again.
 */
export function escapeTemplateValue(value: string): string {
  return value.replace(/\{\{/g, '{ {').replace(/\}\}/g, '} }');
}

/**
 * Renders in one pass: values are inserted after parsing, never parsed themselves, and are
 * escaped as well. Missing values render as an empty string.
 *
 * @example
 * renderPromptTemplate('Q: {{question}}', { question: '{{knowledge}}' }) // 'Q: { {knowledge} }'
 */
export function renderPromptTemplate(template: string, values: PromptValues): string {
  return parsePromptTemplate(template)
    .map((part) =>
      part.kind === 'text' ? part.text : escapeTemplateValue(values[part.name] ?? ''),
    )
    .join('');
}

/** Whether a template uses a variable (a template without `{{history}}` ignores past turns). */
export function usesVariable(template: string, name: PromptVariable): boolean {
  return validatePromptTemplate(template).includes(name);
}

/**
 * The template used when a rule has none. It leaves out `{{visitor_name}}`: a personalised
 * prompt makes answers uncacheable.
 */
export const DEFAULT_PROMPT_TEMPLATE = [
  'You are the assistant of {{context_name}}. Answer briefly and politely.',
  'Use only the knowledge below when it is relevant; say so when you do not know.',
  '',
  'Knowledge:',
  '{{knowledge}}',
  '',
  'Conversation so far:',
  '{{history}}',
  '',
  'Page: {{page_title}} {{page_url}}',
  'Date: {{date}}',
  'The visitor asks: {{question}}',
].join('\n');
