import * as OpenCC from 'opencc-js';
import type { Script } from './types.js';

const traditionalToSimplified = OpenCC.Converter({ from: 't', to: 'cn' });
const twToSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });
const simplifiedToTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });

/**
 * Whether OpenCC leaves a character as it is: asked once a character, so text with nothing to convert (most of it)
 * skips the phrase-by-phrase conversion, which is most of what featurising the training corpus cost. The answers
 * kept are capped: Chinese needs a few thousand, and a stranger's message of odd symbols must not grow the map.
 */
const unchanged = new Map<number, boolean>();
const MAX_REMEMBERED = 30_000;
function isSimplifiedAlready(text: string): boolean {
  // by code point, not `for (const ch of text)`: a string made for every character was most of what this cost
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x2e80) continue;
    const point = text.codePointAt(i) as number;
    if (point > 0xffff) i++;
    let same = unchanged.get(point);
    if (same === undefined) {
      const ch = String.fromCodePoint(point);
      same = twToSimplified(traditionalToSimplified(ch)) === ch;
      if (unchanged.size < MAX_REMEMBERED) unchanged.set(point, same);
    }
    if (!same) return false;
  }
  return true;
}

/**
 * 么 is Simplified (什么, dialect 么事 / 上班么) but also a Traditional variant of 幺, and OpenCC turns a 么 (or 麼) it
 * does not read as part of 什么 / 这么 into 幺: "物业办公室周末上班么" came out "…上班幺", was taken for Traditional, lost
 * its question word and would have been answered in Traditional. So both become 么 and stay so. 坏 likewise: OpenCC
 * reads it as an old form of 坯 (brick) after 打, 拉 or 一, and "被雷打坏" or "門被拉壞了" (壞 → 坏 → 坯) lost the word
 * for broken.
 */
export function toSimplified(text: string): string {
  if (isSimplifiedAlready(text)) return text;
  const convert = (part: string) => traditionalToSimplified(part).split('坏').map(twToSimplified).join('坏');
  return text.split(/[么麼]/).map((part) => part.split('坏').map(convert).join('坏')).join('么');
}

/** The text in Simplified, and its script: Traditional when converting changed anything (one conversion for both). */
export function simplifiedWithScript(text: string): { simplified: string; script: Script } {
  const simplified = toSimplified(text);
  return { simplified, script: simplified === text ? 'simplified' : 'traditional' };
}

/** Traditional when converting to Simplified changes anything; pure-Simplified or script-neutral text is 'simplified'. */
export function detectScript(text: string): Script {
  return simplifiedWithScript(text).script;
}

/** Converts a Simplified reply into the resident's script. */
export function toScript(text: string, script: Script): string {
  return script === 'traditional' ? simplifiedToTraditional(text) : text;
}
