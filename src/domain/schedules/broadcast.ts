import type { Outbound } from '../../outbox/outbound.js';
import { PRIORITY, type Priority } from '../../outbox/enqueue.js';
import type { RoomRow, Services } from '../types.js';
import { afterQuietHours } from '../time.js';

/** When a scheduled/broadcast message may go out: now, or the end of quiet hours. */
export function broadcastNotBefore(svc: Services, now: Date): Date {
  return afterQuietHours(now, svc.config.quietHours, svc.config.timezone);
}

/**
 * Queues one message per room. Each row carries `<key>:<roomId>` as its dedupe key, so the same
 * broadcast is never queued twice for a room, whoever retries it. Scheduled ones wait for the end
 * of quiet hours. Returns how many rows were newly queued.
 */
export function queueToRooms(out: Outbound, svc: Services, targets: RoomRow[], text: string, opts: {
  kind: string; key: string; priority?: Priority;
}): Promise<number> {
  const priority = opts.priority ?? PRIORITY.scheduled;
  const notBefore = priority === PRIORITY.scheduled ? broadcastNotBefore(svc, out.now) : out.now;
  return out.toRooms(targets.map((r) => r.id), text, { priority, kind: opts.kind, key: opts.key, notBefore });
}
