import { loadConfig, type Config } from '../../src/config.js';
import type { Db } from '../../src/db/connect.js';
import { bills, units } from '../../src/db/schema.js';
import { silentLogger } from '../../src/log.js';
import { parseScript } from '../../src/sim/script.js';
import { runScript } from '../../src/sim/run-script.js';
import { freshDatabase } from '../helpers/db.js';
import { testClassifier, type SaidLine } from '../helpers/simulate.js';

export interface SeedBill { community: string; building: string; unit: string; period: string; amountCents: number; dueDate: string }

/**
 * Like `simulate`, with bills in the ledger before the script starts; returns what the bot said.
 * `inspect` looks at the database once the script has run.
 */
export async function simulateWithLedger(seed: SeedBill[], script: object[], env: Record<string, string> = {}, inspect?: (db: Db, config: Config) => Promise<void>): Promise<SaidLine[]> {
  const db = await freshDatabase();
  const raw: string[] = [];
  try {
    await seedBills(db.db, seed);
    const config = loadConfig({ ...env });
    await runScript(parseScript(script.map((l) => JSON.stringify(l)).join('\n')), {
      db: db.db, config, classifier: await testClassifier(), log: silentLogger, out: (l) => raw.push(l),
    });
    await inspect?.(db.db, config);
  } finally {
    await db.dispose();
  }
  return raw.slice(0, -1).map((l) => JSON.parse(l) as SaidLine);
}

export async function seedBills(db: Db, seed: SeedBill[]): Promise<void> {
  for (const b of seed) {
    const [u] = await db.insert(units).values({ community: b.community, building: b.building, unit: b.unit })
      .onConflictDoUpdate({ target: [units.community, units.building, units.unit], set: { unit: b.unit } }).returning();
    await db.insert(bills).values({ unitId: u!.id, period: b.period, amountCents: b.amountCents, dueDate: b.dueDate });
  }
}
