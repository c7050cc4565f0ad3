import * as OpenCC from 'opencc-js';
import type { Script } from './types.js';

const traditionalToSimplified = OpenCC.Converter({ from: 't', to: 'cn' });
const twToSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });
const simplifiedToTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });

export function toSimplified(text: string): string {
  return twToSimplified(traditionalToSimplified(text));
}

/** Traditional when converting to Simplified changes anything; pure-Simplified or script-neutral text is 'simplified'. */
export function detectScript(text: string): Script {
  return toSimplified(text) === text ? 'simplified' : 'traditional';
}

/** Converts a Simplified reply into the resident's script. */
export function toScript(text: string, script: Script): string {
  return script === 'traditional' ? simplifiedToTraditional(text) : text;
}
