/**
 * Child process of `npm run bench`: resident memory of the bot with 2,000 rooms and 100,000
 * residents in its database (seeded by the runner: seedBenchRooms, seedResidents), after handling a message
 * from each of 2,000 residents spread over every room. (The WeChat client itself runs in the
 * puppet service's process, not in ours.)
 */
import { systemClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { connect } from '../src/db/connect.js';
import { createCore } from '../src/core.js';
import { silentLogger } from '../src/log.js';
import { loadClassifier } from '../src/nlu/index.js';
import { benchMessage } from './pipeline.js';

const url = process.argv[2];
if (!url) throw new Error('usage: memory.ts DATABASE_URL');
const ROOMS = 2000;
const RESIDENTS = 100_000;
const database = connect(url, { max: 10 });
const classifier = await loadClassifier();
let handled = 0;
const N = 2000;
let resolveAll!: () => void;
const all = new Promise<void>((r) => { resolveAll = r; });
const core = createCore({
  config: loadConfig({}), clock: systemClock, log: silentLogger, db: database.db, classifier,
  transport: { send: async () => {} }, random: Math.random, account: 'bench',
  onHandled: () => { if (++handled === N) resolveAll(); },
});
for (let i = 0; i < N; i++) void core.recorder.receive({ ...benchMessage(i * 50, ROOMS), talkerId: `wxid_bench_${i * 50}` });
await all;
global.gc?.();
const rss = process.memoryUsage().rss;
process.stdout.write(JSON.stringify({ rss_mb: Math.round(rss / 1024 / 1024), rooms: ROOMS, residents: RESIDENTS, handled }) + '\n');
await database.close();
