import type { FireFn } from '../schedules/engine.js';
import { queueToRooms } from '../schedules/broadcast.js';
import { roomsInScope, type Scope } from '../schedules/targets.js';

/** How a notice reads in a building group. */
export function noticeText(text: string): string {
  return `【物业通知】${text}`;
}

export function scopeOf(raw: Record<string, string | null> | null): Scope {
  return { community: raw?.community ?? null, building: raw?.building ?? null };
}

/** A scheduled notice: the groups in scope at fire time, each once per slot. */
export const fireNotice: FireFn = async ({ tx, out, svc, now, slot, schedule }) => {
  const targets = await roomsInScope(tx, scopeOf(schedule.scope));
  const n = await queueToRooms(out, svc, targets, noticeText(String(schedule.payload.text ?? '')), {
    kind: 'notice', key: `schedule:${schedule.id}:${slot.toISOString()}`,
  });
  return `${n} group(s)`;
};
