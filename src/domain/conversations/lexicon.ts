import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultIntentsDir, toSimplified } from '../../nlu/index.js';

/** One kind of shared fault, as staff keep it in intents/incidents.txt. */
export interface IncidentKind { kind: string; category: string; name: string; words: string[] }
export interface IncidentLexicon { kinds: IncidentKind[]; folds: Map<string, string> }

/** Parses intents/incidents.txt; a malformed line stops the start with its line number. */
export function parseIncidentLexicon(source: string): IncidentLexicon {
  const kinds: IncidentKind[] = [];
  const folds = new Map<string, string>();
  source.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const fold = /^fold\s+(\S+)\s+(\S+)$/.exec(line);
    if (fold) {
      folds.set(fold[1]!, fold[2]!);
      return;
    }
    const m = /^([a-z_]+)\s+([a-z_]+)\s+([^:：\s]+)\s*[:：]\s*(.+)$/.exec(line);
    if (!m) throw new Error(`intents/incidents.txt line ${i + 1}: expected "kind category 名称: words…" or "fold kind kind"`);
    const words = [...new Set(m[4]!.split(/\s+/).filter(Boolean).map((w) => toSimplified(w)))];
    kinds.push({ kind: m[1]!, category: m[2]!, name: m[3]!, words });
  });
  for (const [from, to] of folds) {
    if (!kinds.some((k) => k.kind === from) || !kinds.some((k) => k.kind === to)) {
      throw new Error(`intents/incidents.txt: "fold ${from} ${to}" names a kind that is not listed`);
    }
  }
  return { kinds, folds };
}

let loaded: IncidentLexicon | null = null;

export function incidentLexicon(): IncidentLexicon {
  return (loaded ??= parseIncidentLexicon(readFileSync(join(defaultIntentsDir(), 'incidents.txt'), 'utf8')));
}

export function kindOf(kind: string, lex = incidentLexicon()): IncidentKind | null {
  return lex.kinds.find((k) => k.kind === kind) ?? null;
}

/** The kind of shared fault a text (Simplified) speaks of, or null. */
export function incidentKindIn(text: string, lex = incidentLexicon()): IncidentKind | null {
  return lex.kinds.find((k) => k.words.some((w) => text.includes(w))) ?? null;
}

/** "+1", "我家也是", "同上": agreement with what neighbours just said, naming nothing itself. */
const ME_TOO = /^(?:\+\s*1|1\s*\+|加一|同|同上|同样|一样|我也是|也是|我家也是|我家也一样|我们家也是|我们也是|这边也是|我这也是|我这边也是|俺家也是|楼上也是|楼下也是|我家也|同样的情况|一样的情况)[。.！!~～，,\s+1]*$/;
/** "+1 刚准备洗澡": agreement first, then a word of one's own. */
const LEADING_ME_TOO = /^(?:\+\s*1|加一|同上|我家也是|我也是|我们家也是|我们也是)(?:[\s，,。.!！~～]|$)/;
/** "我家也停了", "这边也一样": short, and saying the same happens here. */
const ALSO = /^.{0,6}也(?:停|没|黑|断|坏|不|一样|是|这样|同样)/;
/** When will it be back: "几点能来电", "什么时候恢复". */
const WHEN_BACK = /(什么时候|几点|多久|啥时候|何时|多长时间|要多长|还要多久).{0,8}(来|恢复|好|修|通|能用)|还要多久|要等多久|还得多久|要多长时间|恢复了吗|来了没|来了吗|好了没|好了吗|修好了吗|修好没/;

export interface Reading {
  kind: IncidentKind | null;
  meToo: boolean;
  whenBack: boolean;
}

/** How a group message may bear on an incident, from its own words (Simplified, no quote). */
export function readMessage(own: string, lex = incidentLexicon()): Reading {
  const text = own.replace(/\s+/g, ' ').trim();
  const meToo = ME_TOO.test(text) || LEADING_ME_TOO.test(text) || (text.length <= 12 && ALSO.test(text));
  return { kind: incidentKindIn(text, lex), meToo, whenBack: WHEN_BACK.test(text) };
}
