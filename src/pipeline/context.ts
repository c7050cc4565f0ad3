import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Db, Tx } from '../db/connect.js';
import type { messages, rooms, staff } from '../db/schema.js';
import type { Logger } from '../log.js';
import type { Classifier, Script } from '../nlu/types.js';
import type { Destination, Priority } from '../outbox/enqueue.js';

export type StoredMessage = typeof messages.$inferSelect;
export type RoomRow = typeof rooms.$inferSelect;
export type StaffRow = typeof staff.$inferSelect;
export type Role = 'manager' | 'supervisor' | 'agent' | 'technician';

/** What every part of the core may use. No Wechaty in here. */
export interface Services {
  config: Config;
  clock: Clock;
  log: Logger;
  classifier: Classifier;
  db: Db;
  random: () => number;
}

export interface SendOptions {
  priority?: Priority;
  kind?: string;
  dedupeKey?: string;
  notBefore?: Date;
  /** contact ids to @mention in a group */
  mentionIds?: string[];
  /** leave the text in Simplified even when the resident writes Traditional */
  keepScript?: boolean;
}

/** The per-message context handed down the handler chain (in the spirit of grammY's Context). */
export interface Ctx {
  svc: Services;
  /** the transaction the message is processed in: state changes and queued replies commit together */
  tx: Tx;
  now: Date;
  msg: StoredMessage;
  /** the text with the leading @bot mention removed */
  text: string;
  room: RoomRow | null;
  isPrivate: boolean;
  /** the sender's staff record, looked up by contact id (never by display name) */
  staff: StaffRow | null;
  /** the script the sender wrote in; replies use it */
  script: Script;
  /** recorded on the message row once handled: what the bot made of it */
  outcome: Record<string, unknown>;
  /** reply in the same conversation; in a group the sender is @mentioned */
  reply(text: string, opts?: SendOptions): Promise<void>;
  /** reply to the sender in a private chat */
  replyPrivately(text: string, opts?: SendOptions): Promise<void>;
  send(to: Destination, text: string, opts?: SendOptions): Promise<void>;
  /** post in the staff work group(s); a no-op with a log line when none is set */
  toStaffRoom(text: string, opts?: SendOptions): Promise<void>;
}

export type Next = () => Promise<void>;
export type Handler = (ctx: Ctx, next: Next) => Promise<void>;

/** Runs handlers in order; each decides whether to call `next`. */
export function compose(handlers: Handler[]): (ctx: Ctx) => Promise<void> {
  return async (ctx) => {
    const run = async (i: number): Promise<void> => {
      const h = handlers[i];
      if (h) await h(ctx, () => run(i + 1));
    };
    await run(0);
  };
}
