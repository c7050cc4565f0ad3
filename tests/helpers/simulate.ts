import { loadConfig, type Config } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import { DEFAULT_URGENCY_THRESHOLDS, loadClassifier, type UrgencyThresholds } from '../../src/nlu/index.js';
import type { Classifier } from '../../src/nlu/types.js';
import { parseScript } from '../../src/sim/script.js';
import { runScript } from '../../src/sim/run-script.js';
import { freshDatabase } from './db.js';
import { sharedClassifier } from './nlu.js';

export interface SaidLine { at: string; room?: string; to?: string; text: string; mentions?: string[]; media?: { name: string; type: string; size: number } }
export interface TicketLine {
  id: number; intent: string; category: string; status: string; urgent: boolean;
  room: string | null; reporter: string; unit: string | null; assignee: string | null; rating: number | null; media: number;
}
export interface SimulateResult { said: SaidLine[]; tickets: TicketLine[]; raw: string[] }

const classifiers = new Map<string, Promise<Classifier>>();

/**
 * The classifier, trained once per test run into its temporary NLU_CACHE_DIR and loaded from
 * there; other urgency thresholds load the same cached model once per file.
 */
export function testClassifier(urgency: UrgencyThresholds = DEFAULT_URGENCY_THRESHOLDS): Promise<Classifier> {
  const key = `${urgency.urgent}/${urgency.possibly}`;
  if (key === `${DEFAULT_URGENCY_THRESHOLDS.urgent}/${DEFAULT_URGENCY_THRESHOLDS.possibly}`) return sharedClassifier();
  let classifier = classifiers.get(key);
  if (!classifier) {
    classifiers.set(key, (classifier = sharedClassifier().then(() => loadClassifier({ urgency, cacheDir: process.env.NLU_CACHE_DIR }))));
  }
  return classifier;
}

/** A test configuration: defaults, with DATABASE_URL ignored (tests get scratch databases). */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({ ...overrides });
}

/** Runs a `simulate` script (as JSON lines or objects) on a fresh database; returns what the bot said. */
export async function simulate(script: string | object[], env: Record<string, string> = {}, opts: { baseDir?: string } = {}): Promise<SimulateResult> {
  const source = typeof script === 'string' ? script : script.map((l) => JSON.stringify(l)).join('\n');
  const lines = parseScript(source, opts);
  const db = await freshDatabase();
  const raw: string[] = [];
  try {
    const config = testConfig(env);
    await runScript(lines, { db: db.db, config, classifier: await testClassifier(config.urgency), log: silentLogger, out: (l) => raw.push(l) });
  } finally {
    await db.dispose();
  }
  const last = JSON.parse(raw[raw.length - 1] ?? '{}') as { tickets?: TicketLine[] };
  return { said: raw.slice(0, -1).map((l) => JSON.parse(l) as SaidLine), tickets: last.tickets ?? [], raw };
}
