/**
 * What a staff member writes for the residents (进度/完成/挂起 notes) is about one household. It
 * goes to the group only when it holds nothing personal; otherwise to the reporter privately, or
 * to nobody when it is about another household's money or numbers. Pure, tested without a database.
 */
import { containsPersonalData, maskPersonalData } from '../privacy.js';

/** `私 …`, `私：…`, `（私）…`: the staff member asks for the note to go to the reporter only. */
const PRIVATE_MARK = /^\s*(?:[（(【\[]\s*私(?:信|下)?\s*[)）】\]]|私(?:信|下)?(?=[\s:：,，]|$))[\s:：,，]*/;
// The same mark right after the ticket number in the message as typed. Reading a message joins
// a lone character to the next word ("私 明天上门" → "私明天上门", see nlu cleanText), so the
// space that makes 私 a mark is only seen in the raw text.
const MARK_AFTER_NUMBER = /[0-9０-９][\s\u2005:：,，]*(?:[（(【\[]\s*私(?:信|下)?\s*[)）】\]]|私(?:信|下)?(?=[\s\u2005:：,，]|$))/;

/**
 * The note of a ticket command with the 私 mark put back when the message as typed had it
 * ("进度 #1 私 明天上门" is read as "私明天上门"): marked notes start with "（私）".
 */
export function withPrivateMark(note: string, rawMessage: string): string {
  if (PRIVATE_MARK.test(note) || !MARK_AFTER_NUMBER.test(rawMessage)) return note;
  return `（私）${note.replace(/^私(?:信|下)?/, '')}`;
}

// Money: "120元", "¥120", "一千二百元", and arrears words even without a figure.
const AMOUNT = /[¥￥]\s*\d|\d+(?:\.\d+)?\s*(?:元|块|塊|圆|圓)|[零〇一二两三四五六七八九十百千万]+\s*(?:元|块|塊)|欠费|欠費|欠款|欠缴|欠繳|尚欠|拖欠|未缴|未繳|滞纳金|滯納金|催缴|催繳/;

// A household: "3栋2单元1502", "2单元1502", "1502室", "1502户", "3-2-1502", "3-1502".
const UNIT_PATTERNS = [
  /(?:\d+|[A-Za-z])\s*(?:栋|棟|号楼|號樓|幢|座)\s*(?:\d+\s*单元)?\s*(\d{3,4})(?!\d)/g,
  /\d+\s*单元\s*(\d{3,4})(?!\d)/g,
  /(?<!\d)(\d{3,4})\s*(?:室|户|戶|房(?!租|费|東|东))/g,
  /(?<![\d.:-])\d{1,2}-(?:\d{1,2}-)?(\d{3,4})(?![\d:-])/g,
];

/** The door numbers ("1502") of the households a text names. */
export function doorNumbersIn(text: string): string[] {
  const found = new Set<string>();
  for (const re of UNIT_PATTERNS) for (const m of text.matchAll(re)) found.add(m[1]!);
  return [...found];
}

export type WithheldReason = 'amount' | 'unit' | 'other-unit' | 'personal-number' | 'marked';

export const REASON_WORDS: Record<WithheldReason, string> = {
  amount: '金额或欠费', unit: '房号', 'other-unit': '其他住户的房号', 'personal-number': '电话或证件号', marked: '标了「私」',
};

export interface NotePlan {
  /** the note as written (marker removed, trimmed), for the reporter in private */
  text: string;
  /** the note with personal data masked, for the record and the staff room */
  masked: string;
  /** where it may go: everyone the ticket's messages reach, the reporter only, or no resident */
  audience: 'group' | 'reporter' | 'none';
  reasons: WithheldReason[];
}

/**
 * Decides where a note may go. A door number goes to the reporter only — even their own, which
 * the group is not told either (see reports.ts) —; `ownDoors` are the reporter's door numbers
 * (ticket location, bound units), so only another household's number next to money or a phone
 * or ID number keeps the note from every resident.
 */
export function planNote(raw: string, ownDoors: string[], max = 300): NotePlan {
  const mark = PRIVATE_MARK.exec(raw);
  const text = (mark ? raw.slice(mark[0].length) : raw).trim().slice(0, max);
  const reasons: WithheldReason[] = [];
  if (mark) reasons.push('marked');
  if (AMOUNT.test(text)) reasons.push('amount');
  const doors = doorNumbersIn(text);
  const others = doors.filter((d) => !ownDoors.includes(d));
  if (others.length) reasons.push('other-unit');
  else if (doors.length) reasons.push('unit');
  if (containsPersonalData(text)) reasons.push('personal-number');
  const masked = maskPersonalData(text);
  // Money or numbers next to another household's door number are that household's business.
  const audience = !reasons.length ? 'group'
    : others.length && (reasons.includes('amount') || reasons.includes('personal-number')) ? 'none' : 'reporter';
  return { text: audience === 'none' ? masked : text, masked, audience, reasons };
}

/** "说明含金额或欠费、其他住户的房号" for the staff member. */
export function reasonsText(reasons: WithheldReason[]): string {
  return reasons.map((r) => REASON_WORDS[r]).join('、');
}
