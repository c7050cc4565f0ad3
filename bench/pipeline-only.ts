/**
 * npm run bench:pipeline — only the pipeline rows of `npm run bench` (offered load and sustained),
 * for comparing a change to the message path without the cold-start and memory runs.
 */
import { freePort } from '../src/boot.js';
import { connect } from '../src/db/connect.js';
import { runMigrations } from '../src/db/migrate.js';
import { createScratchDatabase, startScratchServer } from '../src/db/provision.js';
import { silentLogger } from '../src/log.js';
import { loadClassifier } from '../src/nlu/index.js';
import { benchOfferedLoad, benchSustained, seedBenchRooms } from './pipeline.js';

const server = process.env.DATABASE_URL
  ? await createScratchDatabase(process.env.DATABASE_URL, 'linli_bench_pipeline')
  : await startScratchServer(silentLogger, await freePort());
try {
  const database = connect(server.url, { max: 10 });
  await runMigrations(database.sql);
  await seedBenchRooms(database, 200);
  const classifier = await loadClassifier();
  const offered = await benchOfferedLoad(database, classifier, 200, 10);
  const sustained = await benchSustained(database, classifier, 5000);
  await database.close();
  process.stdout.write(`${JSON.stringify({ offered_msgs_per_s: 200, ...offered, sustained_msgs_per_s: sustained.msgs_per_s })}\n`);
} finally {
  await server.dispose();
}
