import { describe, expect, it } from 'vitest';
import { cleanText, excerpt } from '../../src/domain/excerpt.js';
import { simulate } from '../helpers/simulate.js';
import { GROUP, SETUP, STAFF, at, inGroup, inStaff } from '../helpers/community.js';

// terminal escapes, C0/C1 controls (the bot's own line breaks aside), bidi overrides and other invisible characters, markup
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]|<|>/;

describe('restated words are cleaned and short', () => {
  it('cleanText drops escapes, controls, format characters and tags', () => {
    expect(cleanText('\u001b[2J\u001b[31m厨房漏水\u001b[0m')).toBe('厨房漏水');
    expect(cleanText('<img src=x onerror=alert(1)>电梯坏了<script>alert(1)</script>')).toBe('电梯坏了 alert(1)');
    expect(cleanText('门\u202e坏了\u0007\u0000\n  了')).toBe('门坏了 了');
    expect(cleanText('a < b > c')).toBe('a ＜ b ＞ c');
    expect(excerpt('电话13812345678'.repeat(30), 24)).toHaveLength(24);
    expect(excerpt('电话13812345678'.repeat(30), 24)).not.toContain('13812345678');
  });

  it('a report, a display name and a staff note with escapes and HTML reach the group and the staff room cleaned', async () => {
    const long = '厨房水管漏水了'.padEnd(600, '，水一直往外冒');
    const { said } = await simulate([
      ...SETUP,
      { at: at('09:00'), room: GROUP, from: '张阿姨', text: '\u001b[2J\u001b[31m<img src=x onerror=alert(1)>厨房水管漏水了，麻烦派人来看看\u0007' },
      { at: at('09:01'), room: GROUP, from: '恶\u202e意<b>用户</b>', text: '我家卫生间马桶堵了\u200b\u2066，快来人<script>alert(1)</script>' },
      { at: at('09:02'), room: GROUP, from: '刘先生', text: long },
      { at: at('09:05'), room: STAFF, from: '李师傅', text: '接单 #1' },
      { at: at('09:06'), room: STAFF, from: '李师傅', text: '进度 #1 师傅在路上\u001b[2J<iframe src=x></iframe>，10点前到' },
      { at: at('09:07'), room: STAFF, from: '王主管', text: '查 #2' },
      { at: at('09:08'), room: STAFF, from: '王主管', text: '工单 全部' },
    ]);
    expect(inGroup(said).length).toBeGreaterThanOrEqual(4);
    for (const s of said) expect(s.text, JSON.stringify(s.text)).not.toMatch(UNSAFE);
    expect(inGroup(said)[0]!.text).toContain('「厨房水管漏水了」');
    expect(inStaff(said).some((s) => s.text.includes('恶意 用户') || s.text.includes('恶意用户'))).toBe(true);
    expect(inGroup(said).some((s) => s.text.includes('师傅在路上 ，10点前到') || s.text.includes('师傅在路上，10点前到'))).toBe(true);
    // the group is told a short excerpt, never the whole 600 characters
    const longAck = inGroup(said).find((s) => s.mentions?.includes('刘先生'))!;
    const quoted = /「([^」]*)」/.exec(longAck.text)?.[1] ?? '';
    expect(quoted.length).toBeLessThanOrEqual(24);
    expect(longAck.text.length).toBeLessThan(150);
  }, 120_000);
});
