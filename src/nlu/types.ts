/** The contract between the classifier (src/nlu) and the rest of the bot. */
import type { UrgencyLevel } from './urgency.js';

export type { UrgencyLevel } from './urgency.js';
export type Intent = 'repair' | 'complaint' | 'inquiry' | 'none';
export const INTENTS: readonly Intent[] = ['repair', 'complaint', 'inquiry', 'none'];

/** Which Chinese script the resident wrote in; replies are given back in the same one. */
export type Script = 'simplified' | 'traditional';

/** Where a message says the problem is. Every field is normalised to Simplified, half-width. */
export interface Location {
  /** e.g. "3栋", "5号楼", "B座" */
  building?: string;
  /** e.g. "2单元" */
  entrance?: string;
  /** e.g. "1502" (a room number), or "3栋2单元1502" joined in `text` */
  room?: string;
  /** e.g. "12楼" */
  floor?: string;
  /** a common area: "地下车库B区", "东门", "小区花园" */
  area?: string;
  /** the location as one human-readable string, e.g. "3栋2单元1502" */
  text: string;
}

export interface Understanding {
  intent: Intent;
  /** 0..1, the classifier's confidence in `intent` */
  confidence: number;
  /** danger now (`urgency === 'urgent'`): the resident is told help is coming and the on-duty supervisor is alerted */
  urgent: boolean;
  /** 'possibly' is the grey band: staff are asked to look now, the resident gets the usual answer */
  urgency: UrgencyLevel;
  /** 0..1, the urgency judgement behind `urgency` */
  urgencyScore: number;
  /** the resident asks for someone to come or to fix a fault (派人, 来修, 修一下…): such a message is never `none` */
  request: boolean;
  /** for repair / complaint: lift, water, power, gas, doors, facilities, structure, noise, parking, hygiene, pets, security, fees, staff, other */
  category: string | null;
  /** for inquiry: the FAQ topic key (fees, outage, renovation, access_card, parking, rules, progress, ...) */
  topic: string | null;
  location: Location | null;
  script: Script;
  /** the text after normalisation (Simplified, half-width, no @mentions/quotes/emoji/placeholders) */
  normalized: string;
}

export interface Classifier {
  classify(text: string): Understanding;
  /** The knowledge-base answer for an inquiry topic (Simplified; replies convert it); null when there is none. */
  faqAnswer(topic: string): string | null;
}
