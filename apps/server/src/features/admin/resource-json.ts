import { AppError, ZIdSchema } from '@parley/protocol';

/** A UUID from a path or a body; anything else is `INVALID_PAYLOAD` naming the field. */
export function parseId(value: unknown, field = 'id'): string {
  const parsed = ZIdSchema.safeParse(value);
  if (!parsed.success) throw new AppError('INVALID_PAYLOAD', `${field} must be a UUID`, { field });
  return parsed.data;
}

/**
 * Checks that referenced rows exist, so a typo'd id is refused instead of stored dangling.
 *
 * @example
 * await assertExists(ContextRule, input.contextRuleId, 'contextRuleId');
 */
export async function assertExists(
  model: { count(options: { where: { id: string | string[] } }): Promise<number> },
  ids: string | readonly string[] | null | undefined,
  field: string,
): Promise<void> {
  if (ids === null || ids === undefined) return;
  const list = [...new Set(typeof ids === 'string' ? [ids] : ids)];
  if (list.length === 0) return;
  const found = await model.count({ where: { id: list } });
  if (found !== list.length)
    throw new AppError('INVALID_PAYLOAD', `${field} refers to something that does not exist`, {
      field,
    });
}
