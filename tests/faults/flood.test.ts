import { describe, expect, it } from 'vitest';
import { simulate, type SaidLine } from '../helpers/simulate.js';
import { GROUP, SETUP, STAFF, at, inGroup, inStaff } from '../helpers/community.js';

const OTHER = '阳光花园5栋业主群';
const FLOOD_TEXT = '厨房水管漏水了，麻烦派人来看看';
const URGENT = '电梯困人了！快来人救命';

/** `n` messages from one resident, 0.12 s apart from 09:00:00.120 on 1 December. */
function flood(n: number, from = '王先生', text = FLOOD_TEXT): object[] {
  const start = Date.parse('2026-12-01T09:00:00+08:00');
  return Array.from({ length: n }, (_, i) => {
    const t = new Date(start + 120 * (i + 1));
    const local = new Date(t.getTime() + 8 * 3_600_000).toISOString().replace('Z', '+08:00');
    return { at: local, room: GROUP, from, text };
  });
}

const secondsAfter = (line: SaidLine, iso: string) => (Date.parse(line.at) - Date.parse(iso)) / 1000;

describe('a flood from one resident', () => {
  it('500 repeats in a minute: the urgent alert from another building goes out at once, the group hears at most 3 messages, staff hear one count', async () => {
    const { said, tickets } = await simulate([
      ...SETUP,
      { setup: 'room', room: OTHER, community: '阳光花园', building: '5栋' },
      ...flood(500),
      { at: '2026-12-01T09:01:05+08:00', room: OTHER, from: '陈女士', text: URGENT },
      { at: '2026-12-01T12:00:00+08:00' },
    ]);
    expect(tickets.map((t) => [t.id, t.urgent])).toEqual([[1, false], [2, true]]);
    const alert = inStaff(said).find((s) => s.text.startsWith('🚨'))!;
    const urgentReply = said.find((s) => s.room === OTHER)!;
    const duringFlood = inGroup(said).filter((s) => s.at < '2026-12-01T09:01:01+08:00');
    const staffDuringFlood = inStaff(said).filter((s) => s.at < '2026-12-01T09:01:01+08:00');
    const repeatLines = inStaff(said).filter((s) => s.text.startsWith('🔁'));
    console.info(`flood: alert ${alert.at} (${secondsAfter(alert, '2026-12-01T09:01:05+08:00')} s after the report), `
      + `urgent reply ${urgentReply.at}; flooded group ${inGroup(said).length} (during the flood ${duringFlood.length}), `
      + `staff room ${inStaff(said).length} (during the flood ${staffDuringFlood.length}, 🔁 ${repeatLines.length}), total ${said.length} bot messages by 12:00`);

    expect(secondsAfter(urgentReply, '2026-12-01T09:01:05+08:00')).toBeLessThan(60);
    expect(secondsAfter(alert, '2026-12-01T09:01:05+08:00')).toBeLessThan(60);
    expect(duringFlood.length).toBeLessThanOrEqual(3);
    // the whole morning: the acknowledgement and one pointer to the ticket, nothing more
    expect(inGroup(said)).toHaveLength(2);
    expect(inGroup(said)[1]!.text).toContain('已在工单 #1 中跟进');
    // the staff room hears the repeat once, then one line with the count
    expect(repeatLines).toHaveLength(2);
    expect(repeatLines[1]!.text).toContain('又498次反映工单 #1');
    expect(repeatLines[1]!.at).toBe('2026-12-01T09:30:02+08:00');
    expect(said.length).toBeLessThanOrEqual(20);
  }, 600_000);

  it('after the quiet time the resident is pointed to the ticket again, and the same FAQ question is answered once', async () => {
    const { said } = await simulate([
      ...SETUP,
      ...flood(20),
      { at: '2026-12-01T09:45:00+08:00', room: GROUP, from: '王先生', text: FLOOD_TEXT },
      ...Array.from({ length: 20 }, (_, i) => ({ at: `2026-12-01T10:00:${String(i * 2).padStart(2, '0')}+08:00`, room: GROUP, from: '刘先生', text: '物业费怎么交？' })),
      { at: '2026-12-01T10:45:00+08:00', room: GROUP, from: '刘先生', text: '物业费怎么交？' },
      { at: '2026-12-01T10:50:00+08:00', room: STAFF, from: '王主管', text: '查 #1' },
      { at: '2026-12-01T11:00:00+08:00' },
    ]);
    // the record keeps every repeat, shown as one line with the count
    const history = inStaff(said).find((s) => s.text.startsWith('工单 #1'))!.text;
    expect(history).toContain('12-01 09:00 王先生 再次反映 ×19（至12-01 09:00）：厨房水管漏水了');
    expect(history.split('\n').length).toBeLessThan(15);
    const group = inGroup(said);
    expect(group.filter((s) => s.text.includes('已在工单 #1 中跟进')).map((s) => s.at))
      .toEqual(['2026-12-01T09:00:04+08:00', '2026-12-01T09:45:00+08:00']);
    const faq = group.filter((s) => s.mentions?.includes('刘先生'));
    expect(faq.map((s) => s.at.slice(11, 16))).toEqual(['10:00', '10:45']);
    expect(inStaff(said).filter((s) => s.text.includes('又18次反映工单 #1'))).toHaveLength(1);
  }, 300_000);
});

