import { advertDetector, compileCues, featurize, hasContactNumber, intentCues, type CueSet, type Features } from './features.js';
import { compileLexicon, type Lexicon } from './lexicon.js';
import type { Corpus } from './corpus.js';
import type { LinearScorer } from './network.js';

/**
 * How urgent a message is: 'urgent' (danger now: the resident is told help is coming, the on-duty supervisor is
 * alerted), 'possibly' (a grey band: staff are asked to look now, the resident gets the usual answer) or 'none'.
 */
export type UrgencyLevel = 'urgent' | 'possibly' | 'none';

/** Scores at or above which a message is urgent / possibly urgent (URGENT_THRESHOLD, POSSIBLY_URGENT_THRESHOLD). */
export interface UrgencyThresholds {
  urgent: number;
  possibly: number;
}

export const DEFAULT_URGENCY_THRESHOLDS: Readonly<UrgencyThresholds> = { urgent: 0.8, possibly: 0.5 };

export const URGENT_LABEL = 'urgent';
export const CALM_LABEL = 'calm';

/** The intent cue lists (as the intent network sees them) and the urgency word lists, danger and calm included. */
export interface UrgencyCues {
  intent: CueSet;
  signals: CueSet;
  /**
   * the intent network's feature of the same word list ("#s:<name>", intentCues) for each urgency/signals list, in the
   * order of `signals`; the danger and calm lexicons after them in `signals` have none
   */
  intentSignals: readonly string[];
}

/**
 * The word lists the urgency network sees, each as one feature: the intent cue lists (hearsay, personal, advert…),
 * urgency/signals/* ("#u:trapped", "#u:smoke", "#u:past"…), and the danger and calm lexicons themselves.
 */
export function urgencyCues(corpus: Corpus): UrgencyCues {
  const signals = compileCues(corpus.urgency.signals, '#u:');
  return {
    // all of the intent network's cue lists, so that features made from these are the intent network's features
    intent: intentCues(corpus),
    signals: [...signals, ...compileCues(new Map([['danger', corpus.dangerCues], ['calm', corpus.calmCues]]), '#u:')],
    intentSignals: signals.map((cue) => `#s:${cue.feature.slice('#u:'.length)}`),
  };
}

const SHAPE_FEATURES = new Set(['#question', '#short', '#staff-speaker']);

/**
 * What the urgency network sees: every word list that matches, each pair of them, character bigrams and the English
 * words (features.ts). Single characters and sentence edges are left out: with a few hundred examples per class they
 * mostly learn who wrote the examples (的, 了, 一直…), while bigrams ("冒烟", "出不", "发烫") carry over to wordings the
 * examples never used.
 * `base` is the intent network's features of the same text (messageFeatures, intentCues) when they are at hand: the
 * bigrams, the intent cue lists and the signal lists that network reads as well are not computed twice.
 */
export function urgencyFeatures(text: string, cues: UrgencyCues, base: Features = featurize(text, cues.intent)): Features {
  const features: Features = new Set();
  if (hasContactNumber(text)) features.add('#contact');
  const hits: string[] = [];
  for (const key of base) {
    if (key.startsWith('#cue:')) {
      if (!key.includes('&')) hits.push(key);
    } else if (SHAPE_FEATURES.has(key) || key.startsWith('w:')) {
      features.add(key);
    } else if (key.length === 2 && !key.startsWith('^') && !key.endsWith('$') && !key.startsWith('#')) {
      features.add(key);
    }
  }
  // calm words said only to be denied ("不是演习吧") are no calm signal to the network either, and "睡着了" no fire
  const read = withoutNegatedDanger(text.replace(DENIED_CALM, ' ').replace(NOT_ALIGHT, ' '));
  const lower = read.toLowerCase();
  cues.signals.forEach((cue, i) => {
    // With nothing taken out, a signal list the intent network reads too matched the same lowercased text there
    // ("#s:<name>" in `base`): asking it again was a tenth of the time it took to build the urgency examples.
    const intentFeature = read === text ? cues.intentSignals[i] : null;
    if (intentFeature ? base.has(intentFeature) : cue.regex.test(lower)) hits.push(cue.feature);
  });
  for (let i = 0; i < hits.length; i++) {
    features.add(hits[i] as string);
    for (let j = i + 1; j < hits.length; j++) features.add(`${hits[i]}&${hits[j]}`);
  }
  return features;
}

