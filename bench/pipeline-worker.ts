/**
 * One bot process of the three-process pipeline benchmark (bench/accounts.ts).
 * usage: pipeline-worker.ts DATABASE_URL ACCOUNT INDEX OF N — handles N messages in the groups
 * whose number is INDEX modulo OF, as account ACCOUNT. Prints READY, waits for GO on stdin, hands
 * the N messages to its recorder and prints {"t0"} (wall-clock ms); runs until stdin closes. Any
 * process handles any pending message, so the parent watches the database for the end.
 */
import { createInterface } from 'node:readline';
import { systemClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { createCore } from '../src/core.js';
import { connect } from '../src/db/connect.js';
import { silentLogger } from '../src/log.js';
import { loadClassifier } from '../src/nlu/index.js';
import { benchMessage } from './pipeline.js';

const [url, account, index, of, count] = process.argv.slice(2);
const database = connect(url!, { max: 6 });
const n = Number(count);
const core = createCore({
  config: loadConfig({ PROCESS_CONCURRENCY: process.env.PROCESS_CONCURRENCY, BOT_ACCOUNT: account }), clock: systemClock, log: silentLogger,
  db: database.db, classifier: await loadClassifier(), transport: { send: async () => {} }, random: Math.random, account: account!,
});
await core.presence.login(null);
process.stdout.write('READY\n');
const input = createInterface({ input: process.stdin });
await new Promise<void>((resolve) => input.once('line', () => resolve()));
const t0 = Date.now();
// the groups of this process: every OF-th of the 300, starting at INDEX
for (let i = 0; i < n; i++) void core.recorder.receive(benchMessage(i * Number(of) + Number(index), 300));
process.stdout.write(JSON.stringify({ t0 }) + '\n');
await new Promise<void>((resolve) => input.once('close', () => resolve()));
await database.close();
process.exit(0);
