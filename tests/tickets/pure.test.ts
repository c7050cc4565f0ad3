import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { toCsv } from '../../src/domain/reports/csv.js';
import { mentionedIds, parseListFilter, parseStaffSpec, parseStatsRange, parseTicketRef, stripMentions } from '../../src/domain/tickets/args.js';
import { mayTake, workingStatus } from '../../src/domain/tickets/lifecycle.js';
import { parseRatingReply } from '../../src/domain/tickets/rating-phrases.js';
import { dueLevel, durationWords, nextSlaStep, shiftedForPause, targetsFor } from '../../src/domain/tickets/sla.js';

const sla = loadConfig({}).sla;
const T0 = new Date('2026-11-23T01:00:00Z');
const min = (n: number) => new Date(T0.getTime() + n * 60_000);

describe('rating replies', () => {
  it.each([
    ['5', 5], ['５', 5], ['5分', 5], ['五星', 5], ['五星好评！', 5], ['非常满意', 5], ['非常满意，谢谢师傅', 5], ['我给5分', 5],
    ['满意', 4], ['滿意', 4], ['不错，谢谢', 4], ['一般', 3], ['3星', 3], ['不满意', 2], ['很不满意', 1], ['1', 1],
  ])('%s → %i', (text, score) => {
    expect(parseRatingReply(text)).toEqual({ kind: 'score', score });
  });
  it.each(['没修好', '沒修好', '还是坏的', '还在漏', '没修好，还在漏', '师傅来过了但还是不行'])('%s → not fixed', (text) => {
    expect(parseRatingReply(text)).toEqual({ kind: 'not-fixed' });
  });
  it.each(['6', '0', '谢谢', '好的', '楼道灯坏了', '厨房水管漏水了，麻烦派人来看看', '我对这个小区的绿化非常满意但是停车太难了'])('%s → not a rating', (text) => {
    expect(parseRatingReply(text)).toBeNull();
  });
});

describe('command arguments', () => {
  it('reads ticket references', () => {
    expect(parseTicketRef('#17 师傅在路上')).toEqual({ id: 17, rest: '师傅在路上' });
    expect(parseTicketRef('17')).toEqual({ id: 17, rest: '' });
    expect(parseTicketRef('＃8：等配件')).toEqual({ id: 8, rest: '等配件' });
    expect(parseTicketRef('')).toBeNull();
    expect(parseTicketRef('明天')).toBeNull();
  });
  it('finds the people mentioned, leaving out the bot', () => {
    expect(mentionedIds('@邻里小助手 派单 #3 @李师傅', ['bot', 'li'], '邻里小助手', true)).toEqual(['li']);
    expect(mentionedIds('派单 #3 @李师傅', ['li'], '邻里小助手', false)).toEqual(['li']);
    expect(mentionedIds('@邻里小助手 值班', ['bot'], '邻里小助手', true)).toEqual([]);
    expect(stripMentions('@李师傅\u2005维修 李建国')).toBe('维修 李建国');
  });
  it('reads roles, names, list filters and ranges', () => {
    expect(parseStaffSpec('维修 李建国')).toEqual({ role: 'technician', name: '李建国' });
    expect(parseStaffSpec('主管')).toEqual({ role: 'supervisor', name: null });
    expect(parseStaffSpec('小王')).toEqual({ role: null, name: '小王' });
    expect(parseListFilter('')).toBe('active');
    expect(parseListFilter('超时')).toBe('overdue');
    expect(parseListFilter('随便')).toBeNull();
    expect(parseStatsRange('本周')).toBe('week');
    expect(parseStatsRange('明年')).toBeNull();
  });
});

describe('ticket states', () => {
  it('allows only sensible steps', () => {
    expect(mayTake('resolve', 'closed')).toBe(false);
    expect(mayTake('resolve', 'paused')).toBe(true);
    expect(mayTake('reopen', 'open')).toBe(false);
    expect(mayTake('hold', 'resolved')).toBe(false);
    expect(workingStatus({ acceptedAt: null, assigneeId: null })).toBe('open');
    expect(workingStatus({ acceptedAt: T0, assigneeId: 'x' })).toBe('accepted');
  });
});

describe('SLA', () => {
  const ticket = (over: Partial<Parameters<typeof nextSlaStep>[0]> = {}) => ({
    status: 'open', category: 'water', urgent: false, respondDueAt: min(15), resolveDueAt: min(24 * 60), respondLevel: 0, resolveLevel: 0, ...over,
  });
  it('targets: 15 min / 24 h, lifts 2 h, urgent at once, per-category overrides', () => {
    expect(targetsFor({ category: 'water', urgent: false }, sla)).toEqual({ respondMs: 15 * 60_000, resolveMs: 24 * 3_600_000 });
    expect(targetsFor({ category: 'lift', urgent: false }, sla).resolveMs).toBe(2 * 3_600_000);
    expect(targetsFor({ category: 'lift', urgent: true }, sla).respondMs).toBe(sla.urgentRespondMinutes * 60_000);
    const custom = loadConfig({ SLA_RESOLVE_HOURS_BY_CATEGORY: 'water:12,doors:48' }).sla;
    expect(targetsFor({ category: 'water', urgent: false }, custom).resolveMs).toBe(12 * 3_600_000);
    expect(() => loadConfig({ SLA_RESOLVE_HOURS_BY_CATEGORY: 'water=12' })).toThrow(/SLA_RESOLVE_HOURS_BY_CATEGORY/);
    expect(durationWords(15 * 60_000)).toBe('15分钟');
    expect(durationWords(2 * 3_600_000)).toBe('2小时');
  });
  it('steps: reminder before, supervisor at, manager at twice the target', () => {
    expect(nextSlaStep(ticket(), sla)).toEqual({ clock: 'respond', level: 1, at: min(10) });
    expect(nextSlaStep(ticket({ respondLevel: 1 }), sla)).toEqual({ clock: 'respond', level: 2, at: min(15) });
    expect(nextSlaStep(ticket({ respondLevel: 2 }), sla)).toEqual({ clock: 'respond', level: 3, at: min(30) });
    expect(nextSlaStep(ticket({ respondLevel: 3 }), sla)).toEqual({ clock: 'resolve', level: 1, at: min(24 * 60 - 5) });
    expect(nextSlaStep(ticket({ status: 'accepted' }), sla)?.clock).toBe('resolve');
    expect(nextSlaStep(ticket({ status: 'paused' }), sla)).toBeNull();
    expect(nextSlaStep(ticket({ status: 'resolved' }), sla)).toBeNull();
    // urgent: 5-minute target, no room for a reminder before it
    expect(nextSlaStep(ticket({ urgent: true, respondDueAt: min(5) }), sla)).toEqual({ clock: 'respond', level: 2, at: min(5) });
  });
  it('after a downtime only the highest due level is sent', () => {
    expect(dueLevel(min(15), 0, 15 * 60_000, 5 * 60_000, min(40))).toBe(3);
    expect(dueLevel(min(15), 0, 15 * 60_000, 5 * 60_000, min(9))).toBeNull();
  });
  it('a pause moves both deadlines by the time waited', () => {
    expect(shiftedForPause({ respondDueAt: min(15), resolveDueAt: min(60) }, min(5), min(65))).toEqual({ respondDueAt: min(75), resolveDueAt: min(120) });
  });
});

describe('report files', () => {
  it('writes CSV that Excel reads', () => {
    expect(toCsv(['a', 'b'], [['x,y', 'say "hi"']])).toBe('\uFEFFa,b\r\n"x,y","say ""hi"""\r\n');
  });
});