/**
 * Calm words said only to be denied ("不是演练！！楼道里真的全是烟"), to say things got worse since ("昨天还没这么斜")
 * or that the writer is away from home ("我在外地回不去": the danger is at home, not in another town) are no calm context.
 */
const DENIED_CALM = /(?:不是|并不是|没在|哪是|不系|唔系|唔係)(?:演练|演习|测试|练习|开玩笑|玩笑|误报)|(?:昨天|前天|上周|之前|刚才)还(?:没|不)|(?:我|人|我们|自己)(?:现在|正)?在外地/g;

/** "着了" after these verbs is "got to sleep / found / hit", not "caught fire" (the smoke list's "着了"). */
const NOT_ALIGHT = /(?:睡|挂|接|找|闻|见|碰|摸|吓|冻|累|饿|崩|砸|撞|逮|抓|买|借|够|听|看|用|等)着了/g;

/**
 * Danger said not to be there ("电闸老跳 没冒烟也没味", "没看到火", English "no fire" read as 没有火): neither a danger cue
 * nor a danger signal.
 */
const NEGATED_DANGER = /(?:没有|没|无|不见|没见|没看到|看不到)(?:冒烟|冒火|烟味|烟|火花|火苗|明火|着火|火|焦味|糊味|异味|味道|味)/g;

function withoutNegatedDanger(text: string): string {
  return text.replace(NEGATED_DANGER, ' ');
}

/** A danger cue (danger.txt) that is not said to be absent. */
export function namesDanger(danger: Lexicon, text: string): boolean {
  return danger.matches(withoutNegatedDanger(text));
}

/**
 * "千万别坐电梯" is advice, a calm context in a forwarded safety guide, but not once someone has called the fire
 * brigade or the police: then it is what neighbours are told to do now ("已经打119了 楼上的走楼梯 千万别坐电梯").
 */
const CALLED_FOR_HELP = /(?:已经|刚|已)(?:打了?|拨了?)?(?:119|110|120)|(?:打|拨)了(?:119|110|120)|(?:已经|已)报警|报警了|报了火警/;
const ADVICE = /千万(?:别|不要)/g;

/** A calm context (calm.txt) that is not denied in the same message. */
export function hasCalmContext(calm: Lexicon, text: string): boolean {
  const live = CALLED_FOR_HELP.test(text) ? text.replace(ADVICE, ' ') : text;
  return calm.matches(live.replace(DENIED_CALM, ' ').replace(SOUND_THEN_DI, '$1$1 '));
}

/** "嘶嘶地漏", "哗哗地流": 地 after a sound word is an adverb, not the floor drain (地漏) of the calm list. */
const SOUND_THEN_DI = /(\p{Script=Han})\1地/gu;

/** A margin of this many points between the two outputs is about 73% / 27%. */
const MARGIN_SCALE = 3;
/**
 * Below this network score a danger cue does not lift the message: the network is sure the cue is talked about, not
 * reported ("刚才煤气味是隔壁在改管道 已经处理完了", "加班加到头顶冒烟"), in a wording the calm list does not know.
 */
const CUE_NEEDS_SCORE = 0.05;
/**
 * A message of WORDY characters or more gives the network enough to judge by, and its danger cue lifts it only from
 * this score. A bare cry ("着火了", "爆管了") holds little but the danger word, and the network scores it 0.1–0.3;
 * longer messages it scored under 0.4 despite a danger cue were never urgent when this was chosen — 79 of the 32,686
 * labelled messages and 12 of the 2,932 check-set messages, jokes, danger elsewhere or over ("冒烟了冒烟了 我的手机🔥",
 * "我公司楼下刚刚着火了 今天应该不用上班了😂", "谢谢工程部的师傅 总算关住了 现在在抽水") — and those had made a fifth of
 * the urgent alerts that were wrong. A round later (46,472 labelled and check-set messages) 3 of the 184 it holds back
 * are urgent.
 */
const WORDY_CUE_NEEDS_SCORE = 0.4;
const WORDY = 10;
const COUNTED = /[\s\p{P}\p{S}\d]/gu;

/** The least network score at which a danger cue lifts this message. */
function cueNeedsScore(text: string): number {
  return text.replace(COUNTED, '').length >= WORDY ? WORDY_CUE_NEEDS_SCORE : CUE_NEEDS_SCORE;
}
/** The least score of a message with an uncancelled danger cue: urgent at the default thresholds. */
const NAMED_DANGER_SCORE = DEFAULT_URGENCY_THRESHOLDS.urgent;

