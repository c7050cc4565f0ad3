import postgres from 'postgres';
import { drizzle, PostgresJsSession, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import * as schema from './schema.js';

export type Db = PostgresJsDatabase<typeof schema> & { $client: postgres.Sql };
/** A drizzle transaction handle, or the database itself where no transaction is needed. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

export interface Database {
  sql: postgres.Sql;
  db: Db;
  close(): Promise<void>;
}

// drizzle asks postgres.js not to prepare its (unnamed) queries, and postgres.js then describes
// every query with parameters before running it: two round trips per statement. Prepared, a
// statement takes one round trip once its connection has seen it. Plans stay as they were: each
// execution is planned with its values (plan_cache_mode below), as an unprepared query is.
const prepareQuery = PostgresJsSession.prototype.prepareQuery;
PostgresJsSession.prototype.prepareQuery = function (this: unknown, ...args: Parameters<typeof prepareQuery>) {
  args[2] ??= '';
  return prepareQuery.apply(this, args);
} as typeof prepareQuery;

export function connect(url: string, opts: { max?: number; debug?: postgres.Options<Record<string, never>>['debug'] } = {}): Database {
  const sql = postgres(url, {
    max: opts.max ?? 10,
    onnotice: () => {},
    idle_timeout: 30,
    connect_timeout: 10,
    connection: { plan_cache_mode: 'force_custom_plan' },
    // postgres.js waits up to 20 s before reusing a connection after repeated failures, so after
    // a database restart messages would sit that long behind a closed connection; a second is enough.
    backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1),
    ...(opts.debug ? { debug: opts.debug } : {}),
  });
  const db = drizzle(sql, { schema });
  return { sql, db, close: () => sql.end({ timeout: 5 }) };
}
