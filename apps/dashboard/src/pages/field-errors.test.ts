import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/api-client.ts';
import { fieldErrorOf, FormFieldError } from './field-errors.ts';
import type { FieldSpec } from './resource-specs.ts';

const fields: FieldSpec[] = [
  { name: 'name', label: 'Name', kind: 'text' },
  { name: 'primaryColor', label: 'Colour', kind: 'color' },
  { name: 'locale', label: 'Locale', kind: 'text', invalidText: 'Must be a code like en.' },
  { name: 'allowedOrigins', label: 'Allowed origins', kind: 'list' },
  { name: 'contextRoutes', label: 'Page routes', kind: 'routes' },
  { name: 'cacheTtlS', label: 'Cache TTL', kind: 'number' },
];
const invalid = (field: string, message: string) =>
  new ApiError(400, {
    error: { code: 'INVALID_PAYLOAD', message: `${field}: ${message}`, details: { field } },
  });

describe('fieldErrorOf', () => {
  it('puts the server’s own words at the field, without the API’s field name', () => {
    expect(fieldErrorOf(fields, invalid('primaryColor', 'must be a colour like #4f46e5'))).toEqual({
      name: 'primaryColor',
      text: 'Must be a colour like #4f46e5.',
    });
  });

  it('says the validator’s phrasings in plain words', () => {
    const say = (field: string, message: string) =>
      fieldErrorOf(fields, invalid(field, message))?.text;
    expect(say('name', 'Too small: expected string to have >=1 characters')).toBe(
      'Cannot be empty.',
    );
    expect(say('name', 'Too big: expected string to have <=255 characters')).toBe(
      'Too long: at most 255 characters.',
    );
    expect(say('cacheTtlS', 'Too small: expected number to be >=0')).toBe('Must be at least 0.');
    expect(say('cacheTtlS', 'Invalid input: expected int, received number')).toBe(
      'Must be a whole number.',
    );
    expect(say('name', 'Invalid input: expected string, received undefined')).toBe(
      'Cannot be empty.',
    );
    // A bare "Invalid input" (a union, e.g. an IPv4 or IPv6 address) says the field's own words.
    expect(say('locale', 'Invalid input')).toBe('Must be a code like en.');
    expect(say('locale', 'Invalid string: must match pattern /^[a-z]{2}$/')).toBe(
      'Must be a code like en.',
    );
  });

  it('names the line or route of a list at fault', () => {
    expect(
      fieldErrorOf(fields, invalid('allowedOrigins.1', 'must be an origin like https://a.example'))
        ?.text,
    ).toBe('Line 2: Must be an origin like https://a.example.');
    expect(fieldErrorOf(fields, invalid('contextRoutes.0.contextRuleId', 'Invalid UUID'))).toEqual({
      name: 'contextRoutes',
      text: 'Route 1 rule: Choose one from the list.',
    });
  });

  it('leaves errors about no shown field to the form’s bottom note', () => {
    expect(fieldErrorOf(fields, invalid('zIndex', 'Too big'))).toBeNull();
    expect(
      fieldErrorOf(fields, new ApiError(409, { error: { code: 'CONFLICT', message: 'Taken' } })),
    ).toBeNull();
    expect(fieldErrorOf(fields, new Error('network'))).toBeNull();
  });

  it('passes the form’s own findings through as sentences', () => {
    expect(
      fieldErrorOf(fields, new FormFieldError('contextRoutes', 'Route 1: choose a rule')),
    ).toEqual({
      name: 'contextRoutes',
      text: 'Route 1: choose a rule.',
    });
  });
});
