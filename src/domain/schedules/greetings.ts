import { queueToRooms } from './broadcast.js';
import type { FireFn } from './engine.js';
import { buildingGroups } from './targets.js';

/**
 * Holiday greetings (HOLIDAY_GREETINGS=true), sent to every building group at 09:00 local time.
 * Lunar holidays move every year, so the dates are listed, not computed; extend the table yearly.
 */
const TEXTS = {
  newYear: '元旦快乐！新的一年，物业服务中心祝各位业主身体健康、万事顺意。',
  springFestival: '春节快乐！给各位邻居拜年啦，祝大家新春大吉、阖家幸福。燃放烟花爆竹请注意安全，外出返乡请关好门窗水电。',
  lantern: '元宵节快乐！祝各位邻居团团圆圆、和和美美。',
  dragonBoat: '端午安康！祝各位业主节日愉快，出行注意安全。',
  midAutumn: '中秋快乐！月圆人团圆，物业服务中心祝各位邻居阖家美满。',
  nationalDay: '国庆快乐！假期出行请关好门窗水电，有任何需要随时在群里找我们。',
};

const DATES: [string, keyof typeof TEXTS][] = [
  ['2026-01-01', 'newYear'], ['2026-02-17', 'springFestival'], ['2026-03-03', 'lantern'],
  ['2026-06-19', 'dragonBoat'], ['2026-09-25', 'midAutumn'], ['2026-10-01', 'nationalDay'],
  ['2027-01-01', 'newYear'], ['2027-02-06', 'springFestival'], ['2027-02-20', 'lantern'],
  ['2027-06-09', 'dragonBoat'], ['2027-09-15', 'midAutumn'], ['2027-10-01', 'nationalDay'],
];

export const GREETINGS: { date: string; text: string }[] = DATES.map(([date, holiday]) => ({ date, text: TEXTS[holiday] }));

export const GREETING_TIME = { hour: 9, minute: 0 };

export const fireGreeting: FireFn = async ({ tx, out, svc, now, slot, schedule }) => {
  const text = String(schedule.payload.text ?? '');
  if (!text) return 'empty greeting';
  const n = await queueToRooms(out, svc, await buildingGroups(tx), text, { kind: 'greeting', key: `schedule:${schedule.id}:${slot.toISOString()}` });
  return `${n} group(s)`;
};
