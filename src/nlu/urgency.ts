import { compileLexicon } from './lexicon.js';

export interface UrgencyDetector {
  /** true when the text holds a danger cue (trapped, fire, gas, sparks, burst pipe, …) not cancelled by a calm context */
  isUrgent(text: string): boolean;
}

/** Calm contexts (drills, notices, "fixed now", "last week", hypotheticals) cancel danger cues in the same message. */
export function createUrgencyDetector(dangerCues: readonly string[], calmCues: readonly string[]): UrgencyDetector {
  const danger = compileLexicon(dangerCues);
  const calm = compileLexicon(calmCues);
  return { isUrgent: (text) => danger.matches(text) && !calm.matches(text) };
}
