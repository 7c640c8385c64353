/** Where the data lives: a MySQL/MariaDB server, or the embedded SQLite file. */
export type DatabaseTarget =
  | { dialect: 'mysql'; url: string; host: string; port: number; database: string }
  | { dialect: 'sqlite'; storage: string };

/**
 * Reads `DATABASE_URL`. Unset means the embedded SQLite file at `sqliteStorage`.
 * Throws an Error whose message is one line naming what is wrong, fit for an operator.
 *
 * @example
 * parseDatabaseUrl('mysql://parley:pw@127.0.0.1:3306/parley', './data/parley.sqlite')
 */
export function parseDatabaseUrl(value: string | undefined, sqliteStorage: string): DatabaseTarget {
  if (value === undefined || value.trim() === '')
    return { dialect: 'sqlite', storage: sqliteStorage };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error('DATABASE_URL is not a URL; expected mysql://user:password@host:3306/database');
  }
  if (url.protocol === 'sqlite:') {
    const storage = decodeURIComponent(url.pathname || url.host);
    if (!storage)
      throw new Error(
        'DATABASE_URL sqlite: URL needs a file path, e.g. sqlite:./data/parley.sqlite',
      );
    return { dialect: 'sqlite', storage };
  }
  if (url.protocol !== 'mysql:' && url.protocol !== 'mariadb:') {
    throw new Error(`DATABASE_URL must start with mysql:// (or mariadb://), got ${url.protocol}//`);
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!url.hostname)
    throw new Error('DATABASE_URL has no host; expected mysql://user:password@host:3306/database');
  if (!database)
    throw new Error(
      'DATABASE_URL has no database name; expected mysql://user:password@host:3306/database',
    );
  const port = url.port ? Number(url.port) : 3306;
  url.protocol = 'mysql:';
  return { dialect: 'mysql', url: url.toString(), host: url.hostname, port, database };
}

/** The target as it may be logged: never the password. */
export function describeTarget(target: DatabaseTarget): string {
  return target.dialect === 'sqlite'
    ? `sqlite file ${target.storage}`
    : `mysql ${target.host}:${target.port}/${target.database}`;
}
