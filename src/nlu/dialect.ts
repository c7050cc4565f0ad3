import { toSimplified } from './script.js';

/**
 * Written Cantonese, other regional words and common voice-typing slips, turned into the Mandarin the corpus is
 * mostly written in ("部lift停咗" → "部电梯停了", "冇再滴水" → "没再滴水", "屋头" → "家里", "煤汽" → "煤气"). Messages,
 * examples and word lists all pass through it, so a wording learnt in one voice is recognised in the other. Only
 * unambiguous forms are mapped: 系 (关系, 系统) and 啲 (些 or 点) stay, 唔 stays in 唔该 (thanks), where 不 would read
 * "should not", and 伐 (Wu 吗, but also 砍伐) stays. Order matters: 乜嘢 before 嘢, 跳掣 before 掣, 喺 before 企在.
 * OpenCC's Simplified forms of Cantonese characters (揿, 𠮶, 䢂) are mapped as well: Traditional messages reach
 * this after conversion.
 */
const CANTONESE: ReadonlyArray<readonly [RegExp, string]> = [
  [/咗/g, '了'],
  [/冇/g, '没'],
  [/喺/g, '在'],
  [/嘅/g, '的'],
  [/唔到/g, '不了'],
  [/唔(?!该)/g, '不'],
  [/入面/g, '里面'],
  [/嚟/g, '来'],
  [/佢哋/g, '他们'],
  [/哋/g, '们'],
  [/佢/g, '他'],
  [/睇/g, '看'],
  [/[搵揾]/g, '找'],
  [/乜嘢/g, '什么'],
  [/嘢/g, '东西'],
  [/攞/g, '拿'],
  [/揸/g, '拿'],
  [/畀/g, '给'],
  [/[撳㩒揿]/g, '按'],
  [/点解/g, '为什么'],
  [/边度/g, '哪里'],
  [/边个/g, '谁'],
  [/嗰|𠮶/gu, '那'],
  [/瞓/g, '睡'],
  [/企在/g, '站在'],
  [/细路仔?/g, '小孩'],
  [/打交/g, '打架'],
  [/掟/g, '扔'],
  [/甩了/g, '掉了'],
  [/[燶㶶]/g, '焦'],
  [/𨋢|䢂|升降机/gu, '电梯'],
  [/消防喉/g, '消防水管'],
  [/水喉/g, '水管'],
  [/插苏/g, '插座'],
  [/水浸/g, '水淹'],
  [/跳了掣|跳掣/g, '跳闸'],
  [/水掣/g, '水阀'],
  [/总掣/g, '总闸'],
  [/电掣/g, '电闸'],
  [/掣/g, '按钮'],
  [/天花(?!板)/g, '天花板'],
  [/冷气机?/g, '空调'],
];

/**
 * Words of other regions (Sichuan, Hubei, Shandong and the north-east, Shanghai, Beijing and Tianjin, the north-west,
 * Nanjing and Hefei, Hunan) with one Mandarin reading. Tianjin's 介 (这) is left alone in 介绍, 中介, 介意 and the like,
 * the north-west's 额 (我) is read only where it opens a clause: Shanghai's 额 is 的 ("老危险额", "楼梯间额灯").
 */
const REGIONAL: ReadonlyArray<readonly [RegExp, string]> = [
  [/莫得/g, '没得'],
  [/啥子/g, '什么'],
  [/咋个/g, '怎么'],
  [/屋头/g, '家里'],
  [/娃儿/g, '孩子'],
  [/伢儿?/g, '孩子'],
  [/搞么事/g, '搞什么'],
  [/(?<![怎什这那多])么样/g, '怎么样'],
  [/咋整/g, '怎么办'],
  [/嘎哈/g, '干啥'],
  [/俺/g, '我'],
  [/侬/g, '你'],
  [/阿拉/g, '我们'],
  [/嘛时候/g, '什么时候'],
  [/为嘛/g, '为什么'],
  [/嘛事/g, '什么事'],
  [/(?<![中简媒评推引转])介(?![绍意入质词面于怀])/g, '这'],
  [/甭/g, '不用'],
  [/忒/g, '太'],
  [/倍儿/g, '特别'],
  [/(?<=^|[\s\p{P}了])额(?=\p{Script=Han})(?![头度外定满])/gu, '我'],
  [/咋咧/g, '怎么了'],
  [/(?<![骂咧大])咧(?![嘴咧])/g, '了'],
  [/嫽/g, '好'],
  [/尕娃/g, '小孩'],
  [/阿有/g, '有没有'],
  [/阿是/g, '是不是'],
  [/阿要/g, '要不要'],
  [/么子/g, '什么'],
];

