import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type postgres from 'postgres';

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');

// Any constant works; it only has to be the same for every Linli process.
const MIGRATION_LOCK = 4_242_001;

/** The migrations' names (drizzle-kit's journal tags, e.g. `0000_init`), in order. */
export function migrationTags(folder = MIGRATIONS_DIR): string[] {
  const journal = JSON.parse(readFileSync(path.join(folder, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  return journal.entries.map((e) => e.tag);
}

/**
 * Applies the committed migrations (drizzle-kit's files, recorded in drizzle-kit's own table) in
 * one transaction that first takes an advisory lock, so instances starting together don't
 * collide. Everything runs on that one connection: waiting for the lock never holds a second
 * connection, so it cannot deadlock on a small pool. Returns the names of the migrations applied
 * (none when the database was up to date).
 *
 * Released migrations never change (tests/fixtures/releases/ keeps each release's files): a
 * schema change is a new file from `npm run db:generate`.
 */
export async function runMigrations(sql: postgres.Sql, folder = MIGRATIONS_DIR): Promise<string[]> {
  const migrations = readMigrationFiles({ migrationsFolder: folder });
  const tags = migrationTags(folder);
  const applied: string[] = [];
  await sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(${MIGRATION_LOCK})`;
    await tx`create schema if not exists drizzle`;
    await tx`create table if not exists drizzle.__drizzle_migrations (id serial primary key, hash text not null, created_at bigint)`;
    const [last] = await tx<{ created_at: string }[]>`select created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`;
    for (const [i, m] of migrations.entries()) {
      if (last && Number(last.created_at) >= m.folderMillis) continue;
      for (const statement of m.sql) await tx.unsafe(statement);
      await tx`insert into drizzle.__drizzle_migrations (hash, created_at) values (${m.hash}, ${m.folderMillis})`;
      applied.push(tags[i] ?? String(m.folderMillis));
    }
  });
  return applied;
}
