import { QueryTypes } from 'sequelize';
import { AppError } from '@parley/protocol';
import { sqlDateTime, type Model, type ModelStatic } from '@parley/db';

/**
 * `If-Match: "<updatedAt>"` on a PATCH: the edit started from the resource as it was then. If
 * someone saved it since, the change is refused rather than silently undoing theirs (two admins
 * in two tabs). Without the header, or for a resource without `updatedAt`, nothing is checked.
 *
 * The check claims the row: one conditional UPDATE moves `updatedAt` on only if it still holds
 * the copy's time, so of two saves from the same copy arriving together exactly one passes
 * (compared in memory, both did). Answers how to give the claim back if the save then fails
 * (a duplicate name, say), so fixing the form and saving again is not refused as stale.
 *
 * Not one transaction with the save (resources' own `save` run theirs): between the claim and
 * the release of a refused save, a few milliseconds, another save from the same copy is told
 * the copy is stale.
 */
export async function claimUnchangedSince<M extends Model>(
  model: ModelStatic<M>,
  row: M,
  ifMatch: string | undefined,
): Promise<(() => Promise<void>) | undefined> {
  if (!ifMatch) return undefined;
  const seen: unknown = row.get('updatedAt');
  if (!(seen instanceof Date)) return undefined;
  const expected = ifMatch.replace(/^W\//, '').replace(/^"|"$/g, '');
  if (expected !== seen.toISOString()) throw staleCopy(seen);
  const id: unknown = row.get(model.primaryKeyAttribute);
  const claimedAt = new Date(Math.max(Date.now(), seen.getTime() + 1));
  // Raw: Sequelize's `Model.update` drops an explicit `updatedAt` when told not to set its own.
  const sequelize = model.sequelize!;
  const quoted = sequelize.getQueryInterface();
  const attributes = model.getAttributes();
  const name = model.getTableName();
  const table = quoted.quoteIdentifier(typeof name === 'string' ? name : name.tableName);
  const key = quoted.quoteIdentifier(attributes[model.primaryKeyAttribute]?.field ?? 'id');
  const column = quoted.quoteIdentifier(attributes.updatedAt?.field ?? 'updated_at');
  const moveFrom = async (from: Date, to: Date): Promise<number> => {
    const [, changed] = await sequelize.query(
      `UPDATE ${table} SET ${column} = ? WHERE ${key} = ? AND ${column} = ?`,
      {
        replacements: [sqlDateTime(sequelize, to), id, sqlDateTime(sequelize, from)],
        type: QueryTypes.UPDATE,
      },
    );
    return changed;
  };
  const claimed = await moveFrom(seen, claimedAt);
  await reloadOrGone(row);
  if (claimed === 0) throw staleCopy(row.get('updatedAt') as Date);
  return async () => {
    await moveFrom(claimedAt, seen);
    await reloadOrGone(row);
  };
}

/** The row as stored now; deleted meanwhile, the edit has nothing left to change. */
async function reloadOrGone(row: Model): Promise<void> {
  try {
    await row.reload();
  } catch {
    throw new AppError('NOT_FOUND', 'This was deleted while you were editing it');
  }
}

function staleCopy(updatedAt: Date): AppError {
  return new AppError(
    'CONFLICT',
    'Someone saved this since you opened it; reload to see their changes, then edit again',
    { updatedAt: updatedAt.toISOString() },
  );
}
