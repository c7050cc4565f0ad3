import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, basename, extname } from 'node:path';
import { readAsMandarin } from './dialect.js';
import { parseLexiconLines } from './lexicon.js';
import { INTENTS, type Intent } from './types.js';

/**
 * The training data as staff keep it in intents/:
 *   repair.txt, complaint.txt, none.txt      one example message per line
 *   faq/<topic>.md                           "## 回答" answer text and "## 问法" example questions (inquiry intent)
 *   categories/<category>.txt                keywords for the category of a repair/complaint
 *   urgency/danger.txt, urgency/calm.txt     danger cues, and contexts that cancel them
 *   urgency/urgent.txt, urgency/not-urgent.txt  example messages for the urgency network (danger now / not now)
 *   urgency/signals/<name>.txt               word lists the urgency network sees as one feature each ("#u:<name>")
 *   requests/ask.txt, requests/fault.txt     asking for someone to come or fix, and words of a fault (the request floor)
 *   requests/smalltalk.txt                   pets, weather and the like: with no fault word, never a repair
 *   cues/advert.txt                          words that mark an advert when a phone number / WeChat id is present
 *   cues/<name>.txt                          every cue list (advert too) also gives the network a "#cue:<name>" feature
 *   locations/areas.txt                      names of common areas (东门, 地下车库, 小区花园, …)
 *   labelled/<name>.jsonl                    whole labelled messages {"text","intent","urgent"}: an intent example
 *                                            and an urgency example each (written from the labelling rules)
 */
export interface Example {
  intent: Intent;
  text: string;
}

export interface FaqEntry {
  topic: string;
  answer: string;
  questions: string[];
}

export interface Corpus {
  examples: Example[];
  faqs: FaqEntry[];
  categories: Map<string, string[]>;
  dangerCues: string[];
  calmCues: string[];
  advertCues: string[];
  /** every cues/<name>.txt by name, advert included */
  cueLexicons: Map<string, string[]>;
  areas: string[];
  urgency: UrgencyCorpus;
  requests: RequestCues;
}

export interface UrgencyCorpus {
  /** messages about danger happening now */
  urgent: string[];
  /** messages that sound dangerous but are not (drills, over, hypothetical, news, idioms) or are ordinary faults */
  notUrgent: string[];
  /** every urgency/signals/<name>.txt by name */
  signals: Map<string, string[]>;
}

export interface RequestCues {
  ask: string[];
  fault: string[];
  smalltalk: string[];
}

const EXAMPLE_FILES: Record<string, Intent> = { 'repair.txt': 'repair', 'complaint.txt': 'complaint', 'none.txt': 'none', 'inquiry.txt': 'inquiry' };

function readLines(path: string): string[] {
  return existsSync(path) ? parseLexiconLines(readFileSync(path, 'utf8')).map(readAsMandarin) : [];
}

function readLexicons(dir: string): Map<string, string[]> {
  const lexicons = new Map<string, string[]>();
  for (const f of listFiles(dir, '.txt')) lexicons.set(basename(f, '.txt'), readLines(join(dir, f)));
  return lexicons;
}

function listFiles(dir: string, extension: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => extname(f) === extension)
    .sort();
}

/** Parses a FAQ markdown file: the text under "## 回答" is the answer, each "- " line under "## 问法" a question. */
export function parseFaq(topic: string, content: string): FaqEntry {
  let section: 'answer' | 'questions' | null = null;
  const answer: string[] = [];
  const questions: string[] = [];
  for (const rawLine of content.split('\n')) {
    const line = rawLine.trim();
    if (line.startsWith('## ')) {
      section = line.includes('回答') ? 'answer' : line.includes('问法') ? 'questions' : null;
      continue;
    }
    if (section === 'answer' && !line.startsWith('#')) answer.push(rawLine.trimEnd());
    if (section === 'questions' && line.startsWith('- ')) questions.push(readAsMandarin(line.slice(2).trim()));
  }
  return { topic, answer: answer.join('\n').trim(), questions: questions.filter((q) => q.length > 0) };
}