describe('the daily send cap', () => {
  it('ordinary traffic stops short of the reserve; urgent replies, alerts and staff messages still go out, the rest at midnight', async () => {
    const askers = Array.from({ length: 30 }, (_, i) => ({
      at: at(`09:${String(i).padStart(2, '0')}`), room: GROUP, from: `住户${i + 1}`, text: '物业费怎么交？',
    }));
    const started = Date.now();
    const { said, tickets } = await simulate([
      ...SETUP,
      ...askers,
      { at: at('09:40'), room: GROUP, from: '张阿姨', text: '电梯突然停了，我被困在里面了，快来人' },
      { at: at('09:50'), room: GROUP, from: '刘先生', text: '厨房水管漏水了，麻烦派人来看看' },
      { at: at('12:00') },
      { at: '2026-11-24T00:10:00+08:00' },
      // the daily cap is what is tried here: the group etiquette (one FAQ answer per half hour, four messages per ten minutes) is off
    ], { SEND_DAILY_CAP: '40', SEND_DAILY_RESERVE: '15', FAQ_REPEAT_MINUTES: '0', GROUP_MAX_MESSAGES: '1000' });
    const seconds = (Date.now() - started) / 1000;
    const today = said.filter((s) => s.at < '2026-11-24');
    const faqToday = inGroup(today).filter((s) => s.text.includes('物业费'));
    const urgentReply = inGroup(said).find((s) => s.text.includes('情况紧急'))!;
    const alert = inStaff(said).find((s) => s.text.startsWith('🚨'))!;
    const newTicket = inStaff(said).find((s) => s.text.startsWith('🆕'))!;
    const ack = inGroup(said).find((s) => s.text.includes('报修工单 #2'))!;
    const staffToday = inStaff(today);
    console.info(`cap: ${today.length} sends on the 23rd (cap 40, reserve 15): ${faqToday.length} FAQ answers, urgent reply ${urgentReply.at}, `
      + `alert ${alert.at}, 🆕 ${newTicket.at}, ${staffToday.length} staff-room messages; the ordinary ack of #2 at ${ack.at}; run took ${seconds.toFixed(1)} s`);

    expect(tickets.map((t) => [t.id, t.urgent])).toEqual([[1, true], [2, false]]);
    expect(faqToday).toHaveLength(25);
    expect(urgentReply.at).toBe(at('09:40'));
    expect(alert.at.startsWith('2026-11-23T09:40')).toBe(true);
    expect(newTicket.at.startsWith('2026-11-23T09:50')).toBe(true);
    // escalations of both tickets reach the staff room the same day
    expect(staffToday.filter((s) => /^(⏰|⚠️|🔴)/.test(s.text)).length).toBeGreaterThanOrEqual(3);
    expect(today.length).toBeLessThanOrEqual(40);
    // the ordinary replies held back by the cap go out from midnight, in the order they were queued
    const after = said.filter((s) => s.at >= '2026-11-24');
    expect(after[0]!.at).toBe('2026-11-24T00:00:00+08:00');
    expect(after.map((s) => s.mentions)).toEqual([...['住户26', '住户27', '住户28', '住户29', '住户30'].map((n) => [n]), ['刘先生']]);
    expect(after.at(-1)).toBe(ack);
  }, 300_000);
});
