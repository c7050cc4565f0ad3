import { readAsMandarin, toMandarin } from './dialect.js';
import { simplifiedWithScript, toSimplified } from './script.js';
import type { Script } from './types.js';

export interface Normalized {
  text: string;
  script: Script;
  /** names that were @mentioned, without the "@" */
  mentions: string[];
}

/**
 * Invisible characters that split a word without showing: zero-width spaces and joiners, the BOM, soft hyphens,
 * direction marks (Unicode category Cf), and control characters other than tab and line breaks.
 */
const INVISIBLE = /[\p{Cf}\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/gu;
/** A terminal escape sequence ("\u001b[2J", "\u001b[31m"): removed whole, or its visible tail "[2J" would stay. */
const ESCAPE_SEQUENCE = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_])/g;
/** A run of spaces (any width, not a line break) between two non-space runs. */
const SPACE_RUN = /([^\s]+)([^\S\n]+)(?=([^\s]+))/gu;
const HAN = /^\p{Script=Han}$/u;

const PUNCTUATION = /[\p{P}\p{S}]/u;

/** True for a word of one Chinese character. */
function isLoneHan(word: string): boolean {
  const chars = Array.from(word);
  return chars.length === 1 && HAN.test(chars[0] ?? '');
}

/**
 * The text every reader of a message starts from (intent, urgency, category, location and commands): invisible
 * characters removed, and characters spaced out one by one ("着 火 了", "困 人了") joined again. Spaces between
 * words stay: they separate a command from its arguments ("工单 待处理"), an @name from the message, and phrases
 * in voice-typed messages.
 */
export function cleanText(raw: string): string {
  return raw.replace(ESCAPE_SEQUENCE, '').replace(INVISIBLE, '').replace(SPACE_RUN, (whole, left: string, _space: string, right: string) => {
    const leftWord = left.split(PUNCTUATION).at(-1) ?? '';
    const rightWord = right.split(PUNCTUATION)[0] ?? '';
    const between = HAN.test(Array.from(leftWord).at(-1) ?? '') && HAN.test(Array.from(rightWord)[0] ?? '');
    return between && !left.includes('@') && (isLoneHan(leftWord) || isLoneHan(rightWord)) ? left : whole;
  });
}

/** A line of 5+ dashes (WeChat puts "- - - - -" between a quoted message and the reply). */
const QUOTE_SEPARATOR = /^[\s\S]*\n\s*(?:[-—－]\s*){5,}\s*(?:\n|$)/;
/** A quote block followed by a dashed separator on the same line, as copied replies read: 「原文」- - - - - - 回复. */
const INLINE_QUOTE = /^\s*「[^」]*」\s*(?:[-—－]\s*){3,}/;
/** A quote block at the start without separator: 「张三：原文」 followed by the new text. */
const LEADING_QUOTE = /^\s*「[^」]*[:：][^」]*」\s*/;
const MENTION = /@([^\s\u2005@]{1,30})(?:[\u2005 ]+|$)/g;
/** WeChat placeholders and emoji codes: [图片] [语音] [表情] [动画表情] [微笑] [OK] … (no digits, so "[3栋]" survives). */
const PLACEHOLDER = /\[[^\[\]\d\s]{1,8}\]/g;
/**
 * A shared link ("[链接]", a web address) is kept as the word 链接: what comes with one is forwarded (an article, a
 * video, a vote, a sale), and in all check sets only one message with a link reported anything, none a danger.
 */
const LINK = /\[链接\]|\[link\]|https?:\/\/[^\s\u4e00-\u9fff]+|www\.[^\s\u4e00-\u9fff]+/gi;
const EMOJI = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}\u200d\ufe0e\ufe0f\u20e3]/gu;

/** The new content of a WeChat quoted reply, or the text itself. */
export function stripQuote(text: string): string {
  return splitQuote(text).own;
}

