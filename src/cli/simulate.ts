/**
 * npm run --silent simulate -- FILE
 * Replays a conversation script through the bot on a virtual clock and prints what the bot said.
 */
import { dirname, resolve } from 'node:path';
import { configOrExit, freePort } from '../boot.js';
import { connect } from '../db/connect.js';
import { runMigrations } from '../db/migrate.js';
import { createScratchDatabase, startScratchServer } from '../db/provision.js';
import { createLogger } from '../log.js';
import { loadClassifier } from '../nlu/index.js';
import { parseScript, ScriptError } from '../sim/script.js';
import { runScript } from '../sim/run-script.js';
import { readFileArgument } from './input.js';

async function main(): Promise<number> {
  const input = readFileArgument('npm run --silent simulate -- SCRIPT.jsonl');
  if (!input) return 2;
  const { file, source } = input;
  let lines;
  try {
    // files a script sends ("file") are found next to the script
    lines = parseScript(source, { baseDir: dirname(resolve(file)) });
  } catch (e) {
    if (e instanceof ScriptError) {
      process.stderr.write(`${file}: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const config = configOrExit();
  const log = createLogger(process.env.LOG_LEVEL ? config.logLevel : 'warn');
  const scratch = config.databaseUrl
    ? await createScratchDatabase(config.databaseUrl, 'linli_sim')
    : await startScratchServer(log, await freePort());
  const database = connect(scratch.url, { max: 4 });
  try {
    await runMigrations(database.sql);
    const classifier = await loadClassifier({ log: (s) => log.info(s), urgency: config.urgency });
    await runScript(lines, { db: database.db, config, classifier, log, out: (l) => process.stdout.write(l + '\n') });
    return 0;
  } finally {
    await database.close();
    await scratch.dispose();
  }
}

main().then((code) => process.exit(code), (e) => {
  process.stderr.write(`simulate failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
