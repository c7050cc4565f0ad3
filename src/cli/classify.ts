import { createInterface } from 'node:readline';
import { urgencyThresholds } from '../config.js';
import { effectiveIntent, loadClassifier } from '../nlu/index.js';

/**
 * stdin: JSON lines {"id","text"}; stdout: one JSON line per input, same order:
 * {"id","intent","confidence","urgent","urgency","category","topic","location"}. The intent is the one the bot acts on
 * in a group (low-confidence requests become "none"); pass --raw for the classifier's own best intent.
 */
const raw = process.argv.includes('--raw');
const classifier = await loadClassifier({ log: (s) => process.stderr.write(`${s}\n`), urgency: urgencyThresholds() });
const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
const out: string[] = [];
const flush = () => {
  if (out.length) process.stdout.write(out.join(''));
  out.length = 0;
};
for await (const line of lines) {
  if (!line.trim()) continue;
  let id: unknown = null;
  let text = '';
  try {
    const row = JSON.parse(line) as { id?: unknown; text?: unknown };
    id = row.id ?? null;
    text = typeof row.text === 'string' ? row.text : '';
  } catch {
    process.stderr.write(`classify: skipping unparsable line: ${line.slice(0, 80)}\n`);
  }
  const u = classifier.classify(text);
  const intent = raw ? u.intent : effectiveIntent(u);
  out.push(
    `${JSON.stringify({
      id,
      intent,
      confidence: Math.round(u.confidence * 1000) / 1000,
      urgent: u.urgent,
      urgency: u.urgency,
      category: intent === u.intent ? u.category : null,
      topic: intent === u.intent ? u.topic : null,
      location: u.location?.text ?? null,
    })}\n`,
  );
  if (out.length >= 512) flush();
}
flush();
