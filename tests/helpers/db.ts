import { inject } from 'vitest';
import { connect, type Database } from '../../src/db/connect.js';
import { runMigrations } from '../../src/db/migrate.js';
import { createScratchDatabase } from '../../src/db/provision.js';

export interface TestDatabase extends Database {
  url: string;
  dispose(): Promise<void>;
}

/** A new, migrated database on the test server (embedded, or DATABASE_URL's). */
export async function freshDatabase(): Promise<TestDatabase> {
  const scratch = await createScratchDatabase(inject('pgServerUrl'), 'linli_test');
  const database = connect(scratch.url, { max: 5 });
  await runMigrations(database.sql);
  return {
    ...database,
    url: scratch.url,
    async dispose() {
      await database.close();
      await scratch.dispose();
    },
  };
}