/** Word lists (urgency/signals/<name>.txt) of danger to the building itself: such a report is a repair. */
const PROPERTY_HAZARDS = ['trapped', 'smoke', 'gas', 'electric', 'water', 'falling', 'structure', 'opening'];
/** Of those, the building's services: something thrown that sets one of them off is more than a nuisance. */
const SERVICES_HAZARDS = ['smoke', 'gas', 'electric', 'water'];
/** Word lists of danger talked about rather than reported. */
const TALK_CONTEXTS = ['relayed', 'notice', 'idiom', 'over', 'past', 'hypothetical'];

export interface UrgencyJudgement {
  level: UrgencyLevel;
  /** 0..1: the network's belief that the message reports danger now, raised by an uncancelled danger cue */
  score: number;
  /**
   * a danger cue (danger.txt) cancelled by a calm context, in a message that talks about danger rather than reports
   * it (news or hearsay, a notice or drill, a joke, over now, in the past, hypothetical: signals relayed, notice,
   * idiom, over, past, hypothetical)
   */
  calmedDanger: boolean;
  /** the message speaks of fire, gas, electricity, water, falling parts, cracks, holes or being shut in */
  propertyHazard: boolean;
  /** things thrown or poured from height (urgency/signals/thrown.txt) */
  thrown: boolean;
  /** someone shut in: a lift, a room, a garage (urgency/signals/trapped.txt) */
  trapped: boolean;
  /**
   * the danger comes from the building's services or a named danger cue: fire, smoke, gas, electricity, water
   * (signals smoke/gas/electric/water) or a danger.txt cue not cancelled by calm.txt
   */
  servicesHazard: boolean;
}

export interface UrgencyJudge {
  /** `features`: the intent network's features of the same text, and `advert`: whether it is an advert, if known */
  judge(text: string, features?: Features, advert?: boolean): UrgencyJudgement;
}

/**
 * The learned judgement (a binary nlp.js network over bigrams and the word lists) combined with the lexicons. The
 * network's score is a logistic of the margin between its two outputs; a danger cue not cancelled by a calm context
 * makes the message urgent (the score rises halfway to 1, and at least to the default urgent threshold), unless the
 * network is sure the message only talks about danger (CUE_NEEDS_SCORE). Adverts (advertDetector) are never urgent,
 * whatever dangers they offer to fix.
 */
export function createUrgencyJudge(
  scorer: LinearScorer,
  corpus: Corpus,
  thresholds: UrgencyThresholds,
): UrgencyJudge {
  const cues = urgencyCues(corpus);
  const danger = compileLexicon(corpus.dangerCues);
  const calm = compileLexicon(corpus.calmCues);
  const isAdvert = advertDetector(corpus.advertCues);
  const labels = scorer.labels;
  const urgentAt = labels.indexOf(URGENT_LABEL);
  const calmAt = labels.indexOf(CALM_LABEL);
  return {
    judge(text, base, advert = isAdvert(text)) {
      if (!text || advert) {
        return { level: 'none', score: 0, propertyHazard: false, thrown: false, trapped: false, servicesHazard: false, calmedDanger: false };
      }
      const features = urgencyFeatures(text, cues, base);
      const raw = scorer.rawScores(features);
      const margin = (raw[urgentAt] ?? 0) - (raw[calmAt] ?? 0);
      const lexicon = namesDanger(danger, text);
      const propertyHazard = PROPERTY_HAZARDS.some((name) => features.has(`#u:${name}`));
      const thrown = features.has('#u:thrown');
      let score = 1 / (1 + Math.exp(-margin / MARGIN_SCALE));
      // counted only for the few messages with a danger cue, not for every message
      const named = lexicon && !hasCalmContext(calm, text) && score >= cueNeedsScore(text);
      if (named) score = Math.max((score + 1) / 2, NAMED_DANGER_SCORE);
      const level = score >= thresholds.urgent ? 'urgent' : score >= thresholds.possibly ? 'possibly' : 'none';
      const servicesHazard = named || SERVICES_HAZARDS.some((name) => features.has(`#u:${name}`));
      const calmedDanger = lexicon && !named && TALK_CONTEXTS.some((name) => features.has(`#u:${name}`));
      return { level, score, propertyHazard: propertyHazard || (lexicon && !thrown), thrown, trapped: features.has('#u:trapped'), servicesHazard, calmedDanger };
    },
  };
}