/** Who wrote the quoted message and what it said: 「张三：原文」 → { author: '张三', body: '原文' }. */
const QUOTE_BODY = /^\s*「([^」:：]{0,30})[:：]([\s\S]*?)」?\s*$/;

export interface QuoteParts {
  /** the resident's new words */
  own: string;
  /** the quoted message's text (without the author), or null when nothing is quoted */
  quoted: string | null;
  /** the quoted message's author, when it is given */
  author: string | null;
}

/** Splits a WeChat quoted reply into the new content and the quoted message. */
export function splitQuote(text: string): QuoteParts {
  const separated = text.replace(QUOTE_SEPARATOR, '');
  let quotePart: string | null = null;
  let own = text;
  if (separated !== text) {
    own = separated;
    quotePart = text.slice(0, text.length - separated.length).replace(/\n\s*(?:[-—－]\s*){5,}\s*$/, '');
  } else {
    const inline = INLINE_QUOTE.exec(text);
    const leading = inline ? null : LEADING_QUOTE.exec(text);
    if (inline) {
      own = text.slice(inline[0].length);
      quotePart = inline[0].replace(/(?:[-—－]\s*){3,}$/, '');
    } else if (leading) {
      own = text.slice(leading[0].length);
      quotePart = leading[0];
    }
  }
  if (quotePart === null) return { own, quoted: null, author: null };
  const body = QUOTE_BODY.exec(quotePart.trim());
  return body
    ? { own, quoted: (body[2] ?? '').trim(), author: (body[1] ?? '').trim() || null }
    : { own, quoted: quotePart.replace(/[「」]/g, '').trim(), author: null };
}

export function toHalfWidth(text: string): string {
  return text.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

export function stripMentions(text: string): { text: string; mentions: string[] } {
  const mentions: string[] = [];
  const stripped = text.replace(MENTION, (m, name: string) => {
    mentions.push(name);
    // "@物业" at the very end is a mention; "群里@了物业一整天没人回" or "@物业电梯坏了" typed without the
    // separating space is a whole sentence the greedy name swallowed, so its words stay.
    const endsText = !/[\u2005 ]$/.test(m);
    const swallowed = endsText && (name.length > 8 || /[,，。!！?？、;；:：]/.test(name));
    // "@了物业一整天" / "@过管家": @ used as a verb ("mentioned"), not a name.
    const verb = /^(?:了|过|一下|一遍|好几|半天)/.test(name);
    return swallowed || verb ? ` ${name} ` : ' ';
  });
  return { text: stripped, mentions };
}

export function stripDecorations(text: string): string {
  return text.replace(LINK, ' 链接 ').replace(PLACEHOLDER, ' ').replace(EMOJI, ' ');
}

/** Simplified Mandarin (dialect.ts), half-width text of the resident's own words: no quoted message, @mentions, emoji or placeholders. */
export function normalize(raw: string): Normalized {
  return normalizeWithQuote(raw).own;
}

export interface NormalizedWithQuote {
  own: Normalized;
  /** the quoted message, normalised the same way (Simplified, half-width, no decorations), or null */
  quoted: string | null;
  /** its author (Simplified), or null */
  author: string | null;
}

function plainText(text: string): { text: string; mentions: string[] } {
  const { text: unmentioned, mentions } = stripMentions(toHalfWidth(text));
  return { text: stripDecorations(unmentioned).replace(/\s+/g, ' ').trim(), mentions };
}

/** normalize(), plus the quoted message of a WeChat quoted reply as context. */
export function normalizeWithQuote(raw: string): NormalizedWithQuote {
  const parts = splitQuote(cleanText(raw.replace(/\r\n?/g, '\n')));
  const { text: plain, mentions } = plainText(parts.own);
  const { simplified, script } = simplifiedWithScript(plain);
  const own = { text: toMandarin(simplified), script, mentions };
  const quoted = parts.quoted === null ? null : readAsMandarin(plainText(parts.quoted).text);
  return { own, quoted: quoted || null, author: parts.author === null ? null : toSimplified(parts.author) };
}
