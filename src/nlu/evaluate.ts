import { INTENTS, type Intent } from './types.js';

/** A labelled row of a JSONL check set (tests/nlu/fixtures/*.jsonl, or any file given to `npm run eval`). */
export interface GoldRow {
  id: string;
  text: string;
  intent: Intent;
  urgent: boolean;
  alt?: Intent;
}

export interface Prediction {
  id: string;
  intent: string;
  urgent: boolean;
}

export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
}

export interface EvaluationReport {
  n: number;
  accuracy: number;
  perClass: Record<Intent, ClassScores>;
  macroF1: number;
  falseTicketRate: number;
  missedRequestRate: number;
  urgentRecall: number;
  urgentPrecision: number;
  errors: { gold: GoldRow; predicted: Prediction | undefined }[];
}

const isTicket = (intent: string | undefined) => intent === 'repair' || intent === 'complaint';

/** The same figures as score.py (lenient: a prediction equal to `alt` counts as right). */
export function evaluate(gold: readonly GoldRow[], predictions: readonly Prediction[]): EvaluationReport {
  const byId = new Map(predictions.map((p) => [p.id, p]));
  const pairs = gold.map((g) => {
    const predicted = byId.get(g.id)?.intent ?? '<missing>';
    const effectiveGold = predicted === g.intent || predicted === g.alt ? predicted : g.intent;
    return { gold: effectiveGold, predicted };
  });
  const perClass = {} as Record<Intent, ClassScores>;
  for (const c of INTENTS) {
    const tp = pairs.filter((p) => p.gold === c && p.predicted === c).length;
    const fp = pairs.filter((p) => p.gold !== c && p.predicted === c).length;
    const fn = pairs.filter((p) => p.gold === c && p.predicted !== c).length;
    const precision = tp + fp ? tp / (tp + fp) : 0;
    const recall = tp + fn ? tp / (tp + fn) : 0;
    perClass[c] = { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
  }
  const noneRows = gold.filter((g) => g.intent === 'none' && !isTicket(g.alt));
  const requestRows = gold.filter((g) => isTicket(g.intent));
  const urgentRows = gold.filter((g) => g.urgent);
  const urgentTruePositives = urgentRows.filter((g) => byId.get(g.id)?.urgent === true).length;
  const urgentPredicted = gold.filter((g) => byId.get(g.id)?.urgent === true).length;
  return {
    n: gold.length,
    accuracy: pairs.filter((p) => p.gold === p.predicted).length / gold.length,
    perClass,
    macroF1: INTENTS.reduce((sum, c) => sum + perClass[c].f1, 0) / INTENTS.length,
    falseTicketRate: noneRows.filter((g) => isTicket(byId.get(g.id)?.intent)).length / Math.max(1, noneRows.length),
    missedRequestRate:
      requestRows.filter((g) => byId.get(g.id)?.intent === 'none').length / Math.max(1, requestRows.length),
    urgentRecall: urgentTruePositives / Math.max(1, urgentRows.length),
    urgentPrecision: urgentPredicted ? urgentTruePositives / urgentPredicted : 0,
    errors: gold
      .filter((g) => {
        const p = byId.get(g.id)?.intent;
        return p !== g.intent && p !== g.alt;
      })
      .map((g) => ({ gold: g, predicted: byId.get(g.id) })),
  };
}

export function formatReport(r: EvaluationReport): string {
  const f = (x: number) => x.toFixed(3);
  const lines = INTENTS.map(
    (c) => `${c.padEnd(10)} P=${f(r.perClass[c].precision)} R=${f(r.perClass[c].recall)} F1=${f(r.perClass[c].f1)}`,
  );
  lines.push(
    `n=${r.n} acc=${f(r.accuracy)} macroF1=${f(r.macroF1)} false_ticket=${f(r.falseTicketRate)} ` +
      `missed_request=${f(r.missedRequestRate)} urgent_recall=${f(r.urgentRecall)} urgent_precision=${f(r.urgentPrecision)}`,
  );
  if (r.errors.length) lines.push(`misclassified (${r.errors.length}):`);
  for (const e of r.errors) {
    lines.push(`  ${e.gold.id} gold=${e.gold.intent.padEnd(9)} pred=${String(e.predicted?.intent).padEnd(9)} ${e.gold.text}`);
  }
  return lines.join('\n');
}
