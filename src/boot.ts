import 'dotenv/config';
import { createServer } from 'node:net';
import { ConfigError, loadConfig, type Config } from './config.js';
import { connect, type Database } from './db/connect.js';
import { startEmbeddedPostgres } from './db/embedded.js';
import { runMigrations } from './db/migrate.js';
import type { Logger } from './log.js';

/** Loads the configuration or stops the process with a message naming the bad variable. */
export function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${e.message}\nSee .env.example for every variable and its default.\n`);
      process.exit(1);
    }
    throw e;
  }
}

export interface OpenedDatabase extends Database {
  /** closes the pool and stops the embedded server, if any */
  shutdown(): Promise<void>;
  embedded: boolean;
}

/** DATABASE_URL when set, otherwise the embedded server in DATA_DIR; migrations applied. */
export async function openDatabase(config: Config, log: Logger): Promise<OpenedDatabase> {
  const server = config.databaseUrl ? null : await startEmbeddedPostgres(config.dataDir, config.embeddedPgPort, log);
  const url = config.databaseUrl ?? server!.url;
  const database = connect(url);
  try {
    await runMigrations(database.sql);
  } catch (e) {
    await database.close();
    await server?.stop();
    throw e;
  }
  return {
    ...database,
    embedded: !!server,
    async shutdown() {
      await database.close();
      await server?.stop();
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
