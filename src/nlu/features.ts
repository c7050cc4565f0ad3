/**
 * Turns normalised text into the bag of features the nlp.js network sees: character unigrams and bigrams
 * (robust to typos and to the missing word boundaries of Chinese), sentence-edge bigrams, and a few
 * shape cues that characters alone miss.
 */
import { compileAnyCue } from './lexicon.js';
import { normalizeWithQuote, type NormalizedWithQuote } from './normalize.js';
import type { Corpus } from './corpus.js';

/** The features a message holds. Each is there or not: a network weighs every feature it holds once. */
export type Features = Set<string>;

/**
 * Cue lexicons from intents/cues/<name>.txt, each matched as a whole: a message holding any of its words gets the
 * feature "#cue:<name>". Many wordings share one feature, so a complaint word the example sentences never used
 * ("推三阻四", "踢皮球") still counts as complaint language once it is in the list.
 */
export type CueSet = readonly { feature: string; regex: RegExp }[];

export function compileCues(lexicons: ReadonlyMap<string, readonly string[]>, prefix = '#cue:'): CueSet {
  return [...lexicons].flatMap(([name, cues]) => {
    const regex = compileAnyCue(cues);
    return regex ? [{ feature: `${prefix}${name}`, regex }] : [];
  });
}

/**
 * The word lists the intent network sees: cues/<name>.txt ("#cue:<name>") and the urgency signal lists
 * ("#s:<name>"). The signals' contexts (relayed, notice, idiom, over, past, hypothetical) are what tell danger talked
 * about ("听说隔壁小区电梯掉下来了") from danger reported, which the cue lists alone did not.
 */
export function intentCues(corpus: Pick<Corpus, 'cueLexicons' | 'urgency'>): CueSet {
  return [...compileCues(corpus.cueLexicons), ...compileCues(corpus.urgency.signals, '#s:')];
}

/**
 * Some mark of a question or a wish to know (吗, 怎么, 哪, 几, 多少, 请问, X不X, X还是Y, 想办…; the southwest's 好多钱 and
 * 好久能 for 多少钱 and 什么时候): the feature "#asks". The classifier reads it too: a message the network files as an
 * inquiry without any of them is a statement — usually a neighbour answering someone else ("驿站九点关门的", "门禁卡去
 * 前台办") or passing a notice on — so unless it carries complaint or fault wording it is taken as chatter.
 */
const QUESTION_MARK =
  /[?？吗嗎么麼呢]|怎|什么|什麼|啥|哪|几|幾|多少|多久|多长|多長|请问|請問|咨询|諮詢|能不能|能否|可不可以|是不是|有没有|有沒有|会不会|會不會|要不要|需不需要|用不用|问一下|问下|問一下|想问|想問|谁|誰|如何|想办|想辦|想申请|想申請|想了解|想租|想知道|求问|告诉|告訴|进度|進度|为啥|為啥|为何|多大|多远|能.{0,6}吧|可以.{0,8}吧|行不行|对不对|有.{0,8}没|是否|了没|还是|真的假的|干嘛|干啥|咋|点解|点样|几时|边个|边度|系咪|有冇|咩|乜|得唔得|(?:没有|没|未|冇|不)[啊呀啦哈㗎呢吖]*(?=[\s,，。!！~～]|$)|(\p{Script=Han})[不唔没沒冇]\1|好多钱|是好多|好多一|好久(?:能|修|来)/u;

/**
 * An English question without its "?", as chat English writes it ("how to book the party room", "do we pay the water
 * bill to you"): a question word opening the message (after a greeting or an @name), or a question phrase anywhere.
 */
