import { messages } from '../db/schema.js';
import type { Tx } from '../db/connect.js';
import type { IncomingMessage } from '../domain/incoming.js';

const MAX_STORED_TEXT = 20_000;

/**
 * Stores a message before anything else looks at it. Returns false for a message id already
 * recorded (re-delivered, or replayed at login): the unique key makes de-duplication persistent.
 */
export async function recordIncoming(db: Tx, m: IncomingMessage, now: Date): Promise<boolean> {
  const rows = await db.insert(messages).values({
    msgId: m.msgId,
    roomId: m.roomId,
    talkerId: m.talkerId,
    talkerName: m.talkerName,
    // NUL cannot be stored in Postgres text; nothing else is altered.
    text: m.text.replace(/\u0000/g, '').slice(0, MAX_STORED_TEXT),
    type: m.kind,
    mentionsBot: m.mentionsBot,
    mentionIds: m.mentionIds,
    sentAt: m.sentAt,
    receivedAt: now,
    status: m.kind === 'text' && !m.stale ? 'pending' : 'ignored',
    outcome: m.kind !== 'text' ? { skipped: 'not text' } : m.stale ? { skipped: 'replayed long after it was sent' } : null,
  }).onConflictDoNothing({ target: messages.msgId }).returning({ id: messages.id });
  return rows.length > 0;
}
