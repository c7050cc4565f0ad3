import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { containsPersonalData, maskPersonalData } from '../../src/domain/privacy.js';
import { simulate } from '../helpers/simulate.js';
import { GROUP, SETUP, STAFF, at } from '../helpers/community.js';

const CHINESE = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
/** The digits of a text whatever script they are written in, separators dropped: the oracle for "still readable". */
const digitsOf = (text: string) => [...text].map((c) => {
  if (/[0-9]/.test(c)) return c;
  if (/[０-９]/.test(c)) return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
  const i = CHINESE.indexOf(c);
  return i >= 0 ? String(i) : c === '幺' ? '1' : c === '零' ? '0' : /[\s\-.\u2005\u200b]/.test(c) ? '' : '|';
}).join('');

const digit = fc.integer({ min: 0, max: 9 });
const mobile = fc.tuple(fc.integer({ min: 3, max: 9 }), fc.array(digit, { minLength: 9, maxLength: 9 })).map(([b, rest]) => `1${b}${rest.join('')}`);
const idNumber = fc.tuple(fc.array(digit, { minLength: 17, maxLength: 17 }), fc.constantFrom('0', '7', 'X', 'x'))
  .map(([d, last]) => `${d.join('')}${last}`);
type Style = 'ascii' | 'fullwidth' | 'chinese';
const style = fc.constantFrom<Style>('ascii', 'fullwidth', 'chinese');
const write = (digits: string, s: Style) => [...digits].map((c) => {
  if (!/\d/.test(c) || s === 'ascii') return c;
  return s === 'fullwidth' ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : CHINESE[Number(c)]!;
}).join('');
/** Splits a number into groups ("138 1234 5678", "110101 19900307 1234") with one separator. */
const grouped = (digits: string, cuts: number[], sep: string) => {
  const parts: string[] = [];
  let from = 0;
  for (const c of [...cuts, digits.length]) {
    parts.push(digits.slice(from, c));
    from = c;
  }
  return parts.join(sep);
};
const separator = fc.constantFrom('', ' ', '-', '.', '\u2005', '\u200b');
const before = fc.constantFrom('', '我家厨房漏水了，电话', '联系', '请打 ', '身份证：', '3栋1502 ');
const after = fc.constantFrom('', '，谢谢', ' 找王姐', '，3栋1502');

