import { readEnglish } from './english.js';
import { toSimplified } from './script.js';

/**
 * Written Cantonese, other regional words and common voice-typing slips, turned into the Mandarin the corpus is
 * mostly written in ("部lift停咗" → "部电梯停了", "冇再滴水" → "没再滴水", "屋头" → "家里", "煤汽" → "煤气"). Messages,
 * examples and word lists all pass through it, so a wording learnt in one voice is recognised in the other. Only
 * unambiguous forms are mapped: 系 (关系, 系统) and 啲 (些 or 点) stay, 唔 stays in 唔该 (thanks), where 不 would read
 * "should not", and 伐 (Wu 吗, but also 砍伐) is read only where it ends a question (REGIONAL). Order matters: 乜嘢
 * before 嘢, 跳掣 before 掣, 喺 before 企在.
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
  [/点[搞算办]/g, '怎么办'],
  [/点样/g, '怎么样'],
  // 点 + a verb of asking or doing is "how" ("会所BBQ场点book", "访客泊车点计钱"); after a number it is o'clock (三点交)
  [/(?<![0-9０-９一二三四五六七八九十两几半个差钟])点(?=计|申请|book|预约|预订|订|交|缴|登记|报名|续|租|买|办|查|填|搭|坐|揸|泊|处理)/gi, '怎么'],
  [/(?<=[了好])未(?=[?？\s,，。!！~～]|$)/g, '没有'],
  [/边度/g, '哪里'],
  [/边个/g, '谁'],
  [/嗰|𠮶/gu, '那'],
  [/瞓/g, '睡'],
  [/企在/g, '站在'],
  // 困咗喺𨋢度 (shut in the lift): 困了在 → 困在, and 度 after the lift (below) is the place in it
  [/(?<=[困关锁夹卡跌])了在/g, '在'],
  [/细路仔?/g, '小孩'],
  [/打交/g, '打架'],
  [/掟/g, '扔'],
  [/甩了/g, '掉了'],
  [/[燶㶶]/g, '焦'],
  [/𨋢|䢂|升降机/gu, '电梯'],
  [/(?<=电梯)度/g, '里'],
  // Macau and Guangdong type 𨋢 as 較 (较 once Simplified): only where it is plainly the lift (部较, 搭较, 较门)
  [/(?<=[部搭])较(?![好为少多大小高低早晚快慢远近差长短新旧久])|较(?=门)/g, '电梯'],
  [/甩[晒哂]/g, '全掉了'],
  [/发[晒哂]霉/g, '全发霉了'],
  [/消防喉/g, '消防水管'],
  [/水喉/g, '水管'],
  [/插苏/g, '插座'],
  // danger said the Cantonese way (eighteenth round): a burst pipe, a soaked floor, drains backing up, a fallen tree, a fire
  [/浸[晒哂]/g, '淹了'],
  [/水浸/g, '水淹'],
  [/爆喉/g, '爆管'],
  [/反[涌湧]/g, '倒灌'],
  [/冧/g, '倒'],
  [/火[烛燭]/g, '火灾'],
  [/渠盖/g, '井盖'],
  [/(?<!制)氧气机/g, '制氧机'],
  [/跳了掣|跳掣/g, '跳闸'],
  [/水掣/g, '水阀'],
  [/总掣/g, '总闸'],
  [/电掣/g, '电闸'],
  [/掣/g, '按钮'],
  [/天花(?!板)/g, '天花板'],
  [/冷气机?/g, '空调'],
  // everyday words with one Mandarin reading: 琴日/琴晚, 跣 (slip), 郁 (move) after a negation. (係咪 → 是不是 and
  // 头先 → 刚才 were tried: questions read as complaints and past lift rescues as emergencies, 2026-12-02.)
  [/琴日/g, '昨天'],
  [/琴晚/g, '昨晚'],
  [/跣(?:低|亲|倒|跤)?/g, '滑倒'],
  [/(?<=不|没|自己)郁(?![闷金])/g, '动'],
  // 食烟 is to smoke; 泊 is to park: 泊了在伤残车位, 乱泊车 ("码头泊位", a berth, is no car)
  [/食[烟煙]/g, '抽烟'],
  [/泊(?=了|在|车|埋|入|出|满|晒|哂|喺)/g, '停'],
  // 晒 after a state is "all …" (湿晒, 烂晒, 褪晒色), not sunning (起晒太阳 stays)
  [/(?<=[湿烂坏黑塞积褪起冻断满乱臭爆散停熄跌崩锈黄裂卡溶松没])[晒哂](?![太衣被干台图单照谷书网])/g, '了'],
];

/**
 * Words of other regions (Sichuan, Hubei, Shandong and the north-east, Shanghai, Beijing and Tianjin, the north-west,
 * Nanjing and Hefei, Hunan, Wu) with one Mandarin reading. Tianjin's 介 (这) is left alone in 介绍, 中介, 介意 and the like,
 * the north-west's 额 (我) is read only where it opens a clause: Shanghai's 额 is 的 ("老危险额", "楼梯间额灯").
 */
