import type { Tx } from '../../db/connect.js';
import { enqueue, PRIORITY, type Priority } from '../../outbox/enqueue.js';
import type { Services } from '../../pipeline/context.js';
import { afterQuietHours } from '../time.js';
import { staffRooms, type RoomRow } from './targets.js';

/** When a scheduled/broadcast message may go out: now, or the end of quiet hours. */
export function broadcastNotBefore(svc: Services, now: Date): Date {
  return afterQuietHours(now, svc.config.quietHours, svc.config.timezone);
}

/**
 * Queues one message per room in the caller's transaction. Each row carries `<key>:<roomId>` as
 * its dedupe key, so the same broadcast is never queued twice for a room, whoever retries it.
 * Returns how many rows were newly queued.
 */
export async function queueToRooms(tx: Tx, svc: Services, now: Date, targets: RoomRow[], text: string, opts: {
  kind: string; key: string; priority?: Priority;
}): Promise<number> {
  const priority = opts.priority ?? PRIORITY.scheduled;
  const notBefore = priority === PRIORITY.scheduled ? broadcastNotBefore(svc, now) : now;
  let queued = 0;
  for (const room of targets) {
    if (await enqueue(tx, now, { to: { roomId: room.id }, text, priority, kind: opts.kind, dedupeKey: `${opts.key}:${room.id}`, notBefore })) queued++;
  }
  return queued;
}

/** A note for the staff work group(s); a log line when there is none. */
export async function noteToStaff(tx: Tx, svc: Services, now: Date, text: string, opts: { kind: string; key: string; priority?: Priority }): Promise<void> {
  const targets = await staffRooms(tx);
  if (!targets.length) {
    svc.log.warn('no staff room is set; a staff note was not posted', { text: text.slice(0, 60) });
    return;
  }
  await queueToRooms(tx, svc, now, targets, text, { priority: PRIORITY.reply, ...opts });
}
