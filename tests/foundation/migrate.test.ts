import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { MIGRATIONS_DIR, migrationTags, runMigrations } from '../../src/db/migrate.js';
import { createScratchDatabase, type Provisioned } from '../../src/db/provision.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const RELEASES = path.join(ROOT, 'tests/fixtures/releases');
const releases = readdirSync(RELEASES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

const opened: { db: Provisioned; sql: postgres.Sql }[] = [];
async function scratch(): Promise<{ url: string; sql: postgres.Sql }> {
  const db = await createScratchDatabase(inject('pgServerUrl'), 'linli_migrate');
  const sql = postgres(db.url, { max: 1, onnotice: () => {} });
  opened.push({ db, sql });
  return { url: db.url, sql };
}
afterAll(async () => {
  for (const { db, sql } of opened) {
    await sql.end();
    await db.dispose();
  }
});

interface Column { table_name: string; column_name: string; data_type: string; is_nullable: string; column_default: string | null }

/** A row in every table, whatever the schema: required columns get a value of their type, foreign keys the parent's row. */
async function fillEveryTable(sql: postgres.Sql): Promise<string[]> {
  const columns = await sql<Column[]>`
    select table_name, column_name, data_type, is_nullable, column_default from information_schema.columns
    where table_schema = 'public' order by table_name, ordinal_position`;
  const fks = await sql<{ table_name: string; column_name: string; parent: string; parent_column: string }[]>`
    select kcu.table_name, kcu.column_name, ccu.table_name as parent, ccu.column_name as parent_column
    from information_schema.table_constraints tc
    join information_schema.key_column_usage kcu on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema
    join information_schema.constraint_column_usage ccu on ccu.constraint_name = tc.constraint_name and ccu.table_schema = tc.table_schema
    where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = 'public'`;
  const tables = [...new Set(columns.map((c) => c.table_name))];
  const done = new Map<string, Record<string, unknown>>();
  const valueOf = (c: Column): unknown => {
    const fk = fks.find((f) => f.table_name === c.table_name && f.column_name === c.column_name);
    if (fk) return done.get(fk.parent)![fk.parent_column];
    switch (c.data_type) {
      case 'integer': case 'bigint': case 'smallint': case 'numeric': case 'real': case 'double precision': return 1;
      case 'boolean': return false;
      case 'timestamp with time zone': case 'timestamp without time zone': return new Date('2026-11-23T01:00:00Z');
      case 'date': return '2026-11-23';
      case 'jsonb': case 'json': return sql.json({});
      case 'ARRAY': return [];
      default: return `${c.table_name}-${c.column_name}`;
    }
  };
  while (done.size < tables.length) {
    const ready = tables.filter((t) => !done.has(t) && fks.filter((f) => f.table_name === t).every((f) => done.has(f.parent) || f.parent === t));
    expect(ready.length, 'foreign keys form a cycle').toBeGreaterThan(0);
    for (const t of ready) {
      const required = columns.filter((c) => c.table_name === t && c.is_nullable === 'NO' && c.column_default === null);
      const row = Object.fromEntries(required.map((c) => [c.column_name, valueOf(c)]));
      const [inserted] = required.length
        ? await sql`insert into ${sql(t)} ${sql(row as Record<string, postgres.SerializableParameter>)} returning *`
        : await sql`insert into ${sql(t)} default values returning *`;
      done.set(t, inserted!);
    }
  }
  return tables;
}

/** Tables, columns, indexes and constraints of the public schema, for comparison. */
async function schemaOf(sql: postgres.Sql): Promise<unknown> {
  return {
    columns: await sql`select table_name, column_name, data_type, udt_name, is_nullable, column_default, ordinal_position
      from information_schema.columns where table_schema = 'public' order by table_name, column_name`,
    indexes: await sql`select tablename, indexname, indexdef from pg_indexes where schemaname = 'public' order by tablename, indexname`,
    constraints: await sql`select conrelid::regclass::text as tbl, conname, pg_get_constraintdef(oid) as def
      from pg_constraint where connamespace = 'public'::regnamespace order by 1, 2`,
  };
}

describe('released migrations', () => {
  it('are never changed: every file of every release is in migrations/ as it was released', () => {
    expect(releases).toContain('0.1.0');
    const current = migrationTags();
    for (const release of releases) {
      const dir = path.join(RELEASES, release);
      const tags = migrationTags(dir);
      expect(current.slice(0, tags.length), `${release}: migrations/meta/_journal.json`).toEqual(tags);
      const journal = (d: string) => (JSON.parse(readFileSync(path.join(d, 'meta/_journal.json'), 'utf8')) as { entries: unknown[] }).entries;
      expect(journal(MIGRATIONS_DIR).slice(0, tags.length), `${release}: journal entries`).toEqual(journal(dir));
      for (const file of [...tags.map((t) => `${t}.sql`), ...readdirSync(path.join(dir, 'meta')).filter((f) => f.endsWith('_snapshot.json')).map((f) => `meta/${f}`)]) {
        expect(readFileSync(path.join(MIGRATIONS_DIR, file), 'utf8'), `${release}: migrations/${file} was changed after release`)
          .toBe(readFileSync(path.join(dir, file), 'utf8'));
      }
    }
  });

  it.each(releases)('a database made by release %s, with a row in every table, is upgraded by today\'s migrations; a second run changes nothing', async (release) => {
    const old = await scratch();
    const releaseTags = migrationTags(path.join(RELEASES, release));
    expect(await runMigrations(old.sql, path.join(RELEASES, release))).toEqual(releaseTags);
    const tables = await fillEveryTable(old.sql);
    expect(tables.length).toBeGreaterThanOrEqual(14);

    const upgraded = await runMigrations(old.sql);
    expect(upgraded).toEqual(migrationTags().slice(releaseTags.length));
    expect(await runMigrations(old.sql)).toEqual([]);
    for (const t of tables) {
      const [row] = await old.sql<{ n: number }[]>`select count(*)::int as n from ${old.sql(t)}`;
      expect(row!.n, `rows kept in ${t}`).toBe(1);
    }

    // the upgraded schema is the schema a new installation gets
    const fresh = await scratch();
    await runMigrations(fresh.sql);
    expect(await schemaOf(old.sql)).toEqual(await schemaOf(fresh.sql));
  });
});

describe('npm run migrate', () => {
  function migrate(url: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/migrate.ts'], {
      cwd: ROOT, env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: '' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  }

  it('prints what it applied, then that there is nothing to apply, and exits 0; an unreachable server exits 1 with the reason', async () => {
    const db = await scratch();
    const first = await migrate(db.url);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toBe(migrationTags().map((t) => `applied ${t}\n`).join(''));
    const second = await migrate(db.url);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toBe('nothing to apply\n');

    const url = new URL(db.url);
    url.pathname = '/linli_no_such_database';
    const failed = await migrate(url.toString());
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^Cannot migrate: .*linli_no_such_database/);
  }, 60_000);
});
