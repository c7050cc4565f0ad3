/**
 * Keyword lexicons kept as plain text in intents/: one cue per line, "#" starts a comment.
 * A "*" inside a cue allows up to GAP characters in between: "电梯*困" matches "电梯里有人被困".
 */
const GAP = 10;

export interface Lexicon {
  readonly cues: readonly string[];
  /** the longest matching cue, or null */
  longestMatch(text: string): string | null;
  matches(text: string): boolean;
  countMatches(text: string): number;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

export function parseLexiconLines(content: string): string[] {
  return content
    .split('\n')
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter((line) => line.length > 0);
}

function cuePattern(cue: string): string {
  return cue.split('*').map(escapeRegExp).join(`[^。!?；;]{0,${GAP}}`);
}

/** One regular expression that matches when any of the cues does (faster than testing them one by one). */
export function compileAnyCue(cues: readonly string[]): RegExp | null {
  return cues.length ? new RegExp(cues.map(cuePattern).join('|'), 'i') : null;
}

export function compileLexicon(cues: readonly string[]): Lexicon {
  const patterns = cues.map((cue) => ({
    cue,
    regex: new RegExp(cuePattern(cue), 'i'),
  }));
  const hits = (text: string) => patterns.filter((p) => p.regex.test(text));
  const any = compileAnyCue(cues);
  return {
    cues,
    longestMatch(text) {
      let best: string | null = null;
      for (const p of hits(text)) if (best === null || p.cue.length > best.length) best = p.cue;
      return best;
    },
    matches: (text) => any !== null && any.test(text),
    countMatches: (text) => hits(text).length,
  };
}
