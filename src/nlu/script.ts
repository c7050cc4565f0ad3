import * as OpenCC from 'opencc-js';
import type { Script } from './types.js';

const traditionalToSimplified = OpenCC.Converter({ from: 't', to: 'cn' });
const twToSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });
const simplifiedToTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });

/**
 * 么 is Simplified (什么, dialect 么事 / 上班么) but also a Traditional variant of 幺, and OpenCC turns a 么 (or 麼) it
 * does not read as part of 什么 / 这么 into 幺: "物业办公室周末上班么" came out "…上班幺", was taken for Traditional, lost
 * its question word and would have been answered in Traditional. So both become 么 and stay so.
 */
export function toSimplified(text: string): string {
  return text.split(/[么麼]/).map((part) => twToSimplified(traditionalToSimplified(part))).join('么');
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
