import { messages } from '../db/schema.js';
import type { Tx } from '../db/connect.js';
import type { IncomingMessage } from '../domain/incoming.js';
import { shareOf } from './workers.js';

const MAX_STORED_TEXT = 20_000;

function row(m: IncomingMessage, now: Date) {
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
    status: m.kind === 'text' && !m.stale ? 'pending' : 'ignored',
    outcome: m.kind !== 'text' ? { skipped: 'not text' } : m.stale ? { skipped: 'replayed long after it was sent' } : null,
  };
}

/**
 * Stores messages before anything else looks at them. Returns how many were new: a message id
 * already recorded (re-delivered, or replayed at login) is skipped by the unique key, so
 * de-duplication survives restarts.
 */
export async function recordIncoming(tx: Tx, batch: IncomingMessage[], now: Date): Promise<number> {
  if (!batch.length) return 0;
  const rows = await tx.insert(messages).values(batch.map((m) => row(m, now)))
    .onConflictDoNothing({ target: messages.msgId }).returning({ id: messages.id });
  return rows.length;
}
