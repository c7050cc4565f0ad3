import { and, asc, eq, inArray, lte, min, sql } from 'drizzle-orm';
import type { Clock } from '../clock.js';
import type { Db } from '../db/connect.js';
import { media } from '../db/schema.js';
import type { Logger } from '../log.js';
import type { MediaKind } from './kinds.js';
import { TooLargeError, TruncatedError, type MediaSource } from './source.js';
import { prepareContent, storeContent } from './store.js';

/**
 * Waits before each retry of a failed download: WeChat puppets fail intermittently, so a few
 * quick retries, then slower ones; after the last the media is recorded as missing for good.
 */
export const RETRY_DELAYS_MS = [5_000, 30_000, 2 * 60_000, 10 * 60_000, 60 * 60_000, 6 * 60 * 60_000];
/** A claimed download that has not finished by then (its process died) is due again. */
const LEASE_MS = 2 * 60_000;
/** A puppet that never answers is a failed attempt, not a stuck queue. */
const DOWNLOAD_TIMEOUT_MS = 90_000;
const CLAIM = 4;

type MediaRow = typeof media.$inferSelect;

/**
 * Downloads the content of recorded picture, voice, video and file messages, after they are
 * recorded and apart from their handling: a slow or failing download never holds up a message.
 * Failed and truncated downloads are retried with backoff (on the injected clock), then recorded
 * as missing; content over MEDIA_MAX_BYTES is recorded as missing at once.
 */
export class MediaFetcher {
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly source: MediaSource | null,
    private readonly maxBytes: number,
    /** called when content arrived (a queued forward may now go out) */
    private readonly onStored: () => void = () => {},
  ) {}

  /** Starts downloading whatever is due, in the background; a call while it runs makes it look again. */
  kick(): void {
    if (!this.source) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          while (await this.fetchDue() > 0) { /* until nothing is due */ }
        } catch (e) {
          this.log.error('media downloads failed', { error: e instanceof Error ? e.message : String(e) });
        }
      } while (this.again);
    })().finally(() => { this.running = null; });
  }

  /** Resolves once no download is running (tests, `simulate` and shutdown wait on it). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** When the next download attempt is due; null when none is waiting. */
  async nextDueAt(): Promise<Date | null> {
    if (!this.source) return null;
    const [row] = await this.db.select({ at: min(media.nextAttemptAt) }).from(media)
      .where(inArray(media.status, ['pending', 'retrying']));
    return row?.at ? new Date(row.at) : null;
  }

  /** Runs every due download and waits for them. */
  async runDue(): Promise<void> {
    this.kick();
    await this.idle();
  }

  /** Claims a few due rows (a lease, so another process leaves them alone) and downloads them; returns how many. */
  private async fetchDue(): Promise<number> {
    const now = this.clock.now();
    const claimed = await this.db.transaction(async (tx) => {
      const due = await tx.select({ id: media.id }).from(media)
        .where(and(inArray(media.status, ['pending', 'retrying']), lte(media.nextAttemptAt, now)))
        .orderBy(asc(media.nextAttemptAt), asc(media.id)).limit(CLAIM).for('update', { skipLocked: true });
      if (!due.length) return [];
      return tx.update(media)
        .set({ attempts: sql`${media.attempts} + 1`, nextAttemptAt: new Date(now.getTime() + LEASE_MS) })
        .where(inArray(media.id, due.map((d) => d.id))).returning();
    });
    for (const row of claimed) await this.fetchOne(row);
    return claimed.length;
  }

  private async fetchOne(row: MediaRow): Promise<void> {
    try {
      const download = await withTimeout(this.source!.download(row.msgId, this.maxBytes), DOWNLOAD_TIMEOUT_MS);
      if (download.bytes.length > this.maxBytes) throw new TooLargeError(download.bytes.length, this.maxBytes);
      const content = await prepareContent(row.kind as MediaKind, download);
      await this.db.transaction((tx) => storeContent(tx, row.id, content, this.clock.now()));
      this.log.debug('media stored', { media: row.id, kind: row.kind, size: content.size });
      this.onStored();
    } catch (e) {
      await this.failed(row, e);
    }
  }

  private async failed(row: MediaRow, e: unknown): Promise<void> {
    const error = e instanceof Error ? e.message : String(e);
    const now = this.clock.now();
    const reason = e instanceof TooLargeError ? 'too-large' : e instanceof TruncatedError ? 'truncated' : 'download-failed';
    const delay = RETRY_DELAYS_MS[row.attempts - 1];
    if (reason === 'too-large' || delay === undefined) {
      await this.db.update(media).set({ status: 'missing', missingReason: reason, lastError: error, nextAttemptAt: null })
        .where(eq(media.id, row.id));
      this.log.warn('media missing for good', { media: row.id, kind: row.kind, attempts: row.attempts, reason, error });
      // a forward waiting for this content can now be settled
      this.onStored();
      return;
    }
    const retryAt = new Date(now.getTime() + delay);
    await this.db.update(media).set({ status: 'retrying', missingReason: reason, lastError: error, nextAttemptAt: retryAt })
      .where(eq(media.id, row.id));
    this.log.warn('media download failed; will retry', { media: row.id, kind: row.kind, attempts: row.attempts, retryAt: retryAt.toISOString(), error });
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`WeChat did not deliver the content within ${ms / 1000} s`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
