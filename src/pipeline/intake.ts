import type { Clock } from '../clock.js';
import type { Db } from '../db/connect.js';
import type { IncomingMessage, RoomEvent } from '../domain/incoming.js';
import { ensureRoom, markRoomLeft, rememberContact } from '../domain/rooms.js';
import type { Logger } from '../log.js';
import { recordIncoming } from './record.js';

/**
 * The front door: records each message (de-duplicated by id) before any processing. When the
 * database is unreachable, messages wait in memory in arrival order and are recorded, then
 * processed, once it is back — nothing a resident said is dropped while the bot is running.
 */
export class Intake {
  private readonly backlog: IncomingMessage[] = [];
  private flushing: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  /** inbound messages seen (for tests and `simulate`, which wait for the bot to catch up) */
  seen = 0;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly onRecorded: () => void,
    private readonly retryMs = 1000,
  ) {}

  get backlogSize(): number {
    return this.backlog.length;
  }

  async receive(m: IncomingMessage): Promise<void> {
    this.seen++;
    this.backlog.push(m);
    await this.flush();
  }

  async roomEvent(e: RoomEvent): Promise<void> {
    const now = this.clock.now();
    if (e.type === 'left') await markRoomLeft(this.db, e.roomId, now);
    else await ensureRoom(this.db, e.roomId, e.topic, now);
  }

  flush(): Promise<void> {
    this.flushing ??= this.flushBacklog().finally(() => { this.flushing = null; });
    return this.flushing;
  }

  stop(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private async flushBacklog(): Promise<void> {
    let recorded = 0;
    while (this.backlog.length) {
      const m = this.backlog[0]!;
      try {
        const now = this.clock.now();
        const isNew = await this.db.transaction(async (tx) => {
          if (m.roomId) await ensureRoom(tx, m.roomId, m.roomTopic, now);
          await rememberContact(tx, m.talkerId, m.talkerName, now);
          return recordIncoming(tx, m, now);
        });
        if (!isNew) this.log.debug('duplicate message ignored', { msgId: m.msgId });
        else recorded++;
        this.backlog.shift();
      } catch (e) {
        this.log.warn('cannot record a message yet; keeping it and retrying', {
          waiting: this.backlog.length, error: e instanceof Error ? e.message : String(e),
        });
        this.retryTimer ??= setTimeout(() => { this.retryTimer = null; void this.flush(); }, this.retryMs);
        break;
      }
    }
    if (recorded) this.onRecorded();
  }
}
