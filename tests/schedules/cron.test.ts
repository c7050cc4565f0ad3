import { describe, expect, it } from 'vitest';
import { CronError, isValidCron, nextSlot, parseCron, slotsBetween } from '../../src/domain/schedules/cron.js';

const SH = 'Asia/Shanghai';
const at = (s: string) => new Date(s);
const iso = (d: Date | null) => d?.toISOString() ?? null;

describe('cron slot calculator', () => {
  it('finds the next daily slot strictly after a time, on the Shanghai wall clock', () => {
    const spec = parseCron('30 8 * * *');
    expect(iso(nextSlot(spec, at('2026-11-23T08:00:00+08:00'), SH))).toBe(at('2026-11-23T08:30:00+08:00').toISOString());
    // exactly at the slot: the next one is tomorrow
    expect(iso(nextSlot(spec, at('2026-11-23T08:30:00+08:00'), SH))).toBe(at('2026-11-24T08:30:00+08:00').toISOString());
    expect(iso(nextSlot(spec, at('2026-11-23T23:59:00+08:00'), SH))).toBe(at('2026-11-24T08:30:00+08:00').toISOString());
  });

  it('handles weekdays, lists, ranges and steps', () => {
    // Monday 08:00; 2026-11-23 is a Monday
    const monday = parseCron('0 8 * * 1');
    expect(iso(nextSlot(monday, at('2026-11-23T09:00:00+08:00'), SH))).toBe(at('2026-11-30T08:00:00+08:00').toISOString());
    const workdays = parseCron('0 9 * * 1-5');
    expect(iso(nextSlot(workdays, at('2026-11-27T10:00:00+08:00'), SH))).toBe(at('2026-11-30T09:00:00+08:00').toISOString());
    const sunday7 = parseCron('0 9 * * 7');
    expect(iso(nextSlot(sunday7, at('2026-11-23T10:00:00+08:00'), SH))).toBe(at('2026-11-29T09:00:00+08:00').toISOString());
    const steps = parseCron('*/15 9-10 * * *');
    expect(slotsBetween(steps, at('2026-11-23T09:20:00+08:00'), at('2026-11-23T10:30:00+08:00'), SH).map((d) => d.toISOString()))
      .toEqual(['09:30', '09:45', '10:00', '10:15', '10:30'].map((t) => at(`2026-11-23T${t}:00+08:00`).toISOString()));
    const list = parseCron('0 8,20 * * *');
    expect(slotsBetween(list, at('2026-11-23T00:00:00+08:00'), at('2026-11-24T12:00:00+08:00'), SH)).toHaveLength(3);
  });

  it('treats day-of-month and weekday as OR when both are restricted (standard cron)', () => {
    const spec = parseCron('0 9 1 * 1'); // the 1st, or any Monday
    const slots = slotsBetween(spec, at('2026-11-25T00:00:00+08:00'), at('2026-12-08T00:00:00+08:00'), SH);
    expect(slots.map((d) => d.toISOString())).toEqual([
      at('2026-11-30T09:00:00+08:00').toISOString(), // Monday
      at('2026-12-01T09:00:00+08:00').toISOString(), // the 1st
      at('2026-12-07T09:00:00+08:00').toISOString(), // Monday
    ]);
  });

  it('lists the slots between two times (a restart straddling fire times)', () => {
    const spec = parseCron('0 * * * *');
    const slots = slotsBetween(spec, at('2026-11-23T06:30:00+08:00'), at('2026-11-23T09:00:00+08:00'), SH);
    expect(slots.map((d) => d.toISOString())).toEqual(['07', '08', '09'].map((h) => at(`2026-11-23T${h}:00:00+08:00`).toISOString()));
    expect(slotsBetween(spec, at('2026-11-23T06:30:00+08:00'), at('2026-11-23T06:59:00+08:00'), SH)).toEqual([]);
  });

  it('crosses month and year ends and leap days', () => {
    expect(iso(nextSlot(parseCron('0 0 1 1 *'), at('2026-06-01T00:00:00+08:00'), SH))).toBe(at('2027-01-01T00:00:00+08:00').toISOString());
    expect(iso(nextSlot(parseCron('0 12 29 2 *'), at('2026-03-01T00:00:00+08:00'), SH))).toBe(at('2028-02-29T12:00:00+08:00').toISOString());
    expect(nextSlot(parseCron('0 12 30 2 *'), at('2026-03-01T00:00:00+08:00'), SH)).toBeNull();
  });

  it('works in a zone with daylight saving time', () => {
    const ny = 'America/New_York';
    const spec = parseCron('0 9 * * *');
    // 2026-03-08 is the spring-forward day; 09:00 local is 13:00Z before and 13:00Z after... check both sides
    expect(iso(nextSlot(spec, at('2026-03-07T15:00:00Z'), ny))).toBe('2026-03-08T13:00:00.000Z');
    expect(iso(nextSlot(spec, at('2026-03-06T15:00:00Z'), ny))).toBe('2026-03-07T14:00:00.000Z');
  });

  it('rejects malformed expressions with a reason', () => {
    for (const bad of ['', '* * * *', '60 * * * *', '* 24 * * *', '0 0 0 * *', '0 0 * 13 *', '0 0 * * 8', 'a * * * *', '5-1 * * * *', '*/0 * * * *']) {
      expect(() => parseCron(bad), bad).toThrow(CronError);
      expect(isValidCron(bad)).toBe(false);
    }
    expect(isValidCron('30 8 * * 1,3,5')).toBe(true);
  });
});
