import { describe, expect, it } from 'vitest';
import { splitUnitAddress } from '../../src/domain/address.js';
import { containsPersonalData, maskPersonalData } from '../../src/domain/privacy.js';
import { guessMapping } from '../../src/domain/rooms.js';
import {
  afterQuietHours, inQuietHours, localDate, localParts, localTime, nextLocalMidnight, zonedTime,
} from '../../src/domain/time.js';
import { createLogger } from '../../src/log.js';

const SH = 'Asia/Shanghai';
const QUIET = { start: '21:00', end: '08:00' };
const at = (iso: string) => new Date(iso);

describe('guessMapping: community and building from a group topic', () => {
  it.each([
    ['阳光花园3栋业主群', '阳光花园', '3栋'],
    ['翠湖苑B座住户群', '翠湖苑', 'B座'],
    ['锦绣家园5号楼', '锦绣家园', '5号楼'],
    ['5号楼', null, '5号楼'],
    ['【阳光花园】12幢邻里群', '阳光花园', '12幢'],
    ['阳光花园业主群', '阳光花园', null],
    ['翠湖苑住户交流群', '翠湖苑', null],
    ['', null, null],
  ])('%s → %s / %s', (topic, community, building) => {
    expect(guessMapping(topic)).toEqual({ community, building });
  });
});

describe('splitUnitAddress', () => {
  it.each([
    ['3栋2单元1502', { building: '3栋', unit: '2单元1502' }],
    ['5号楼302', { building: '5号楼', unit: '302' }],
    ['B座 1101', { building: 'B座', unit: '1101' }],
    [' 12 幢 3单元 801 ', { building: '12幢', unit: '3单元801' }],
  ])('%s', (address, expected) => {
    expect(splitUnitAddress(address)).toEqual(expected);
  });

  it.each(['1502', '', '3栋', '二单元1502室'])('%j has no building → null', (address) => {
    expect(splitUnitAddress(address)).toBeNull();
  });
});

describe('maskPersonalData', () => {
  it.each([
    ['我电话13800138000，下午在家', '我电话138****8000，下午在家'],
    ['联系 138 0013 8000 谢谢', '联系 138****8000 谢谢'],
    ['联系138-0013-8000', '联系138****8000'],
    ['+86 13912345678', '+86 139****5678'],
    ['身份证11010519491231002X', '身份证110105***********X'],
    ['身份证 11010519491231002x。', '身份证 110105***********X。'],
    ['身份证号440301199001011234', '身份证号440301***********4'],
    ['座机0755-12345678', '座机0755-****78'],
    ['打010-8765432', '打010-****32'],
  ])('%s', (input, expected) => {
    expect(maskPersonalData(input)).toBe(expected);
    expect(containsPersonalData(input)).toBe(true);
  });

  it.each([
    '完成 #17',
    '工单 #1234567 已处理',
    '物业费1280.50元，请在11月30日前缴纳',
    '3栋2单元1502漏水',
    '12栋1单元2301，热线400-800-1234',
    '2026-11-23 09:00 停水',
    '金额12800000.00',
    '订单号 2026112309301234567890',
  ])('leaves %s alone', (text) => {
    expect(maskPersonalData(text)).toBe(text);
    expect(containsPersonalData(text)).toBe(false);
  });

  it('masks every number in a longer text and keeps the rest', () => {
    const text = '3栋2单元1502张阿姨，13800138000或13912345678，工单#17，费用1280.50';
    const masked = maskPersonalData(text);
    expect(masked).toBe('3栋2单元1502张阿姨，138****8000或139****5678，工单#17，费用1280.50');
    expect(maskPersonalData(masked)).toBe(masked);
  });
});