/** Homophones voice typing writes for the words that matter most. */
const SLIPS: ReadonlyArray<readonly [RegExp, string]> = [
  [/煤汽/g, '煤气'],
  [/[然燃]汽|然气/g, '燃气'],
  [/瓦思/g, '瓦斯'],
  [/电[体悌]/g, '电梯'],
];

/** English words, only as whole words: "lift" maps, "lifting" and "uplift" do not. */
const ENGLISH: ReadonlyArray<readonly [string, string]> = [
  ["(?<!(?:n't|not|to|won't) )lifts?", '电梯'],
  ['elevators?', '电梯'],
  ['air[- ]?con', '空调'],
  ['asap', '尽快'],
  ['pls|plz|please', '请'],
  ['thx|thanks|thank you|tks', '谢谢'],
  ['check', '检查'],
  ['leaking|leaks?', '漏水'],
  ['gas', '煤气'],
  ['urgent', '紧急'],
  ['sorry', '不好意思'],
  // whole sentences from owners who write English: the words that carry faults, danger and the property company
  ['smoke|smoky', '冒烟'],
  ['on fire', '着火了'],
  ['fire drill|drill', '演习'],
  ['fire alarm|smoke alarm', '火警报警器'],
  ['alarm', '警铃'],
  ['fire', '火'],
  ['burning|burnt|burned', '烧焦'],
  ['sparks?|sparking', '火花'],
  ['smells?', '味道'],
  ['stuck', '卡住'],
  ['trapped', '被困'],
  ['broken|broke', '坏了'],
  ['not working|does(?:n\'t| not)? work|does nothing', '没反应'],
  ['flood(?:ed|ing)?', '水淹'],
  ['burst', '爆了'],
  ['help', '帮忙'],
  ['send someone', '派人'],
  ['inside', '里面'],
  ['electrical room|switch room', '配电房'],
  ['ceiling', '天花板'],
  ['pipes?', '水管'],
  ['toilet', '马桶'],
  ['sockets?|outlets?', '插座'],
  ['railings?', '栏杆'],
  ['windows?', '窗户'],
  ['doors?', '门'],
  ['gate|barrier', '道闸'],
  ['lights?', '灯'],
  ['ac', '空调'],
  ['power cut|power outage|blackout', '停电'],
  ['key fob|fob|access card', '门禁卡'],
  ['parking', '停车'],
  ['property office|management office|property management|management', '物业'],
  ['fees?', '费'],
  ['noise|noisy|loud', '吵'],
];
const ENGLISH_WORD = new RegExp(`(?<![A-Za-z])(${ENGLISH.map(([en]) => en).join('|')})(?![A-Za-z])`, 'gi');
const ENGLISH_LOOKUP = ENGLISH.map(([en, zh]) => [new RegExp(`^(?:${en})$`, 'i'), zh] as const);

/** Simplified text in, the same text with dialect forms, voice-typing slips and mixed-in English words in Mandarin out. */
export function toMandarin(text: string): string {
  let out = text;
  for (const [from, to] of CANTONESE) out = out.replace(from, to);
  for (const [from, to] of REGIONAL) out = out.replace(from, to);
  for (const [from, to] of SLIPS) out = out.replace(from, to);
  if (!/[A-Za-z]/.test(out)) return out;
  return out.replace(ENGLISH_WORD, (word: string) => ENGLISH_LOOKUP.find(([re]) => re.test(word))?.[1] ?? word);
}

/** Any text as the classifier reads it: Simplified, then toMandarin. */
export function readAsMandarin(text: string): string {
  return toMandarin(toSimplified(text));
}
