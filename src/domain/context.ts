import type { Tx } from '../db/connect.js';
import type { RoomRow, Services, StaffRow, StoredMessage } from './types.js';
import type { Script } from '../nlu/types.js';
import type { Destination } from '../outbox/enqueue.js';
import type { Outbound, SendOptions } from '../outbox/outbound.js';

/** The per-message context handed down the handler chain (in the spirit of grammY's Context). */
export interface Ctx {
  svc: Services;
  /** the transaction the message is processed in: state changes and queued replies commit together */
  tx: Tx;
  now: Date;
  msg: StoredMessage;
  /** the text cleaned of invisible characters and spaced-out letters (nlu cleanText), @bot mention removed */
  text: string;
  room: RoomRow | null;
  isPrivate: boolean;
  /** the sender's staff record, looked up by contact id (never by display name) */
  staff: StaffRow | null;
  /** the script the sender wrote in; replies use it */
  script: Script;
  /** recorded on the message row once handled: what the bot made of it */
  outcome: Record<string, unknown>;
  /** the one way out: everything this message causes to be sent is queued in `tx` through it */
  out: Outbound;
  /** reply in the same conversation, in the sender's script; in a group the sender is @mentioned */
  reply(text: string, opts?: SendOptions): Promise<void>;
  /** reply to the sender in a private chat */
  replyPrivately(text: string, opts?: SendOptions): Promise<void>;
  send(to: Destination, text: string, opts?: SendOptions): Promise<void>;
  /** post in the staff work group(s) (see Outbound.toStaff for when there is none) */
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
