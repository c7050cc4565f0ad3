import { and, eq, inArray, lte, min, sql } from 'drizzle-orm';
import type { Db } from '../db/connect.js';
import { media, mediaContent } from '../db/schema.js';
import type { Logger } from '../log.js';

const DAY = 24 * 3_600_000;

export interface RetentionResult {
  /** media rows whose time was up (their record stays, marked expired) */
  expired: number;
  /** contents emptied because no kept message refers to them any more */
  removed: number;
}

/** When the oldest kept content reaches its retention time. */
export async function nextExpiryAt(db: Db, retentionDays: number): Promise<Date | null> {
  const [row] = await db.select({ first: min(media.sentAt) }).from(media).where(eq(media.status, 'stored'));
  return row?.first ? new Date(new Date(row.first).getTime() + retentionDays * DAY) : null;
}

/**
 * Retention: media sent more than `retentionDays` ago are marked expired (who sent what, when,
 * its size and sha256 stay on record), and content no kept message refers to any more is emptied.
 * Content that a newer message also carried stays until that message expires too.
 */
export async function expireMedia(db: Db, now: Date, retentionDays: number, log: Logger): Promise<RetentionResult> {
  const cutoff = new Date(now.getTime() - retentionDays * DAY);
  return db.transaction(async (tx) => {
    const expired = await tx.update(media).set({ status: 'expired', expiredAt: now })
      .where(and(eq(media.status, 'stored'), lte(media.sentAt, cutoff)))
      .returning({ sha256: media.sha256 });
    const shas = [...new Set(expired.map((e) => e.sha256).filter((s): s is string => !!s))];
    if (!shas.length) return { expired: expired.length, removed: 0 };
    // Lock the candidates; one being stored right now (locked by that transaction) is left for the next run.
    const locked = await tx.select({ sha256: mediaContent.sha256 }).from(mediaContent)
      .where(and(inArray(mediaContent.sha256, shas), sql`${mediaContent.data} is not null`))
      .for('update', { skipLocked: true });
    if (!locked.length) return { expired: expired.length, removed: 0 };
    // A fresh statement sees every reference committed before the locks were taken.
    const removed = await tx.update(mediaContent).set({ data: null, thumbnail: null, removedAt: now })
      .where(and(
        inArray(mediaContent.sha256, locked.map((l) => l.sha256)),
        sql`not exists (select 1 from ${media} m where m.sha256 = ${mediaContent.sha256} and m.status = 'stored')`,
      ))
      .returning({ sha256: mediaContent.sha256 });
    if (expired.length) log.info('media retention', { expired: expired.length, removed: removed.length });
    return { expired: expired.length, removed: removed.length };
  });
}
