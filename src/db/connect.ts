import postgres from 'postgres';
import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import * as schema from './schema.js';

export type Db = PostgresJsDatabase<typeof schema> & { $client: postgres.Sql };
/** A drizzle transaction handle, or the database itself where no transaction is needed. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

export interface Database {
  sql: postgres.Sql;
  db: Db;
  close(): Promise<void>;
}

export function connect(url: string, opts: { max?: number } = {}): Database {
  const sql = postgres(url, {
    max: opts.max ?? 10,
    onnotice: () => {},
    idle_timeout: 30,
    connect_timeout: 10,
    // postgres.js waits up to 20 s before reusing a connection after repeated failures, so after
    // a database restart messages would sit that long behind a closed connection; a second is enough.
    backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1),
  });
  const db = drizzle(sql, { schema });
  return { sql, db, close: () => sql.end({ timeout: 5 }) };
}
