import { toSimplified } from '../../nlu/index.js';

/** What a resident's reply to "请您打个分" means. */
export type RatingReply = { kind: 'score'; score: 1 | 2 | 3 | 4 | 5 } | { kind: 'not-fixed' };

const NOT_FIXED = /(没|没有|还没|未|没能)(修好|弄好|修复|解决|处理好|搞好|好)|还是(坏|不行|不好|没好|漏|老样子)|还在(漏|坏|响|滴)|(又|仍然|依旧|依然)(坏|漏|不行|没好)|根本没修|没人来修|还没(修|来)/;
const COURTESY = /^(我|给|打|评|就)+|(谢谢|感谢|多谢|辛苦了|辛苦|师傅|物业|你们|您|了|啊|哈|呀|的|哦|吧|嗯)+$/g;
const CN_DIGITS: Record<string, 1 | 2 | 3 | 4 | 5> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5 };

/** Phrases in the order they must be tried: "不满意" before "满意". */
const PHRASES: [RegExp, 1 | 2 | 3 | 4 | 5][] = [
  [/^(很|非常|特别|十分|极其|太)不满意$|^(太差|很差|极差|差评|非常差|特别差)$/, 1],
  [/^(不满意|不太满意|不怎么满意|不是很满意|不大满意|差|较差|比较差)$/, 2],
  [/^(一般|还行|还可以|凑合|马马虎虎|一般般|还好|中评)$/, 3],
  [/^(非常满意|很满意|特别满意|十分满意|超级满意|太满意|完美|非常好|太好|五星好评)$/, 5],
  [/^(满意|挺满意|比较满意|还不错|不错|好评|很好|挺好|满分)$/, 4],
];

function clean(text: string): string {
  let t = toSimplified(text).normalize('NFKC').replace(/[\s\p{P}\p{S}]+/gu, '');
  for (let i = 0; i < 3; i++) t = t.replace(COURTESY, '');
  return t;
}

/**
 * Reads a rating reply: "5", "5分", "五星", "满意", "非常满意，谢谢师傅", "一般", "不满意" → a score;
 * "没修好" / "还是坏的" / "还在漏" → not fixed. Anything longer or different is not a rating.
 */
export function parseRatingReply(text: string): RatingReply | null {
  const raw = toSimplified(text).trim();
  if (raw.length <= 30 && NOT_FIXED.test(raw.replace(/\s+/g, ''))) return { kind: 'not-fixed' };
  if (raw.length > 20) return null;
  const t = clean(raw);
  if (!t) return null;
  const digit = /^([1-5])(分|星|颗星|星级)?(好评)?$/.exec(t);
  if (digit) return { kind: 'score', score: Number(digit[1]) as 1 | 2 | 3 | 4 | 5 };
  const cn = /^([一二两三四五])(分|星|颗星)(好评)?$/.exec(t);
  if (cn) return { kind: 'score', score: CN_DIGITS[cn[1]!]! };
  for (const [re, score] of PHRASES) if (re.test(t)) return { kind: 'score', score };
  return null;
}
