/**
 * Turns normalised text into the bag of features the nlp.js network sees: character unigrams and bigrams
 * (robust to typos and to the missing word boundaries of Chinese), sentence-edge bigrams, and a few
 * shape cues that characters alone miss.
 */
import { compileAnyCue } from './lexicon.js';

export type Features = Record<string, number>;

/**
 * Cue lexicons from intents/cues/<name>.txt, each matched as a whole: a message holding any of its words gets the
 * feature "#cue:<name>". Many wordings share one feature, so a complaint word the example sentences never used
 * ("推三阻四", "踢皮球") still counts as complaint language once it is in the list.
 */
export type CueSet = readonly { feature: string; regex: RegExp }[];

export function compileCues(lexicons: ReadonlyMap<string, readonly string[]>): CueSet {
  return [...lexicons].flatMap(([name, cues]) => {
    const regex = compileAnyCue(cues);
    return regex ? [{ feature: `#cue:${name}`, regex }] : [];
  });
}

/** 11-digit mobile numbers, also written in groups: 138 0013 8000, 138-0013-8000. */
const MOBILE = /(?<!\d)1[3-9]\d(?:[ -]?\d{4}){2}(?!\d)/;
const LANDLINE = /(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)/;
const WECHAT_ID = /(?:微信|vx|v信|wx|加v)[:: ]?[a-z0-9_-]{5,}/i;
const SEGMENT_BREAK = /[\s,，。、;；:：!！~～…"'“”‘’()（）《》【】\[\]<>\-—_/\\|]+/;

export function hasContactNumber(text: string): boolean {
  return MOBILE.test(text) || LANDLINE.test(text) || WECHAT_ID.test(text);
}

export function featurize(text: string, cues: CueSet = []): Features {
  const features: Features = {};
  const lower = text.toLowerCase();
  for (const cue of cues) if (cue.regex.test(lower)) features[cue.feature] = 1;
  if (hasContactNumber(lower)) features['#contact'] = 1;
  if (/\?/.test(lower)) features['#question'] = 1;
  const compact = lower.replace(/\d+/g, '0').replace(/[a-z]+/g, 'a');
  const segments = compact
    .split(SEGMENT_BREAK)
    .flatMap((s) => s.split('?'))
    .filter((s) => s.length > 0);
  const totalLength = segments.reduce((n, s) => n + s.length, 0);
  if (totalLength <= 3) features['#short'] = 1;
  segments.forEach((segment, index) => {
    const chars = Array.from(segment);
    chars.forEach((c, i) => {
      features[c] = 1;
      const next = chars[i + 1];
      if (next !== undefined) features[c + next] = 1;
    });
    if (index === 0) features[`^${chars[0]}`] = 1;
    if (index === segments.length - 1) features[`${chars[chars.length - 1]}$`] = 1;
  });
  return features;
}
