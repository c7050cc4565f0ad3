/**
 * npm run bench:statements — how many SQL statements the group-message path costs, and which.
 * Sends the bench's message mix one at a time (each waits for the previous to be handled) through a
 * core whose connection counts every statement; prints statements per message and the commonest.
 */
import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import { freePort } from '../src/boot.js';
import { systemClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { createCore } from '../src/core.js';
import type { Db } from '../src/db/connect.js';
import { runMigrations } from '../src/db/migrate.js';
import { createScratchDatabase, startScratchServer } from '../src/db/provision.js';
import * as schema from '../src/db/schema.js';
import { silentLogger } from '../src/log.js';
import { loadClassifier } from '../src/nlu/index.js';
import { benchMessage, seedBenchRooms } from './pipeline.js';

const N = Number(process.env.N ?? 2000);
/** messages per second offered; 0: one at a time */
const RATE = Number(process.env.RATE ?? 0);
/** only the bench's chit-chat (the commonest group traffic) */
const CHAT_ONLY = process.env.CHAT_ONLY === '1';
const message = (i: number) => benchMessage(CHAT_ONLY ? Math.floor(i / 6) * 10 + (i % 6) : i, 200);
const server = process.env.DATABASE_URL
  ? await createScratchDatabase(process.env.DATABASE_URL, 'linli_bench_statements')
  : await startScratchServer(silentLogger, await freePort());
try {
  let counting = false;
  const seen = new Map<string, number>();
  const client = postgres(server.url, {
    max: 10, onnotice: () => {},
    debug: (_connection, query) => {
      if (!counting) return;
      const key = query.replace(/\$\d+/g, '?').replace(/\s+/g, ' ').replace(/(\(\?(, \?)*\)(, )?)+/g, '(…)').slice(0, 160);
      seen.set(key, (seen.get(key) ?? 0) + 1);
    },
  });
  const db = drizzle(client, { schema }) as unknown as Db;
  await runMigrations(client);
  await seedBenchRooms({ sql: client, db, close: () => client.end() }, 200);
  const classifier = await loadClassifier();
  let resolveOne: () => void = () => {};
  const core = createCore({
    config: loadConfig({}), clock: systemClock, log: silentLogger, db, classifier,
    transport: { send: async () => {} }, random: Math.random, account: 'bench', onHandled: () => resolveOne(),
  });
  const one = (i: number) => new Promise<void>((r) => { resolveOne = r; void core.recorder.receive(message(i)); });
  // warm-up: every room seen once, as in a running bot
  for (let i = 0; i < 400; i++) await one(i);
  counting = true;
  if (RATE) {
    // the bench's offered load: messages arrive every 1000/RATE ms, whatever is still in flight
    let done = 0;
    await new Promise<void>((all) => {
      resolveOne = () => { if (++done === N) all(); };
      const t0 = Date.now();
      void (async () => {
        for (let i = 400; i < 400 + N; i++) {
          const wait = t0 + ((i - 400) * 1000) / RATE - Date.now();
          if (wait > 1) await new Promise((r) => setTimeout(r, wait));
          void core.recorder.receive(message(i));
        }
      })();
    });
  } else {
    for (let i = 400; i < 400 + N; i++) await one(i);
  }
  counting = false;
  const total = [...seen.values()].reduce((a, b) => a + b, 0);
  process.stdout.write(`${N} group messages${CHAT_ONLY ? ' (chit-chat only)' : ''}, ${RATE ? `${RATE} msg/s offered` : 'one at a time'}: ${(total / N).toFixed(2)} statements per message\n`);
  for (const [q, n] of [...seen].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 25))) process.stdout.write(`${(n / N).toFixed(3).padStart(7)}  ${q}\n`);
  await client.end();
} finally {
  await server.dispose();
}
