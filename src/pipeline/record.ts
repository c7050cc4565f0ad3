import { media, messages } from '../db/schema.js';
import type { Tx } from '../db/connect.js';
import type { IncomingMessage } from '../domain/incoming.js';
import { isMediaKind } from '../media/kinds.js';
import { shareOf } from './workers.js';

const MAX_STORED_TEXT = 20_000;

/** Who received the batch, and which groups another account owns (their messages are kept as copies, not handled). */
export interface Receiver {
  account: string;
  notOwned: Set<string>;
  /** messages another account already recorded (the same words from the same person, moments apart) */
  seenElsewhere: Set<string>;
}

function row(m: IncomingMessage, now: Date, receiver: Receiver | null) {
  // Pictures, voice, video and files are handled too (they may belong to a ticket); other non-text is only recorded.
  const handled = m.kind === 'text' || isMediaKind(m.kind);
  const copy = (!!m.roomId && !!receiver?.notOwned.has(m.roomId)) || !!receiver?.seenElsewhere.has(m.msgId);
  return {
    msgId: m.msgId,
    roomId: m.roomId,
    talkerId: m.talkerId,
    talkerName: m.talkerName,
    share: shareOf(m.roomId ?? m.talkerId),
    // NUL cannot be stored in Postgres text; nothing else is altered.
    text: m.text.replace(/\u0000/g, '').slice(0, MAX_STORED_TEXT),
    type: m.kind,
    mentionsBot: m.mentionsBot,
    mentionIds: m.mentionIds,
    sentAt: m.sentAt,
    receivedAt: now,
    account: receiver?.account ?? null,
    status: copy ? 'shadow' : handled && !m.stale ? 'pending' : 'ignored',
    outcome: copy ? { skipped: receiver?.seenElsewhere.has(m.msgId) ? 'another account recorded it' : 'another account owns this group' } : !handled ? { skipped: 'not text' } : m.stale ? { skipped: 'replayed long after it was sent' } : null,
  };
}

export interface Recorded {
  /** messages not seen before */
  fresh: number;
  /** of which pictures, voice, video or files, whose content is still to be downloaded */
  media: number;
}

/**
 * Stores messages before anything else looks at them. A message id already recorded
 * (re-delivered, or replayed at login) is skipped by the unique key, so de-duplication survives
 * restarts. A picture, voice, video or file message gets its media row in the same transaction,
 * waiting for its content: nothing said is lost if the download fails or the bot stops.
 */
export async function recordIncoming(tx: Tx, batch: IncomingMessage[], now: Date, receiver: Receiver | null = null): Promise<Recorded> {
  if (!batch.length) return { fresh: 0, media: 0 };
  const rows = await tx.insert(messages).values(batch.map((m) => row(m, now, receiver)))
    .onConflictDoNothing({ target: messages.msgId }).returning({ msgId: messages.msgId });
  const fresh = new Set(rows.map((r) => r.msgId));
  // the owner's copy carries the media: a second copy would be a second picture on the ticket
  const withMedia = batch.filter((m) => isMediaKind(m.kind) && fresh.has(m.msgId) && !(m.roomId && receiver?.notOwned.has(m.roomId)) && !receiver?.seenElsewhere.has(m.msgId));
  if (withMedia.length) {
    await tx.insert(media).values(withMedia.map((m) => ({
      msgId: m.msgId, kind: m.kind, roomId: m.roomId, senderId: m.talkerId, senderName: m.talkerName, sentAt: m.sentAt,
      status: 'pending', nextAttemptAt: now, createdAt: now,
    }))).onConflictDoNothing({ target: media.msgId });
  }
  return { fresh: rows.length, media: withMedia.length };
}
