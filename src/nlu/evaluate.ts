import { INTENTS, type Intent, type UrgencyLevel } from './types.js';

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
  /** the level behind `urgent`; without it, `urgent` alone says 'urgent' or 'none' */
  urgency?: UrgencyLevel;
}

export interface UrgencyScores {
  recall: number;
  precision: number;
  /** messages flagged at this level */
  flagged: number;
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
  /** urgent rows flagged urgent or possibly urgent (the grey band counts as a hit) */
  urgentRecall: number;
  /** of all rows flagged urgent or possibly urgent, those flagged urgent that are urgent (the grey band counts as a miss) */
  urgentPrecision: number;
  /** the 'urgent' level alone, and 'urgent' or 'possibly' taken as one alert */
  urgency: { urgent: UrgencyScores; alert: UrgencyScores; possibly: { flagged: number; urgent: number } };
  /** urgent rows left at 'none' */
  urgentMisses: GoldRow[];
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
  const level = (g: GoldRow): UrgencyLevel => {
    const p = byId.get(g.id);
    return p?.urgency ?? (p?.urgent ? 'urgent' : 'none');
  };
  const scores = (flaggedAt: (l: UrgencyLevel) => boolean): UrgencyScores => {
    const flagged = gold.filter((g) => flaggedAt(level(g)));
    const hits = flagged.filter((g) => g.urgent).length;
    return { recall: hits / Math.max(1, gold.filter((g) => g.urgent).length), precision: flagged.length ? hits / flagged.length : 0, flagged: flagged.length };
  };
  const urgentLevel = scores((l) => l === 'urgent');
  const alert = scores((l) => l !== 'none');
  const urgentHits = gold.filter((g) => g.urgent && level(g) === 'urgent').length;
  const possibly = gold.filter((g) => level(g) === 'possibly');
  return {
    n: gold.length,
    accuracy: pairs.filter((p) => p.gold === p.predicted).length / gold.length,
    perClass,
    macroF1: INTENTS.reduce((sum, c) => sum + perClass[c].f1, 0) / INTENTS.length,
    falseTicketRate: noneRows.filter((g) => isTicket(byId.get(g.id)?.intent)).length / Math.max(1, noneRows.length),
    missedRequestRate:
      requestRows.filter((g) => byId.get(g.id)?.intent === 'none').length / Math.max(1, requestRows.length),
    urgentRecall: alert.recall,
    urgentPrecision: alert.flagged ? urgentHits / alert.flagged : 0,
    urgency: { urgent: urgentLevel, alert, possibly: { flagged: possibly.length, urgent: possibly.filter((g) => g.urgent).length } },
    urgentMisses: gold.filter((g) => g.urgent && level(g) === 'none'),
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
  const u = r.urgency;
  lines.push(
    `urgency levels: urgent R=${f(u.urgent.recall)} P=${f(u.urgent.precision)} (${u.urgent.flagged} flagged) | ` +
      `urgent or possibly R=${f(u.alert.recall)} P=${f(u.alert.precision)} (${u.alert.flagged} flagged) | ` +
      `possibly: ${u.possibly.flagged} flagged, ${u.possibly.urgent} of them urgent`,
  );
  if (r.urgentMisses.length) lines.push(`urgent messages missed (${r.urgentMisses.length}):`);
  for (const g of r.urgentMisses) lines.push(`  ${g.id} ${g.text}`);
  if (r.errors.length) lines.push(`misclassified (${r.errors.length}):`);
  for (const e of r.errors) {
    lines.push(`  ${e.gold.id} gold=${e.gold.intent.padEnd(9)} pred=${String(e.predicted?.intent).padEnd(9)} ${e.gold.text}`);
  }
  return lines.join('\n');
}
