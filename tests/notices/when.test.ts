import { describe, expect, it } from 'vitest';
import { chineseNumber, parseWhen, type When } from '../../src/domain/notices/when.js';

const SH = 'Asia/Shanghai';
// Monday 23 November 2026, 10:00 in Shanghai
const NOW = new Date('2026-11-23T10:00:00+08:00');

function once(text: string, now = NOW): { at: string; rest: string } {
  const r = parseWhen(text, now, SH);
  if (!r.ok) throw new Error(`${text}: ${r.error}`);
  const w = r.when as When & { kind: 'once' };
  expect(w.kind, text).toBe('once');
  return { at: w.at.toISOString(), rest: r.rest };
}

function repeat(text: string): { cron: string; label: string; rest: string } {
  const r = parseWhen(text, NOW, SH);
  if (!r.ok) throw new Error(`${text}: ${r.error}`);
  const w = r.when as When & { kind: 'repeat' };
  expect(w.kind, text).toBe('repeat');
  return { cron: w.cron, label: w.label, rest: r.rest };
}

const sh = (s: string) => new Date(`${s}+08:00`).toISOString();

describe('natural-time parser (Asia/Shanghai, relative to now)', () => {
  it('reads one-off times in the forms staff write', () => {
    expect(once('明天9:00 全部 停水')).toEqual({ at: sh('2026-11-24T09:00:00'), rest: '全部 停水' });
    expect(once('今晚8点 3栋 消防检查').at).toBe(sh('2026-11-23T20:00:00'));
    expect(once('11月25日 18:00 阳光花园 停电').at).toBe(sh('2026-11-25T18:00:00'));
    expect(once('2026-11-25 18:00 全部 x').at).toBe(sh('2026-11-25T18:00:00'));
    expect(once('2026/11/25 18:30 全部 x').at).toBe(sh('2026-11-25T18:30:00'));
    expect(once('2026年11月25日 8点半 全部 x').at).toBe(sh('2026-11-25T08:30:00'));
    expect(once('明天下午3点 全部 x').at).toBe(sh('2026-11-24T15:00:00'));
    expect(once('明早七点 全部 x').at).toBe(sh('2026-11-24T07:00:00'));
    expect(once('后天 中午12点 全部 x').at).toBe(sh('2026-11-25T12:00:00'));
    expect(once('今天 晚上9点15分 全部 x').at).toBe(sh('2026-11-23T21:15:00'));
    expect(once('明天9：30 全部 x').at).toBe(sh('2026-11-24T09:30:00'));
  });

  it('resolves weekdays and bare times to the next occurrence', () => {
    expect(once('周五 9:00 全部 x').at).toBe(sh('2026-11-27T09:00:00'));
    expect(once('下周一 9:00 全部 x').at).toBe(sh('2026-11-30T09:00:00'));
    expect(once('下周五 9:00 全部 x').at).toBe(sh('2026-12-04T09:00:00'));
    // today is Monday; 周一 8:00 has passed → next Monday
    expect(once('周一 8:00 全部 x').at).toBe(sh('2026-11-30T08:00:00'));
    expect(once('18:00 全部 x').at).toBe(sh('2026-11-23T18:00:00'));
    expect(once('9:00 全部 x').at).toBe(sh('2026-11-24T09:00:00'));
    // a date earlier in the year means next year
    expect(once('1月5日 9:00 全部 x').at).toBe(sh('2027-01-05T09:00:00'));
  });

  it('reads repeating schedules as cron expressions', () => {
    expect(repeat('每天 8:30 全部 早安')).toEqual({ cron: '30 8 * * *', label: '每天 08:30', rest: '全部 早安' });
    expect(repeat('每周一 8:00 全部 x')).toMatchObject({ cron: '0 8 * * 1', label: '每周一 08:00' });
    expect(repeat('每周一三五 晚上7点 全部 x')).toMatchObject({ cron: '0 19 * * 1,3,5' });
    expect(repeat('每星期日 10:00 全部 x')).toMatchObject({ cron: '0 10 * * 0' });
    expect(repeat('每个工作日 9点 全部 x')).toMatchObject({ cron: '0 9 * * 1,2,3,4,5', label: '每个工作日 09:00' });
    expect(repeat('每月1号 9:00 全部 x')).toMatchObject({ cron: '0 9 1 * *' });
  });

  it('refuses what is vague, impossible or past, with a reason', () => {
    const err = (t: string) => {
      const r = parseWhen(t, NOW, SH);
      expect(r.ok, t).toBe(false);
      return r.ok ? '' : r.error;
    };
    expect(err('明天 全部 停水')).toContain('几点');
    expect(err('全部 停水')).toContain('没看懂');
    expect(err('2026-11-23 09:00 全部 x')).toContain('已经过去');
    expect(err('2026-02-30 09:00 全部 x')).toContain('没有2月30日');
    expect(err('明天25:00 全部 x')).toContain('不是有效');
    expect(err('明天9点全部 x')).toContain('空一格');
    expect(err('每月31号 9:00 全部 x')).toContain('1 到 28');
  });

  it('reads 12 at night as midnight: 今晚12点 is 00:00 at the end of today, not noon', () => {
    expect(once('今晚12点 全部 x').at).toBe(sh('2026-11-24T00:00:00'));
    expect(once('今天晚上12点 全部 x').at).toBe(sh('2026-11-24T00:00:00'));
    expect(once('今晚十二点半 全部 x').at).toBe(sh('2026-11-24T00:30:00'));
    expect(once('夜里12点 全部 x').at).toBe(sh('2026-11-24T00:00:00'));
    expect(once('明晚12点 全部 x').at).toBe(sh('2026-11-25T00:00:00'));
    expect(once('明天半夜12点 全部 x').at).toBe(sh('2026-11-25T00:00:00'));
    expect(once('明天凌晨12点 全部 x').at).toBe(sh('2026-11-24T00:00:00'));
    expect(once('凌晨12点 全部 x').at).toBe(sh('2026-11-24T00:00:00'));
    expect(once('明天凌晨3点 全部 x').at).toBe(sh('2026-11-24T03:00:00'));
    // the small hours after an evening belong to the next day; 晚上2点 is not 14:00
    expect(once('今晚1点 全部 x').at).toBe(sh('2026-11-24T01:00:00'));
    expect(once('今天夜里2点 全部 x').at).toBe(sh('2026-11-24T02:00:00'));
    expect(once('11月25日 晚上12点 全部 x').at).toBe(sh('2026-11-26T00:00:00'));
    expect(once('周五晚上12点 全部 x').at).toBe(sh('2026-11-28T00:00:00'));
    // evenings and noon are unchanged
    expect(once('今晚8点 全部 x').at).toBe(sh('2026-11-23T20:00:00'));
    expect(once('夜里10点 全部 x').at).toBe(sh('2026-11-23T22:00:00'));
    expect(once('中午12点 全部 x').at).toBe(sh('2026-11-23T12:00:00'));
    expect(repeat('每周一晚上12点 全部 x')).toMatchObject({ cron: '0 0 * * 2', label: '每周二 00:00' });
    expect(repeat('每天晚上12点 全部 x')).toMatchObject({ cron: '0 0 * * *' });
  });

  it('says the year when it is not this one, and asks when a date just passed looks like a slip', () => {
    const dec1 = new Date('2026-12-01T10:00:00+08:00');
    const r = parseWhen('11月30日 18:00 全部 停水', dec1, SH);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.error).toBe('11月30日 已经过去了。是指明年（2027年）11月30日吗？请加上年份确认，例如「2027年11月30日 18:00」；如写错了日期，请改正后再发。');
    const label = (text: string, now = NOW) => {
      const w = parseWhen(text, now, SH);
      if (!w.ok) throw new Error(w.error);
      return w.when.label;
    };
    // with the year written, it is scheduled and the label says which year
    expect(once('2027年11月30日 18:00 全部 x', dec1).at).toBe(sh('2027-11-30T18:00:00'));
    expect(label('2027年11月30日 18:00 全部 x', dec1)).toBe('2027年11月30日(周二) 18:00');
    // long past this year: next year, and said so
    expect(label('1月5日 9:00 全部 x')).toBe('2027年1月5日(周二) 09:00');
    expect(label('11月25日 18:00 全部 x')).toBe('11月25日(周三) 18:00');
    // 31 December: tomorrow is next year
    expect(label('明天9:00 全部 x', new Date('2026-12-31T10:00:00+08:00'))).toBe('2027年1月1日(周五) 09:00');
  });

  it('reads Chinese numerals', () => {
    expect(chineseNumber('八')).toBe(8);
    expect(chineseNumber('十')).toBe(10);
    expect(chineseNumber('十二')).toBe(12);
    expect(chineseNumber('二十三')).toBe(23);
    expect(chineseNumber('两')).toBe(2);
    expect(chineseNumber('12')).toBe(12);
    expect(chineseNumber('八八')).toBeNull();
  });
});
