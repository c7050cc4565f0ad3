/** Parsing of staff-command arguments. Pure, so it is tested without a database. */

export interface TicketRef { id: number; rest: string }

/** Full-width digits and ＃ as staff type them on a Chinese keyboard: "＃１７" → "#17". */
export function halfWidthDigits(text: string): string {
  return text.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/＃/g, '#');
}

/** "#17 师傅在路上" / "17" / "＃１７" → { id: 17, rest: "师傅在路上" }; null without a ticket number. */
export function parseTicketRef(args: string): TicketRef | null {
  const refs = parseTicketRefs(args);
  return refs ? { id: refs.ids[0]!, rest: refs.rest } : null;
}

export interface TicketRefs { ids: number[]; rest: string }

/**
 * "#1 #2 说明" → ids [1, 2], rest "说明". The first number may go without "#"; further ones need
 * it ("#1 #2", "#1、#2", "#1,#2"), unless `bareExtras` (commands that take no text after the
 * numbers: "接单 1 2"). A number repeated counts once.
 */
export function parseTicketRefs(args: string, opts: { bareExtras?: boolean } = {}): TicketRefs | null {
  const text = halfWidthDigits(args).trim();
  const first = /^#?\s*(\d{1,9})(?!\d)/.exec(text);
  if (!first) return null;
  const ids = [Number(first[1])];
  let rest = text.slice(first[0].length);
  const more = opts.bareExtras
    ? /^[\s\u2005:：,，、和及]*#?\s*(\d{1,9})(?=[\s\u2005,，、]|$)/
    : /^[\s\u2005:：,，、和及]*#\s*(\d{1,9})(?!\d)/;
  for (let m = more.exec(rest); m; m = more.exec(rest)) {
    ids.push(Number(m[1]));
    rest = rest.slice(m[0].length);
  }
  return { ids: [...new Set(ids)], rest: rest.replace(/^[\s\u2005:：,，]+/, '').trim() };
}

const MENTION = /@[^\s\u2005@]+[\s\u2005]?/g;

/** The text with every "@名字" taken out (the @mention itself is resolved from the message's mention ids). */
export function stripMentions(text: string): string {
  return text.replace(MENTION, ' ').replace(/[\s\u2005]+/g, ' ').trim();
}

/**
 * The contact ids a message @mentions, without the bot. WeChat lists mentions in the order they
 * appear, so when the counts agree the "@邻里小助手" token tells which id is the bot's.
 */
export function mentionedIds(rawText: string, mentionIds: string[], botName: string, mentionsBot: boolean): string[] {
  const tokens = [...rawText.matchAll(/@([^\s\u2005@]+)/g)].map((m) => m[1]!);
  if (tokens.length === mentionIds.length) {
    return mentionIds.filter((_id, i) => !tokens[i]!.startsWith(botName));
  }
  // Counts disagree (a mention typed by hand): drop one id for the bot when the bot was addressed first.
  if (mentionsBot && rawText.trim().startsWith(`@${botName}`) && mentionIds.length > 1) return mentionIds.slice(1);
  return mentionsBot && mentionIds.length === 1 && rawText.trim().startsWith(`@${botName}`) ? [] : mentionIds;
}

/** The display text of the first non-bot "@名字" in a message, as the manager typed it. */
export function firstMentionText(rawText: string, botName: string): string | null {
  for (const m of rawText.matchAll(/@([^\s\u2005@]+)/g)) if (!m[1]!.startsWith(botName)) return m[1]!;
  return null;
}

export type ListFilter = 'mine' | 'unaccepted' | 'overdue' | 'all' | 'active';

const LIST_WORDS: Record<string, ListFilter> = {
  我的: 'mine', mine: 'mine', my: 'mine',
  未接: 'unaccepted', 待接: 'unaccepted', 未接单: 'unaccepted', open: 'unaccepted',
  超时: 'overdue', 逾期: 'overdue', overdue: 'overdue',
  全部: 'all', 所有: 'all', all: 'all',
  进行中: 'active', 处理中: 'active', active: 'active',
};

/** "工单 我的" → mine; nothing → active; an unknown word → null. */
export function parseListFilter(args: string): ListFilter | null {
  const word = args.trim().toLowerCase();
  if (!word) return 'active';
  return LIST_WORDS[word] ?? null;
}

export type StatsRange = 'today' | 'week' | 'month';

const RANGE_WORDS: Record<string, StatsRange> = {
  今天: 'today', 今日: 'today', today: 'today',
  本周: 'week', 这周: 'week', 本星期: 'week', week: 'week',
  本月: 'month', 这个月: 'month', month: 'month',
};

export function parseStatsRange(args: string): StatsRange | null {
  const word = args.trim().toLowerCase();
  if (!word) return 'today';
  return RANGE_WORDS[word] ?? null;
}

export type Role = 'manager' | 'supervisor' | 'agent' | 'technician';

const ROLE_WORDS: [RegExp, Role][] = [
  [/^(经理|manager)$/i, 'manager'],
  [/^(主管|supervisor)$/i, 'supervisor'],
  [/^(客服|管家|前台|agent)$/i, 'agent'],
  [/^(维修|师傅|维修师傅|技工|工程|technician)$/i, 'technician'],
];

export function parseRole(word: string): Role | null {
  for (const [re, role] of ROLE_WORDS) if (re.test(word.trim())) return role;
  return null;
}

/** "维修 李建国" (after the @mention is removed) → role and the name the manager gives. */
export function parseStaffSpec(rest: string): { role: Role | null; name: string | null } {
  const words = rest.split(/[\s,，]+/).filter(Boolean);
  let role: Role | null = null;
  const others: string[] = [];
  for (const w of words) {
    const r: Role | null = role ? null : parseRole(w);
    if (r) role = r;
    else others.push(w);
  }
  return { role, name: others.length ? others.join('') : null };
}
