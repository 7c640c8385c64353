/**
 * The rows of a `raw: true` query as the plain objects they are: Sequelize still types them as
 * model instances. `T` is the caller's word for the selected columns.
 */
export async function rawRows<T>(query: Promise<readonly object[]>): Promise<T[]> {
  const rows: unknown[] = [...(await query)];
  return rows as T[];
}
