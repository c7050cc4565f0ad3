/**
 * npm run migrate — applies the committed migrations to DATABASE_URL's database, or to the
 * embedded server in DATA_DIR when DATABASE_URL is unset; prints `applied <name>` for each one
 * applied, or `nothing to apply`, and exits (1 with a reason when it cannot).
 */
import { configOrExit } from '../boot.js';
import { connect } from '../db/connect.js';
import { startEmbeddedPostgres, type EmbeddedServer } from '../db/embedded.js';
import { runMigrations } from '../db/migrate.js';
import { createLogger } from '../log.js';

const config = configOrExit();
const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
let server: EmbeddedServer | null = null;
let status = 0;
try {
  server = config.databaseUrl ? null : await startEmbeddedPostgres(config.dataDir, config.embeddedPgPort, log);
  const database = connect(config.databaseUrl ?? server!.url, { max: 1 });
  try {
    const applied = await runMigrations(database.sql);
    process.stdout.write(applied.length ? applied.map((t) => `applied ${t}\n`).join('') : 'nothing to apply\n');
  } finally {
    await database.close();
  }
} catch (e) {
  process.stderr.write(`Cannot migrate: ${e instanceof Error ? e.message : String(e)}\n`);
  status = 1;
} finally {
  await server?.stop();
}
process.exit(status);
