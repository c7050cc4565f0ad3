/**
 * Child process of `npm run bench`: resident memory of the bot with 2,000 rooms and 100,000
 * residents in its database, after handling a message from each of 2,000 residents spread over
 * every room. (The WeChat client itself runs in the puppet service's process, not in ours.)
 */
import { systemClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { connect } from '../src/db/connect.js';
import { bindings, contacts, units } from '../src/db/schema.js';
import { createCore } from '../src/core.js';
import { silentLogger } from '../src/log.js';
import { loadClassifier } from '../src/nlu/index.js';
import { benchMessage, seedBenchRooms } from './pipeline.js';

const url = process.argv[2];
if (!url) throw new Error('usage: memory.ts DATABASE_URL');
const ROOMS = 2000;
const RESIDENTS = 100_000;
const database = connect(url, { max: 10 });
await seedBenchRooms(database, ROOMS);
const now = new Date();
for (let i = 0; i < RESIDENTS; i += 5000) {
  const ids = Array.from({ length: 5000 }, (_, k) => i + k);
  await database.db.insert(contacts).values(ids.map((n) => ({ id: `wxid_bench_${n}`, name: `住户${n}`, updatedAt: now }))).onConflictDoNothing();
  const unitRows = await database.db.insert(units).values(ids.map((n) => ({
    community: '阳光花园', building: `${(n % ROOMS) + 1}栋`, unit: `${(n % 4) + 1}单元${n}`,
  }))).onConflictDoNothing().returning({ id: units.id });
  await database.db.insert(bindings).values(unitRows.map((u, k) => ({ contactId: `wxid_bench_${i + k}`, unitId: u.id, status: 'confirmed', createdAt: now }))).onConflictDoNothing();
}
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
for (let i = 0; i < N; i++) void core.intake.receive({ ...benchMessage(i * 50, ROOMS), talkerId: `wxid_bench_${i * 50}` });
await all;
global.gc?.();
const rss = process.memoryUsage().rss;
process.stdout.write(JSON.stringify({ rss_mb: Math.round(rss / 1024 / 1024), rooms: ROOMS, residents: RESIDENTS, handled }) + '\n');
await database.close();