describe('maskPersonalData: the formats residents use', () => {
  it('masks the examples from the probe', () => {
    expect(maskPersonalData('电话+8613812345678')).toBe('电话+86138****5678');
    expect(maskPersonalData('8613912345678')).toBe('86139****5678');
    expect(maskPersonalData('138 1234 5678')).toBe('138****5678');
    expect(maskPersonalData('110101 19900307 1234')).toBe('110101***********4');
    expect(maskPersonalData('一三八一二三四五六七八')).toBe('138****5678');
    expect(maskPersonalData('(0755)12345678、021 1234 5678')).toBe('0755-****78、021-****78');
    expect(maskPersonalData('卡号 6222 0212 3456 7890 128')).toBe('卡号 6222****0128');
    expect(maskPersonalData('3栋1502 138 1234 5678')).toBe('3栋1502 138****5678');
  });

  it('leaves alone what is not personal: the hotline, amounts, dates, times, door and ticket numbers', () => {
    for (const text of ['热线 400-800-1234', '材料费120元，尚欠1280元', '2026-12-01 09:00', '3栋2单元1502', '工单 #12 限09:00',
      '订单号 20261201093000', '3-2-1502', '一二三四五', '第十五号', '11月30日 18:00', '1502 1503 1504 1505 停水']) {
      expect(maskPersonalData(text)).toBe(text);
    }
  });

  it('a mobile number in any script, with or without +86/0086/86, grouped as people write it, is masked and stays masked', async () => {
    const groupings = fc.constantFrom<number[]>([], [3, 7], [3], [7]);
    fc.assert(fc.property(mobile, style, fc.constantFrom('', '+86', '+86 ', '86', '0086 ', '（+86）', '+86-'), separator, before, after, groupings,
      (number, s, prefix, sep, b, a, cuts) => {
        const text = `${b}${prefix}${write(grouped(number, cuts, sep), s)}${a}`;
        const masked = maskPersonalData(text);
        expect(digitsOf(masked)).not.toContain(number);
        expect(digitsOf(masked)).not.toContain(number.slice(0, 7));
        expect(digitsOf(masked)).not.toContain(number.slice(3));
        expect(maskPersonalData(masked)).toBe(masked);
        expect(containsPersonalData(masked)).toBe(false);
      }), { numRuns: 500 });
  });

  it('an ID number in any script, grouped as people write it, is masked and stays masked', () => {
    const groupings = fc.constantFrom<number[]>([], [6, 14], [6, 10, 14], [6], [4, 8, 12, 16]);
    fc.assert(fc.property(idNumber, style, separator, before, after, groupings, (id, s, sep, b, a, cuts) => {
      const text = `${b}${write(grouped(id, cuts, sep), s)}${a}`;
      const masked = maskPersonalData(text);
      expect(digitsOf(masked)).not.toContain(id.slice(6, 14));
      expect(maskPersonalData(masked)).toBe(masked);
    }), { numRuns: 500 });
  });

  it('a number standing alone is masked however it is spaced', () => {
    fc.assert(fc.property(fc.oneof(mobile, idNumber), fc.array(fc.integer({ min: 1, max: 17 }), { maxLength: 6 }), separator, (n, cuts, sep) => {
      const sorted = [...new Set(cuts.filter((c) => c < n.length))].sort((x, y) => x - y);
      const masked = maskPersonalData(`电话 ${grouped(n, sorted, sep || ' ')}，谢谢`);
      expect(digitsOf(masked)).not.toContain(n.slice(3, 11));
    }), { numRuns: 300 });
  });
});

describe('masking in a conversation', () => {
  it('numbers in every common format are masked in the group replies, the staff room and the ticket record', async () => {
    const reports: [string, string, string][] = [
      ['陈先生', '我家卫生间漏水了，电话+8613812345678', '13812345678'],
      ['周女士', '我家厨房水管漏水了，打8613912345678找我', '13912345678'],
      ['吴先生', '电话138 1234 5678，我家马桶堵了', '13812345678'],
      ['郑阿姨', '我家热水器坏了，身份证110101 19900307 1234', '110101199003071234'],
      ['孙先生', '我家客厅灯不亮了，电话一三八一二三四五六七八', '13812345678'],
      ['钱女士13700001111', '我家窗户关不上了', '13700001111'],
    ];
    const { said, tickets } = await simulate([
      ...SETUP,
      ...reports.map(([from, text], i) => ({ at: at(`09:0${i}`), room: GROUP, from, text })),
      { at: at('09:30'), room: STAFF, from: '王主管', text: '工单 全部' },
      ...reports.map((_r, i) => ({ at: at(`09:3${i + 1}`), room: STAFF, from: '王主管', text: `查 #${i + 1}` })),
      // every acknowledgement is looked at on its own: the group's message limit would merge the fifth and sixth
    ], { GROUP_MAX_MESSAGES: '10' });
    expect(tickets).toHaveLength(reports.length);
    const seen = said.filter((s) => s.room === GROUP || s.room === STAFF);
    expect(seen.filter((s) => s.room === GROUP).length).toBeGreaterThanOrEqual(reports.length);
    for (const s of seen) {
      for (const [, , secret] of reports) expect(digitsOf(s.text), s.text).not.toContain(secret.slice(3));
      expect(containsPersonalData(s.text), s.text).toBe(false);
    }
    // the restatement is still there, masked
    expect(seen.some((s) => s.room === GROUP && s.text.includes('138****5678'))).toBe(true);
    expect(seen.some((s) => s.room === STAFF && s.text.includes('110101***********4'))).toBe(true);
    expect(seen.some((s) => s.room === STAFF && s.text.includes('钱女士137****1111'))).toBe(true);
  }, 120_000);
});
