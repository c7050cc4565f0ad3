import { detectScript, toSimplified } from './script.js';
import type { Script } from './types.js';

export interface Normalized {
  text: string;
  script: Script;
  /** names that were @mentioned, without the "@" */
  mentions: string[];
}

/** A line of 5+ dashes (WeChat puts "- - - - -" between a quoted message and the reply). */
const QUOTE_SEPARATOR = /^[\s\S]*\n\s*(?:[-—－]\s*){5,}\s*(?:\n|$)/;
/** A quote block at the start without separator: 「张三：原文」 followed by the new text. */
const LEADING_QUOTE = /^\s*「[^」]*[:：][^」]*」\s*/;
const MENTION = /@([^\s\u2005@]{1,30})(?:[\u2005 ]+|$)/g;
/** WeChat placeholders and emoji codes: [图片] [语音] [表情] [动画表情] [微笑] [OK] … (no digits, so "[3栋]" survives). */
const PLACEHOLDER = /\[[^\[\]\d\s]{1,8}\]/g;
const EMOJI = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}\u200d\ufe0e\ufe0f\u20e3]/gu;

/** The new content of a WeChat quoted reply, or the text itself. */
export function stripQuote(text: string): string {
  const separated = text.replace(QUOTE_SEPARATOR, '');
  if (separated !== text) return separated;
  return text.replace(LEADING_QUOTE, '');
}

export function toHalfWidth(text: string): string {
  return text.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

export function stripMentions(text: string): { text: string; mentions: string[] } {
  const mentions: string[] = [];
  const stripped = text.replace(MENTION, (_m, name: string) => {
    mentions.push(name);
    return ' ';
  });
  return { text: stripped, mentions };
}

export function stripDecorations(text: string): string {
  return text.replace(PLACEHOLDER, ' ').replace(EMOJI, ' ');
}

/** Simplified, half-width text of the resident's own words: no quoted message, @mentions, emoji or placeholders. */
export function normalize(raw: string): Normalized {
  const own = stripQuote(raw.replace(/\r\n?/g, '\n'));
  const halfWidth = toHalfWidth(own);
  const { text: unmentioned, mentions } = stripMentions(halfWidth);
  const plain = stripDecorations(unmentioned).replace(/\s+/g, ' ').trim();
  const script = detectScript(plain);
  return { text: script === 'traditional' ? toSimplified(plain) : plain, script, mentions };
}
