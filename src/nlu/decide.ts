import type { Understanding } from './types.js';

/** Below this confidence a group message is not acted on (chosen on the dev set and the held-out check set). */
export const DEFAULT_THRESHOLD = 0.4;

export type Decision = 'act' | 'silent' | 'clarify';

export interface DecideOptions {
  threshold?: number;
  /** the message @mentions the bot */
  mentionsBot: boolean;
}

/**
 * What the bot should do with a classified group message:
 * - urgent: always 'act', whatever the intent (a person in danger is `none` but staff must hear) — a missed
 *   emergency costs more than a wrong ticket;
 * - an explicit request to send someone or fix a fault (`request`): 'act', however unsure the intent;
 * - confident repair/complaint/inquiry: 'act';
 * - `none`, or not confident enough: 'silent', except that a message addressed to the bot gets 'clarify'
 *   (ask what the resident needs) unless it is confidently small talk (thanks, 收到…), which stays 'silent'.
 */
export function decide(u: Understanding, opts: DecideOptions): Decision {
  const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
  const confident = u.confidence >= threshold;
  if (u.urgent) return 'act';
  if (u.request && (u.intent === 'repair' || u.intent === 'complaint')) return 'act';
  if (u.intent !== 'none' && confident) return 'act';
  if (u.intent === 'none' && confident) return 'silent';
  return opts.mentionsBot ? 'clarify' : 'silent';
}

/** The intent the bot acts on in a group where it was not addressed: low-confidence requests count as `none`. */
export function effectiveIntent(u: Understanding, threshold = DEFAULT_THRESHOLD): Understanding['intent'] {
  return decide(u, { threshold, mentionsBot: false }) === 'act' ? u.intent : 'none';
}
