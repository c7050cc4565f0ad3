/**
 * What the bot restates of someone's words (a resident's report, a staff note, a display name)
 * carries no terminal escapes, control or invisible characters (bidi overrides turn text around)
 * and no markup, and is short.
 */
import { maskPersonalData } from './privacy.js';

const ANSI = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_])/g;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const FORMAT = /\p{Cf}/gu;
const TAG = /<\/?[A-Za-z!?][^<>]*>/g;

/** The text without escapes, control and format characters or tags, on one line. */
export function cleanText(text: string): string {
  return text
    .replace(ANSI, ' ')
    .replace(TAG, ' ')
    .replace(CONTROL, ' ')
    .replace(FORMAT, '')
    .replace(/</g, '＜').replace(/>/g, '＞')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A cleaned excerpt of at most `max` characters with personal numbers masked. */
export function excerpt(text: string, max: number): string {
  const clean = maskPersonalData(cleanText(text));
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}
