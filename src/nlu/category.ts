import { compileLexicon, type Lexicon } from './lexicon.js';

export interface Categorizer {
  /** the category whose longest cue in the text is longest; 'other' when none matches */
  categorize(text: string): string;
}

export function createCategorizer(categories: ReadonlyMap<string, readonly string[]>): Categorizer {
  const lexicons: [string, Lexicon][] = [...categories].map(([name, cues]) => [name, compileLexicon(cues)]);
  return {
    categorize(text) {
      let best = { name: 'other', length: 0 };
      for (const [name, lexicon] of lexicons) {
        const cue = lexicon.longestMatch(text);
        if (cue && cue.length > best.length) best = { name, length: cue.length };
      }
      return best.name;
    },
  };
}