const ENGLISH_QUESTION =
  /^(?:(?:hi|hello|hey|dear|excuse me|sorry|pls|please|@\S+)[\s,!.]*)*(?:can|could|does|is|are|would|what|whats|when|where|which|who|why|how|any|anyone|anybody|do (?:i|we|you|u|they)|did (?:anyone|someone|you|u)|will (?:there|the|it|you|u)|should (?:i|we)|may i)\b|\b(?:how (?:to|do|does|can|much|long|many|often)|what(?:'s| is| are| time| day| about)|whats|when (?:is|are|does|do|will|can)|where (?:is|are|can|do|should)|is there|are there|is it (?:ok|allowed|possible)|does (?!not\b)|can (?:i|we|u|you|my|our)|do (?:i|we|u|you|they) (?:need|have|pay)|anyone know|any idea|wondering)\b/;

/**
 * The message opens with a staff member's name as its speaker ("物业小李:", "物业工程部:", "保安队长:", "转发物业通知:"): staff's
 * own words posted or passed on, not a resident's report. A bare "物业:" may be a resident addressing the company
 * ("物业:楼道灯坏了"), so it counts only when staff's way of speaking follows: "物业:已通知维保单位", "保安:请大家绕行".
 */
const STAFF_WORD = '(?:物业|管家|客服|保安|前台|工程部|服务中心|管理处|电工|维修部|保洁|总干事|管理员|管委会|警卫)';
const STAFF_OPENING = '(?:已|正在|目前|经|收到|感谢|各位|大家|本[周月次]|今[天晚日早]|明[天日早晚]|现场|维修|师傅|电工|保安|工程|温馨|通知|提醒|抱歉|我们?已|关于|根据|请(?:大家|各位|业主|住户|先|勿|不要|保持|提前|注意|及时|配合|绕行))';
const STAFF_SPEAKER = new RegExp(
  `^@?(?:转发?|转一下)?\\s*${STAFF_WORD}(?:[\\p{Script=Han}a-z]{1,5}\\s*:|\\s*:\\s*${STAFF_OPENING})`,
  'u',
);

/** 11-digit mobile numbers, also written in groups: 138 0013 8000, 138-0013-8000. */
export const MOBILE = /(?<!\d)1[3-9]\d(?:[ -]?\d{4}){2}(?!\d)/;
export const LANDLINE = /(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)/;
const WECHAT_ID = /(?:微信|vx|v信|wx|加v)[:: ]?[a-z0-9_-]{5,}/i;
const SEGMENT_BREAK = /[\s,，。、;；:：!！~～…"'“”‘’()（）《》【】\[\]<>\-—_/\\|]+/;

/** A mobile or landline number or a WeChat id: with sales words, the mark of an advert. */
export function hasContactNumber(text: string): boolean {
  return MOBILE.test(text) || LANDLINE.test(text) || WECHAT_ID.test(text);
}

/**
 * A seller's invitation to get in touch privately: an advert needs no number ("家财险 一年只要99 有意者私聊"). A
 * resident's "看到私聊我" is no such invitation: it would make "…约个时间上门看看" an advert.
 */
const PRIVATE_CONTACT =
  /有意者?(?:请|可)?私|欢迎私[聊信]|(?:需要|感兴趣)的?(?:朋友|邻居|亲)?(?:请|可以)?私[聊信]|(?<![a-z])(?:dm|pm|inbox|whatsapp|wechat) me(?![a-z])|(?<![a-z])add (?:me|my wechat)(?![a-z])|(?<![a-z])call (?:1[3-9]\d|(?:mr|mrs|ms|miss|master|handy|uncle|auntie) [a-z]+)/i;

/**
 * An advert: a way to reach the seller (a number, or "有意者私聊") and sales words (cues/advert.txt). Adverts for
 * repair services are full of repair and danger words; this settles them before any network is asked.
 */
export function advertDetector(advertCues: readonly string[]): (text: string) => boolean {
  const sales = compileAnyCue(advertCues);
  return (text) => sales !== null && (hasContactNumber(text) || PRIVATE_CONTACT.test(text)) && sales.test(text);
}

/**
 * A contact number is no feature here: adverts with one are settled by a rule (a number and sales words), and a
 * network that saw the number learned from the adverts that any number means chatter, so a resident giving their own
 * number ("漏水了 电话138…") went unanswered. The urgency network still sees it ("#contact", urgency.ts).
 */
export function featurize(text: string, cues: CueSet = []): Features {
  const features: Features = new Set();
  const lower = text.toLowerCase();
  const hit = cues.filter((cue) => cue.regex.test(lower)).map((cue) => cue.feature);
  for (const feature of hit) features.add(feature);
  // Pairs of cue lists, so a fault word next to a pet, a purchase or a news report ("狗子把耳机咬坏了",
  // "新闻说…电梯坏了") can weigh differently from a fault word alone.
  for (let i = 0; i < hit.length; i++) for (let j = i + 1; j < hit.length; j++) features.add(`${hit[i]}&${hit[j]}`);
  if (/\?/.test(lower)) features.add('#question');
  // Any form of question, not only "?": "物业费涨不涨" and "停水几点结束" ask as plainly, and question words next to
  // news or a drill ("听说下周停燃气 真的假的") had left the network no sign of a question at all.
  if (QUESTION_MARK.test(lower) || ENGLISH_QUESTION.test(lower)) features.add('#asks');
  if (STAFF_SPEAKER.test(lower)) features.add('#staff-speaker');
  for (const feature of englishWords(lower)) features.add(feature);
  // Digits are no feature: a phone, ID or flat number says nothing of intent, and learned from adverts, numbers had
  // made "卫生间漏水了，电话138…，身份证…" chatter. Letters still count as one mark ("a").
  const compact = lower.replace(/\d+/g, ' ').replace(/[a-z]+/g, 'a');
  const segments = compact
    .split(SEGMENT_BREAK)
    .flatMap((s) => s.split('?'))
    .filter((s) => s.length > 0);
  const totalLength = segments.reduce((n, s) => n + s.length, 0);
  if (totalLength <= 3) features.add('#short');
  for (let index = 0; index < segments.length; index++) {
    const chars = Array.from(segments[index] as string);
    let previous = '';
    let before = '';
    for (const c of chars) {
      features.add(c);
      if (previous) features.add(previous + c);
      if (before) features.add(before + previous + c);
      before = previous;
      previous = c;
    }
    if (index === 0) features.add(`^${chars[0]}`);
    if (index === segments.length - 1) features.add(`${previous}$`);
  }
  return features;
}

/**
 * Runs of three characters are features too (seventeenth round): "缝里透风", "吹歪了", "打起来" weigh as a phrase where
 * their bigrams alone ("缝里", "起来") lean on whatever else they were seen with. On all check sets (three seed sets)
 * false tickets 3.35% → 2.94%, missed requests 2.49% → 2.56%, macro-F1 0.955 → 0.956, lower false tickets in every
 * round's sets. A trigram fewer than five examples hold is left out of the intent network (MIN_TRIGRAM_EXAMPLES):
 * that keeps the gain with a tenth of the trigrams (100,000 weights a label without trigrams, 308,000 with all, 124,000
 * like this; three examples: 144,000 and the same figures), so the bot's memory stays under its target. The urgency
 * network reads bigrams only (urgency.ts).
 */
export const MIN_TRIGRAM_EXAMPLES = 5;
export function isTrigram(feature: string): boolean {
  return feature.length === 3 && !/[#^$:&]/.test(feature);
}

/** Words too common in English chat to say anything of a message. */
const ENGLISH_STOPWORDS = new Set(
  'a an the is are was were be been am i me my we our us you your he him his she her it its they them their this that these those to of in on at by for from with and or but so as if than then there here just also very too really'.split(' '),
);

/** An English word without its ending ("leaking", "leaked", "leaks" → "leak"): few examples teach each form. */
function englishStem(word: string): string {
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith('ed')) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/**
 * The English words left once english.ts has read the phrases it knows, and each pair of them in a row: "w:<stem>",
 * "w:<stem>_<stem>". Letters are otherwise only one mark among the characters, and a message in English would be read
 * by the phrase table alone.
 */
function englishWords(lower: string): string[] {
  const words = (lower.match(/[a-z]+(?:'[a-z]+)?/g) ?? [])
    .map((w) => w.replace(/'s$/, ''))
    .filter((w) => w.length > 1 && !ENGLISH_STOPWORDS.has(w))
    .map(englishStem);
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    out.push(`w:${words[i]}`);
    if (i > 0) out.push(`w:${words[i - 1]}_${words[i]}`);
  }
  return out;
}

/**
 * A quoted reply's own words are often too short to judge alone ("上个月也是这么说的" under a quoted "已记录"), so
 * when they are short the quoted message adds weak context: which cue lists it matches, prefixed "q", and whether
 * the property's staff wrote it. Long replies speak for themselves and get no context features.
 */
const CONTEXT_MAX_CHARS = 16;
/** The cue list of thanks, 收到, 好的 and other acknowledgements (cues/chat.txt). */
const ACKNOWLEDGEMENT = '#cue:chat';
const STAFF_AUTHOR = /物业|管家|客服|前台|经理|保安|师傅|工程|维修|服务中心|主任|管理处/;

export function contextFeatures(own: string, quoted: string | null, author: string | null, cues: CueSet): Features {
  const features: Features = new Set();
  if (quoted === null) return features;
  const ownLength = own.replace(/[\s\p{P}\p{S}]/gu, '').length;
  if (ownLength > CONTEXT_MAX_CHARS) return features;
  features.add('#quoted');
  if (author !== null && STAFF_AUTHOR.test(author)) {
    features.add('#quoted:staff');
    // Staff's "已记录，会尽快处理" answered with neither thanks nor an acknowledgement ("这话我都能背下来了") is
    // weariness, not chatter: the many "收到"s under staff notices had taught the network that any reply to staff is.
    if (!cues.some((cue) => cue.feature === ACKNOWLEDGEMENT && cue.regex.test(own.toLowerCase()))) features.add('#quoted:staff:unacked');
  }
  const lower = quoted.toLowerCase();
  for (const cue of cues) if (cue.regex.test(lower)) features.add(`q${cue.feature}`);
  return features;
}

/** Normalises a raw group message and returns its text and the features the networks see. */
export function messageFeatures(raw: string, cues: CueSet): { normalized: NormalizedWithQuote; features: Features } {
  const normalized = normalizeWithQuote(raw);
  const own = normalized.own.text;
  const features = featurize(own, cues);
  for (const feature of contextFeatures(own, normalized.quoted, normalized.author, cues)) features.add(feature);
  return { normalized, features };
}

/** A message's own normalised words and the intent network's features of them. */
export interface Featured {
  text: string;
  features: Features;
}

/** messageFeatures remembered by raw text, so training featurises each example once for both networks. */
export function featuresOnce(cues: CueSet): (raw: string) => Featured {
  const seen = new Map<string, Featured>();
  return (raw) => {
    let featured = seen.get(raw);
    if (!featured) {
      const { normalized, features } = messageFeatures(raw, cues);
      featured = { text: normalized.own.text, features };
      seen.set(raw, featured);
    }
    return featured;
  };
}
