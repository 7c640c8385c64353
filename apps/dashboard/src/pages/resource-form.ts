import type { FieldSpec } from './resource-specs.ts';

/** What a field shows in its input for a stored value. */
export function toInputValue(field: FieldSpec, value: unknown): string | boolean {
  if (field.kind === 'bool')
    return value === undefined ? field.isDefaultOn === true : value === true;
  if (field.kind === 'secret' || value === null || value === undefined) return '';
  if (field.kind === 'list') return (value as string[]).join('\n');
  if (field.kind === 'json') return JSON.stringify(value, null, 2);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * The request body from a form: lists split by line or comma, numbers parsed, JSON parsed,
 * empty optional text as null, secrets only when typed.
 */
export function toBody(
  fields: FieldSpec[],
  values: Record<string, string | boolean>,
  isNew: boolean,
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of fields) {
    if (field.isCreateOnly && !isNew) continue;
    const raw = values[field.name];
    if (field.kind === 'bool') {
      if (raw !== undefined) body[field.name] = raw === true;
      continue;
    }
    const text = typeof raw === 'string' ? raw.trim() : '';
    if (field.kind === 'select' && text === '') continue;
    if (field.kind === 'secret' || (isNew && text === '' && !field.isRequired)) {
      if (text !== '') body[field.name] = text;
      continue;
    }
    if (text === '') body[field.name] = field.isRequired ? '' : null;
    else if (field.kind === 'list')
      body[field.name] = text
        .split(/[\n,]/)
        .map((item) => item.trim())
        .filter(Boolean);
    else if (field.kind === 'number') body[field.name] = Number(text);
    else if (field.kind === 'json') body[field.name] = JSON.parse(text) as unknown;
    else body[field.name] = text;
  }
  return body;
}

/**
 * The fields of an edit that differ from what was loaded, so a PATCH never rewrites what the
 * admin did not touch (a field the form could not show stays as stored).
 */
export function changedOnly(
  body: Record<string, unknown>,
  before: Record<string, unknown>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(body).filter(
      ([key, value]) => JSON.stringify(value) !== JSON.stringify(before[key]),
    ),
  );
}
