/**
 * Written Cantonese, a Sichuan negation and the English words Hong Kong and Shanghai owners mix in, turned into the
 * Mandarin the corpus is mostly written in ("部lift停咗" → "部电梯停了", "冇再滴水" → "没再滴水"). Messages, examples
 * and word lists all pass through it, so a wording learnt in one voice is recognised in the other. Only unambiguous
 * forms are mapped: 系 (关系, 系统) and 啲 (些 or 点) stay, and 唔 stays in 唔该 (thanks), where 不 would read "should not".
 */
const CANTONESE: ReadonlyArray<readonly [RegExp, string]> = [
  [/咗/g, '了'],
  [/冇/g, '没'],
  [/莫得/g, '没得'],
  [/喺/g, '在'],
  [/嘅/g, '的'],
  [/唔(?!该)/g, '不'],
  [/嚟/g, '来'],
  [/佢哋/g, '他们'],
  [/哋/g, '们'],
  [/佢/g, '他'],
  [/睇/g, '看'],
  [/[搵揾]/g, '找'],
  [/嘢/g, '东西'],
  [/攞/g, '拿'],
  [/畀/g, '给'],
  [/点解/g, '为什么'],
];

/** English words, only as whole words: "lift" maps, "lifting" and "uplift" do not. */
const ENGLISH: ReadonlyArray<readonly [string, string]> = [
  ['lifts?', '电梯'],
  ['elevators?', '电梯'],
  ['air[- ]?con', '空调'],
  ['aircon', '空调'],
  ['asap', '尽快'],
  ['pls|plz|please', '请'],
  ['thx|thanks|thank you|tks', '谢谢'],
  ['check', '检查'],
  ['leaking|leaks?', '漏水'],
  ['gas', '煤气'],
  ['urgent', '紧急'],
  ['sorry', '不好意思'],
];
const ENGLISH_WORD = new RegExp(`(?<![A-Za-z])(${ENGLISH.map(([en]) => en).join('|')})(?![A-Za-z])`, 'gi');
const ENGLISH_LOOKUP = ENGLISH.map(([en, zh]) => [new RegExp(`^(?:${en})$`, 'i'), zh] as const);

/** Simplified text in, the same text with Cantonese forms and mixed-in English words in Mandarin out. */
export function toMandarin(text: string): string {
  let out = text;
  for (const [from, to] of CANTONESE) out = out.replace(from, to);
  if (!/[A-Za-z]/.test(out)) return out;
  return out.replace(ENGLISH_WORD, (word: string) => ENGLISH_LOOKUP.find(([re]) => re.test(word))?.[1] ?? word);
}
