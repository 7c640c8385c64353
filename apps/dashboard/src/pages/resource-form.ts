import { FormFieldError } from './field-errors.ts';
import { toOfficeHoursBody, toOfficeHoursForm, type OfficeHoursForm } from './office-hours-form.ts';
import type { FieldSpec } from './resource-specs.ts';

/** One row of the route editor: pages matching `pattern` use the rule `contextRuleId`. */
export interface RouteRow {
  pattern: string;
  contextRuleId: string;
}

/** What a form keeps for one field while it is edited. */
export type FormValue = string | boolean | string[] | RouteRow[] | OfficeHoursForm;
export type FormValues = Record<string, FormValue>;

/** What a field shows in its input for a stored value. */
export function toInputValue(field: FieldSpec, value: unknown): FormValue {
  if (field.kind === 'bool')
    return value === undefined ? field.isDefaultOn === true : value === true;
  if (field.kind === 'refs') return Array.isArray(value) ? value.map(String) : [];
  if (field.kind === 'routes')
    return Array.isArray(value)
      ? value.map((row: Partial<RouteRow>) => ({
          pattern: String(row.pattern ?? ''),
          contextRuleId: String(row.contextRuleId ?? ''),
        }))
      : [];
  if (field.kind === 'officeHours') return toOfficeHoursForm(value);
  if (field.kind === 'secret' || value === null || value === undefined) return '';
  if (field.kind === 'list') return (value as string[]).join('\n');
  if (field.kind === 'json') return JSON.stringify(value, null, 2);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The routes worth sending: blank rows dropped; a half-filled row is the admin's mistake. */
function toRoutes(field: FieldSpec, rows: RouteRow[]): RouteRow[] {
  const filled = rows
    .map((row) => ({ pattern: row.pattern.trim(), contextRuleId: row.contextRuleId }))
    .filter((row) => row.pattern !== '' || row.contextRuleId !== '');
  filled.forEach((row, index) => {
    if (row.pattern === '')
      throw new FormFieldError(
        field.name,
        `Route ${index + 1}: type the pages it covers, e.g. /docs/*`,
      );
    if (row.contextRuleId === '')
      throw new FormFieldError(field.name, `Route ${index + 1}: choose the rule for these pages`);
  });
  return filled;
}

/** A JSON field's value, or the parser's complaint said at that field. */
function parseJson(field: FieldSpec, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new FormFieldError(field.name, `Not valid JSON (${why})`);
  }
}

/** A picked or routed collection: `[]` on a new item is left out, an emptied one is cleared. */
function collectionValue(items: unknown[], isNew: boolean): unknown[] | null | undefined {
  if (items.length > 0) return items;
  return isNew ? undefined : null;
}

/**
 * The request body from a form: lists split by line or comma, numbers parsed, JSON parsed,
 * empty optional text as null, secrets only when typed. A value the form can tell is wrong
 * throws a `FormFieldError` naming its field.
 */
export function toBody(
  fields: FieldSpec[],
  values: FormValues,
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
    if (field.kind === 'refs' || field.kind === 'routes') {
      const items = Array.isArray(raw) ? raw : [];
      const value = collectionValue(
        field.kind === 'routes' ? toRoutes(field, items as RouteRow[]) : items,
        isNew,
      );
      if (value !== undefined) body[field.name] = value;
      continue;
    }
    if (field.kind === 'officeHours') {
      const hours = toOfficeHoursBody(
        field.name,
        (raw as OfficeHoursForm | undefined) ?? toOfficeHoursForm(null),
      );
      // A new widget without office hours leaves the column to its default.
      if (hours !== null || !isNew) body[field.name] = hours;
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
    else if (field.kind === 'json') body[field.name] = parseJson(field, text);
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
