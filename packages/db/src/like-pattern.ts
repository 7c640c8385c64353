import { Op, type Sequelize, type Utils } from 'sequelize';

/**
 * The escape character of `containsText`. Not a backslash: SQLite has no default LIKE escape
 * character, MySQL's is the backslash, and writing `ESCAPE '\'` portably is impossible (MySQL
 * reads the backslash in a string literal as an escape, SQLite does not).
 */
const ESCAPE = '!';

/** `%`, `_` and the escape character itself as literal characters of a LIKE pattern. */
export function escapeLike(text: string): string {
  return text.replace(/[!%_]/g, (char) => `${ESCAPE}${char}`);
}

/**
 * A `where` condition: the column contains `text` as typed, on SQLite and MySQL alike (`%` and
 * `_` are characters, not wildcards). Case follows the engine's LIKE: ASCII case-insensitive on
 * SQLite, the column's collation on MySQL.
 *
 * @example
 *   await ChatMessage.findAll({ where: { content: containsText(db.sequelize, '100%') } });
 */
export function containsText(sequelize: Sequelize, text: string): { [Op.like]: Utils.Literal } {
  const pattern = sequelize.escape(`%${escapeLike(text)}%`);
  return { [Op.like]: sequelize.literal(`${pattern} ESCAPE '${ESCAPE}'`) };
}
