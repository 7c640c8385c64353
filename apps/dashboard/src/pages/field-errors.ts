import { ApiError } from '../api/api-client.ts';
import type { FieldSpec } from './resource-specs.ts';

/** An error a form shows beside one of its fields, in words its label makes sense of. */
export interface FieldError {
  /** The form field at fault (the first segment of the API's `details.field`). */
  name: string;
  text: string;
}

/** A field the form itself found wrong before asking the server (e.g. JSON that does not parse). */
export class FormFieldError extends Error {
  override readonly name = 'FormFieldError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The validator's phrasings (zod 4), said the way a person filling the form would understand
 * them. `null` means "not in the expected format": the field's own `invalidText` says better.
 */
const PHRASES: Array<[RegExp, (match: RegExpExecArray) => string | null]> = [
  [/^Too small: expected string to have >=1 characters?$/, () => 'Cannot be empty.'],
  [/^Too small: expected string to have >=(\d+)/, (m) => `Too short: at least ${m[1]} characters.`],
  [/^Too big: expected string to have <=(\d+)/, (m) => `Too long: at most ${m[1]} characters.`],
  [/^Too big: expected array to have <=(\d+)/, (m) => `Too many entries: at most ${m[1]}.`],
  [/^Too small: expected array to have >=1 items?$/, () => 'Choose at least one.'],
  [/^Too small: expected array to have >=(\d+)/, (m) => `Choose at least ${m[1]}.`],
  [/^Too small: expected number to be >=?(-?[\d.]+)/, (m) => `Must be at least ${m[1]}.`],
  [/^Too big: expected number to be <=?(-?[\d.]+)/, (m) => `Must be at most ${m[1]}.`],
  [/^Invalid input: expected \w+, received undefined$/, () => 'Cannot be empty.'],
  [/^Invalid input: expected int/, () => 'Must be a whole number.'],
  [/^Invalid input: expected number/, () => 'Must be a number.'],
  [/^Invalid UUID/, () => 'Choose one from the list.'],
  [/^Invalid option/, () => 'Choose one of the options.'],
  [/^Invalid (string|url|URL)/, () => null],
  [/^Invalid input\.?$/, () => null],
];

/** Capitalised and ending with a full stop, as a sentence under a field reads. */
function asSentence(text: string): string {
  const trimmed = text.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** The message without the `path: ` prefix the server puts before a schema failure. */
function withoutPath(message: string, path: string): string {
  return message.startsWith(`${path}: `) ? message.slice(path.length + 2) : message;
}

/** Where in a list field the fault sits: "Line 2: …" for lists, "Route 2: …" for routes. */
function positionOf(field: FieldSpec, path: string[]): string {
  const index = Number(path[1]);
  if (!Number.isInteger(index)) return '';
  const part = path[2] ? ` ${path[2] === 'contextRuleId' ? 'rule' : path[2]}` : '';
  if (field.kind === 'routes') return `Route ${index + 1}${part}: `;
  if (field.kind === 'list') return `Line ${index + 1}: `;
  return `Entry ${index + 1}: `;
}

/**
 * The field of `fields` an error of the API (or of the form) is about, with its text in plain
 * words; `null` when it is about no field the form shows (then the form says it at the bottom).
 *
 * @example
 * fieldErrorOf(fields, new ApiError(400, { error: { code: 'INVALID_PAYLOAD',
 *   message: 'primaryColor: must be a colour like #4f46e5', details: { field: 'primaryColor' } } }))
 * // → { name: 'primaryColor', text: 'Must be a colour like #4f46e5.' }
 */
export function fieldErrorOf(fields: readonly FieldSpec[], error: unknown): FieldError | null {
  if (error instanceof FormFieldError)
    return { name: error.field, text: asSentence(error.message) };
  if (!(error instanceof ApiError) || !error.field) return null;
  const path = error.field.split('.');
  const field = fields.find((candidate) => candidate.name === path[0]);
  if (!field) return null;
  const message = withoutPath(error.message, error.field);
  let text: string | null = message;
  for (const [pattern, say] of PHRASES) {
    const match = pattern.exec(message);
    if (match) {
      text = say(match);
      break;
    }
  }
  const plain = text === null ? (field.invalidText ?? 'Not in the expected format.') : text;
  return { name: field.name, text: positionOf(field, path) + asSentence(plain) };
}