describe('time helpers (Asia/Shanghai)', () => {
  it('inQuietHours with a window across midnight', () => {
    expect(inQuietHours(at('2026-11-23T20:59:00+08:00'), QUIET, SH)).toBe(false);
    expect(inQuietHours(at('2026-11-23T21:00:00+08:00'), QUIET, SH)).toBe(true);
    expect(inQuietHours(at('2026-11-23T23:59:00+08:00'), QUIET, SH)).toBe(true);
    expect(inQuietHours(at('2026-11-24T00:00:00+08:00'), QUIET, SH)).toBe(true);
    expect(inQuietHours(at('2026-11-24T07:59:59+08:00'), QUIET, SH)).toBe(true);
    expect(inQuietHours(at('2026-11-24T08:00:00+08:00'), QUIET, SH)).toBe(false);
    expect(inQuietHours(at('2026-11-24T12:00:00+08:00'), QUIET, SH)).toBe(false);
    // the same instant is 14:00 in UTC, outside; the zone decides
    expect(inQuietHours(at('2026-11-23T14:00:00Z'), QUIET, SH)).toBe(true);
    expect(inQuietHours(at('2026-11-23T14:00:00Z'), QUIET, 'UTC')).toBe(false);
  });

  it('inQuietHours with a window inside one day, and with none', () => {
    const lunch = { start: '12:00', end: '13:30' };
    expect(inQuietHours(at('2026-11-23T11:59:00+08:00'), lunch, SH)).toBe(false);
    expect(inQuietHours(at('2026-11-23T12:00:00+08:00'), lunch, SH)).toBe(true);
    expect(inQuietHours(at('2026-11-23T13:29:00+08:00'), lunch, SH)).toBe(true);
    expect(inQuietHours(at('2026-11-23T13:30:00+08:00'), lunch, SH)).toBe(false);
    expect(inQuietHours(at('2026-11-23T23:00:00+08:00'), null, SH)).toBe(false);
  });

  it('afterQuietHours gives the end of the current quiet period', () => {
    expect(afterQuietHours(at('2026-11-23T22:15:00+08:00'), QUIET, SH)).toEqual(at('2026-11-24T08:00:00+08:00'));
    expect(afterQuietHours(at('2026-11-24T03:00:00+08:00'), QUIET, SH)).toEqual(at('2026-11-24T08:00:00+08:00'));
    expect(afterQuietHours(at('2026-11-24T07:59:00+08:00'), QUIET, SH)).toEqual(at('2026-11-24T08:00:00+08:00'));
    const day = at('2026-11-24T10:00:00+08:00');
    expect(afterQuietHours(day, QUIET, SH)).toBe(day);
    expect(afterQuietHours(at('2026-11-23T23:00:00+08:00'), null, SH)).toEqual(at('2026-11-23T23:00:00+08:00'));
    // across a month end
    expect(afterQuietHours(at('2026-11-30T21:30:00+08:00'), QUIET, SH)).toEqual(at('2026-12-01T08:00:00+08:00'));
  });

  it('zonedTime gives the instant the local wall clock shows', () => {
    expect(zonedTime(2026, 11, 23, 9, 0, SH)).toEqual(at('2026-11-23T01:00:00Z'));
    expect(zonedTime(2026, 1, 1, 0, 0, SH)).toEqual(at('2025-12-31T16:00:00Z'));
    // a zone with daylight saving time on both sides of the change
    expect(zonedTime(2026, 7, 1, 12, 0, 'Europe/Berlin')).toEqual(at('2026-07-01T10:00:00Z'));
    expect(zonedTime(2026, 12, 1, 12, 0, 'Europe/Berlin')).toEqual(at('2026-12-01T11:00:00Z'));
  });

  it('localDate, localTime and localParts follow the zone, not UTC', () => {
    const lateUtc = at('2026-11-23T16:30:00Z'); // 00:30 on the 24th in Shanghai
    expect(localDate(lateUtc, SH)).toBe('2026-11-24');
    expect(localDate(lateUtc, 'UTC')).toBe('2026-11-23');
    expect(localTime(lateUtc, SH)).toBe('00:30');
    expect(localParts(lateUtc, SH)).toMatchObject({ year: 2026, month: 11, day: 24, hour: 0, minute: 30, weekday: 2 });
    expect(localDate(at('2026-12-31T15:59:59Z'), SH)).toBe('2026-12-31');
    expect(localDate(at('2026-12-31T16:00:00Z'), SH)).toBe('2027-01-01');
  });

  it('nextLocalMidnight is the start of the next local day', () => {
    expect(nextLocalMidnight(at('2026-11-23T09:00:00+08:00'), SH)).toEqual(at('2026-11-24T00:00:00+08:00'));
    expect(nextLocalMidnight(at('2026-11-23T23:59:59+08:00'), SH)).toEqual(at('2026-11-24T00:00:00+08:00'));
    expect(nextLocalMidnight(at('2026-11-24T00:00:00+08:00'), SH)).toEqual(at('2026-11-25T00:00:00+08:00'));
  });
});

describe('the logger', () => {
  it('masks phone and ID numbers in messages and fields', () => {
    const lines: string[] = [];
    const log = createLogger('debug', (l) => lines.push(l));
    log.info('resident 13800138000 reported', { text: '电话 139-1234-5678，身份证11010519491231002X', nested: { phone: '13700001111' } });
    log.error('failed', { e: new Error('cannot reach 13800138000') });
    log.debug('landline', { tel: '0755-12345678' });
    const all = lines.join('\n');
    expect(lines).toHaveLength(3);
    for (const clear of ['13800138000', '139-1234-5678', '13912345678', '11010519491231002X', '13700001111', '0755-12345678']) {
      expect(all).not.toContain(clear);
    }
    expect(all).toContain('138****8000');
    expect(all).toContain('137****1111');
    expect(all).toContain('cannot reach');
    // one JSON object per line (pino), masked after it was written
    const first = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(first).toMatchObject({ level: 'info', msg: 'resident 138****8000 reported', nested: { phone: '137****1111' } });
    expect(first.time).toMatch(/^\d{4}-\d\d-\d\dT\S+Z$/);
    expect(JSON.parse(lines[1]!)).toMatchObject({ level: 'error', msg: 'failed', e: { error: 'cannot reach 138****8000' } });
  });

  it('writes nothing below its level', () => {
    const lines: string[] = [];
    const log = createLogger('warn', (l) => lines.push(l));
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e');
    expect(lines.map((l) => (JSON.parse(l) as { level: string }).level)).toEqual(['warn', 'error']);
  });

  it('writes one readable line per event with LOG_FORMAT=text, masked the same way', () => {
    const lines: string[] = [];
    const log = createLogger('info', (l) => lines.push(l), 'text');
    log.debug('d');
    log.warn('resident 13800138000 called', { e: new Error('x') });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\S+ WARN resident 138\*\*\*\*8000 called \{"e":\{"error":"x"\}\}$/);
  });
});