export interface LabelledMessage {
  text: string;
  intent: Intent;
  urgent: boolean;
}

/** Parses one labelled/*.jsonl file; a bad line is an error naming the file and line, so nothing is trained half-read. */
export function parseLabelled(name: string, content: string): LabelledMessage[] {
  return content.split('\n').flatMap((line, i) => {
    if (!line.trim()) return [];
    const where = `${name}:${i + 1}`;
    let row: { text?: unknown; intent?: unknown; urgent?: unknown };
    try {
      row = JSON.parse(line) as typeof row;
    } catch {
      throw new Error(`${where}: not a JSON object`);
    }
    if (typeof row.text !== 'string' || !row.text.trim()) throw new Error(`${where}: "text" is missing`);
    if (!INTENTS.includes(row.intent as Intent)) throw new Error(`${where}: "intent" must be one of ${INTENTS.join(', ')}`);
    if (typeof row.urgent !== 'boolean') throw new Error(`${where}: "urgent" must be true or false`);
    return [{ text: readAsMandarin(row.text), intent: row.intent as Intent, urgent: row.urgent }];
  });
}

/**
 * The corpus in intents/. The whole labelled messages (intents/labelled/, some 30,000) are read only when something asks
 * for the examples or the urgency examples — training does; classifying with a cached model needs only the word lists,
 * and parsing them took half a second of every start.
 */
export function loadCorpus(dir: string): Corpus {
  const faqs = listFiles(join(dir, 'faq'), '.md').map((f) =>
    parseFaq(basename(f, '.md'), readFileSync(join(dir, 'faq', f), 'utf8')),
  );
  let training: { examples: Example[]; urgent: string[]; notUrgent: string[] } | null = null;
  const trainingExamples = () => {
    if (training) return training;
    const examples: Example[] = [];
    for (const [file, intent] of Object.entries(EXAMPLE_FILES)) {
      for (const text of readLines(join(dir, file))) examples.push({ intent, text });
    }
    const labelled = listFiles(join(dir, 'labelled'), '.jsonl').flatMap((f) =>
      parseLabelled(`labelled/${f}`, readFileSync(join(dir, 'labelled', f), 'utf8')),
    );
    for (const m of labelled) examples.push({ intent: m.intent, text: m.text });
    for (const faq of faqs) for (const text of faq.questions) examples.push({ intent: 'inquiry', text });
    training = {
      examples,
      urgent: [...readLines(join(dir, 'urgency', 'urgent.txt')), ...labelled.filter((m) => m.urgent).map((m) => m.text)],
      notUrgent: [...readLines(join(dir, 'urgency', 'not-urgent.txt')), ...labelled.filter((m) => !m.urgent).map((m) => m.text)],
    };
    return training;
  };
  const categories = new Map<string, string[]>();
  for (const f of listFiles(join(dir, 'categories'), '.txt')) {
    categories.set(basename(f, '.txt'), readLines(join(dir, 'categories', f)));
  }
  const cueLexicons = readLexicons(join(dir, 'cues'));
  return {
    get examples() {
      return trainingExamples().examples;
    },
    faqs,
    categories,
    dangerCues: readLines(join(dir, 'urgency', 'danger.txt')),
    calmCues: readLines(join(dir, 'urgency', 'calm.txt')),
    advertCues: cueLexicons.get('advert') ?? [],
    cueLexicons,
    areas: readLines(join(dir, 'locations', 'areas.txt')),
    urgency: {
      get urgent() {
        return trainingExamples().urgent;
      },
      get notUrgent() {
        return trainingExamples().notUrgent;
      },
      signals: readLexicons(join(dir, 'urgency', 'signals')),
    },
    requests: {
      ask: readLines(join(dir, 'requests', 'ask.txt')),
      fault: readLines(join(dir, 'requests', 'fault.txt')),
      smalltalk: readLines(join(dir, 'requests', 'smalltalk.txt')),
    },
  };
}
