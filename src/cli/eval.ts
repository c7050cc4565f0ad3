import { readFileSync } from 'node:fs';
import { urgencyThresholds } from '../config.js';
import { effectiveIntent, loadClassifier } from '../nlu/index.js';
import { evaluate, formatReport, type GoldRow } from '../nlu/evaluate.js';

/** usage: npm run eval -- FILE.jsonl [--raw]   (FILE rows: {id, text, intent, urgent, alt?}) */
const file = process.argv.slice(2).find((a) => !a.startsWith('--'));
if (!file) {
  process.stderr.write('usage: npm run eval -- FILE.jsonl [--raw]\n');
  process.exit(2);
}
const raw = process.argv.includes('--raw');
const gold = readFileSync(file, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as GoldRow);
const classifier = await loadClassifier({ log: (s) => process.stderr.write(`${s}\n`), urgency: urgencyThresholds() });
const predictions = gold.map((g) => {
  const u = classifier.classify(g.text);
  return { id: g.id, intent: raw ? u.intent : effectiveIntent(u), urgent: u.urgent, urgency: u.urgency };
});
process.stdout.write(`${formatReport(evaluate(gold, predictions))}\n`);
