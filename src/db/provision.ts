import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import type { Logger } from '../log.js';
import { startEmbeddedPostgres } from './embedded.js';

export interface Provisioned {
  url: string;
  dispose(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** A new, empty database on an existing server; dropped on dispose. */
export async function createScratchDatabase(serverUrl: string, prefix = 'linli_scratch'): Promise<Provisioned> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  return {
    url: withDatabase(serverUrl, name),
    async dispose() {
      const a = postgres(serverUrl, { max: 1, onnotice: () => {} });
      try {
        await a.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await a.end();
      }
    },
  };
}

/** A throw-away embedded server in a temporary directory (for `simulate` with no DATABASE_URL). */
export async function startScratchServer(log: Logger, port: number): Promise<Provisioned> {
  const dir = mkdtempSync(path.join(tmpdir(), 'linli-pg-'));
  chmodSync(dir, 0o755); // the server may run as the postgres user (when we are root)
  const server = await startEmbeddedPostgres(dir, port, log);
  return {
    url: server.url,
    async dispose() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