const REGIONAL: ReadonlyArray<readonly [RegExp, string]> = [
  [/[莫没]得(?![说选])/g, '没有'],
  // south-western passive 遭 ("遭雨冲倒了", "遭烟头烫了"), not 遭到, 遭殃, 遭遇, 遭受, 遭罪, 遭贼
  [/遭(?![到殃遇受罪贼灾难劫])/g, '被'],
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
  [/(?<![中仲简媒评推引转])介(?![绍意入质词面于怀])/g, '这'],
  [/甭/g, '不用'],
  [/忒/g, '太'],
  [/倍儿/g, '特别'],
  // north-east: 拔凉 (ice-cold: "暖气拔凉拔凉的"), 埋汰 (filthy)
  [/拔凉(?:拔凉)?/g, '冰凉'],
  [/埋汰/g, '脏'],
  [/(?<=^|[\s\p{P}了])额(?=\p{Script=Han})(?![头度外定满])/gu, '我'],
  [/咋咧/g, '怎么了'],
  [/(?<![骂咧大])咧(?![嘴咧])/g, '了'],
  [/嫽/g, '好'],
  // Taiwan: 磁扣/感应扣 (the key fob), 第四台 (cable television), 讯号 (signal)
  [/磁扣|感应扣/g, '门禁卡'],
  [/第四台/g, '有线电视'],
  [/讯号/g, '信号'],
  [/尕娃/g, '小孩'],
  [/阿有/g, '有没有'],
  [/阿是/g, '是不是'],
  [/阿要/g, '要不要'],
  [/么子/g, '什么'],
  // Hubei/Hunan 不赢 (cannot manage): 喘不赢 is someone who cannot get their breath
  [/喘不赢/g, '喘不过气'],
  // Wu 伐 (吗) where it ends a question ("放你们那边了伐"), not 砍伐, 讨伐, 步伐
  [/(?<![砍采讨征杀步])伐(?=[?？\s,，。!！~～]|$)/g, '吗'],
];

/**
 * Minnan (Hokkien) as written in Fujian, Taiwan and by their families ("電梯歹去矣 阮阿公關佇內底 緊來啦"): only forms
 * with one Mandarin reading. 紧 is 快 only before a verb of coming or calling, and not in 赶紧, 要紧, 抓紧; 厝 is a
 * home (厝边: the neighbours); 阮 is "our" only before family and home words (it is a surname too).
 */
const MINNAN: ReadonlyArray<readonly [RegExp, string]> = [
  [/歹去(?:了|矣)?/g, '坏了'],
  [/(?<=\p{Script=Han})矣(?=[\s\p{P}~～]|$)/gu, '了'],
  [/伫(?!立)/g, '在'],
  [/内底/g, '里面'],
  [/(?<![赶要抓加收])紧(?=[来去叫找派喊])/g, '快'],
  [/毋知/g, '不知道'],
  [/毋通/g, '不要'],
  [/毋(?!庸)/g, '不'],
  [/袂/g, '不'],
  [/佗位|佗落/g, '哪里'],
  [/啥物/g, '什么'],
  [/揣(?![测摩度着在进])/g, '找'],
  [/看觅/g, '看看'],
  [/厝边/g, '邻居'],
  [/阮(?=兜|厝|[阿][公妈嬷母爸伯姆婆]|[爸妈某翁囝])/g, '我'],
  [/我兜/g, '我家'],
  [/厝/g, '家'],
  [/咧(?=[滴漏流叫响冒烧])/g, '在'],
  [/(?<!足)足(?=[臭热冷大多危险痛])/g, '很'],
  [/(?<=[热惊落疼痛冷吓累])甲(?=\p{Script=Han})/gu, '得'],
  [/风台/g, '台风'],
  [/落雨/g, '下雨'],
  [/今仔日/g, '今天'],
];

/** Homophones voice typing writes for the words that matter most. */
const SLIPS: ReadonlyArray<readonly [RegExp, string]> = [
  [/煤汽/g, '煤气'],
  [/[然燃]汽|然气/g, '燃气'],
  [/瓦思/g, '瓦斯'],
  [/电[体悌]/g, '电梯'],
];

/**
 * Whether any mapping above could apply: one search instead of eighty replacements for the many messages none
 * applies to (a mapping only fires on a match in the text, and an unchanged text gives the next one no new match).
 * Each pattern keeps its own flags.
 */
const ANY_MAPPING: readonly RegExp[] = (() => {
  const all = [...CANTONESE, ...MINNAN, ...REGIONAL, ...SLIPS].map(([from]) => from);
  const joined = (unicode: boolean) => all.filter((r) => r.unicode === unicode).map((r) => `(?:${r.source})`).join('|');
  return [new RegExp(joined(false)), new RegExp(joined(true), 'u')];
})();

/** Simplified text in, the same text with dialect forms, voice-typing slips and mixed-in English words in Mandarin out. */
export function toMandarin(text: string): string {
  if (!ANY_MAPPING.some((r) => r.test(text))) return readEnglish(text);
  let out = text;
  for (const [from, to] of CANTONESE) out = out.replace(from, to);
  for (const [from, to] of MINNAN) out = out.replace(from, to);
  for (const [from, to] of REGIONAL) out = out.replace(from, to);
  for (const [from, to] of SLIPS) out = out.replace(from, to);
  return readEnglish(out);
}

/** Any text as the classifier reads it: Simplified, then toMandarin. */
export function readAsMandarin(text: string): string {
  return toMandarin(toSimplified(text));
}
