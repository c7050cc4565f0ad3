/**
 * Child process of `npm run bench`: start to ready (embedded database started, migrations
 * checked, model loaded, core built), timed from this process's own start.
 */
import { performance } from 'node:perf_hooks';
import { systemClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/boot.js';
import { createCore } from '../src/core.js';
import { silentLogger } from '../src/log.js';
import { loadClassifier } from '../src/nlu/index.js';

const dataDir = process.argv[2];
const port = process.argv[3];
if (!dataDir || !port) throw new Error('usage: cold-start.ts DATA_DIR PORT');
const config = loadConfig({ DATA_DIR: dataDir, EMBEDDED_PG_PORT: port });
const database = await openDatabase(config, silentLogger);
const dbReady = performance.now();
const classifier = await loadClassifier({ cacheDir: `${dataDir}/nlu` });
createCore({ config, clock: systemClock, log: silentLogger, db: database.db, classifier, transport: { send: async () => {} }, random: Math.random, account: 'bench' });
const ready = performance.now();
process.stdout.write(JSON.stringify({ ready_ms: Math.round(ready), db_ms: Math.round(dbReady) }) + '\n');
await database.shutdown();
