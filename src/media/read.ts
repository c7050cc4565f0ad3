import { and, asc, eq, exists, sql } from 'drizzle-orm';
import type { Tx } from '../db/connect.js';
import { media, mediaContent, messages, staff, ticketMedia } from '../db/schema.js';
import { extensionFor, type MediaKind } from './kinds.js';
import { isSilkVoice, silkToWav } from './voice.js';

/**
 * What the console reads. Media are shown only to signed-in staff: these functions do not check
 * who asks, the console's routes must.
 */

/** pending: being downloaded · stored · retrying: missing for now, tried again later · missing: for good · expired: removed by retention */
export type MediaStatus = 'pending' | 'stored' | 'retrying' | 'missing' | 'expired';
/** before: a reporter's · progress: staff's while the work went on · after: staff's once done */
export type MediaRole = 'before' | 'progress' | 'after';

export interface TicketMediaItem {
  id: number;
  kind: MediaKind;
  role: MediaRole;
  /** why it was attached: report (near the report) | question (answering the bot) | named (#id) | resolved (after 完成) */
  reason: string;
  status: MediaStatus;
  /** download-failed | truncated | too-large, while status is retrying or missing */
  missingReason: string | null;
  mediaType: string | null;
  fileName: string | null;
  size: number | null;
  durationMs: number | null;
  /** a voice note's words when the puppet transcribed it */
  transcript: string | null;
  /** a thumbnail can be read (pictures whose content is kept) */
  hasThumbnail: boolean;
  /** `playable` can be read (voice and video whose content is kept) */
  playable: boolean;
  sender: { id: string; name: string; staff: boolean };
  /** the group it was sent in; null for a private chat with the bot */
  roomId: string | null;
  sentAt: Date;
  attachedAt: Date;
}

/** A ticket's pictures, recordings, videos and files, in the order they were sent. */
export async function listTicketMedia(db: Tx, ticketId: number): Promise<TicketMediaItem[]> {
  const rows = await db.select({
    m: media, tm: ticketMedia, staffId: staff.contactId, durationMs: mediaContent.durationMs, text: messages.text,
    hasData: sql<boolean>`${mediaContent.data} is not null`,
    hasThumb: sql<boolean>`${mediaContent.thumbnail} is not null`,
  })
    .from(ticketMedia)
    .innerJoin(media, eq(media.id, ticketMedia.mediaId))
    .leftJoin(mediaContent, eq(mediaContent.sha256, media.sha256))
    .leftJoin(staff, eq(staff.contactId, media.senderId))
    .leftJoin(messages, eq(messages.msgId, media.msgId))
    .where(eq(ticketMedia.ticketId, ticketId))
    .orderBy(asc(media.sentAt), asc(media.id));
  return rows.map(({ m, tm, staffId, durationMs, text, hasData, hasThumb }) => {
    const kept = m.status === 'stored' && hasData;
    return {
      id: m.id,
      kind: m.kind as MediaKind,
      role: tm.role as MediaRole,
      reason: tm.reason,
      status: m.status as MediaStatus,
      missingReason: m.status === 'retrying' || m.status === 'missing' ? m.missingReason : null,
      mediaType: m.mediaType,
      fileName: m.fileName,
      size: m.size,
      durationMs,
      transcript: m.kind === 'voice' && text && !/^\[.*\]$/.test(text) ? text : null,
      hasThumbnail: kept && hasThumb,
      playable: kept && (m.kind === 'voice' || m.kind === 'video'),
      sender: { id: m.senderId, name: m.senderName, staff: !!staffId },
      roomId: m.roomId,
      sentAt: m.sentAt,
      attachedAt: tm.attachedAt,
    };
  });
}

/** full: as sent · thumbnail: a small JPEG of a picture · playable: voice as WAV (SILK decoded), video as sent */
export type MediaVariant = 'full' | 'thumbnail' | 'playable';

export interface MediaBody {
  contentType: string;
  fileName: string;
  bytes: Buffer;
}

/**
 * The content of one media item, or null when there is none to give (not downloaded, missing,
 * expired, no thumbnail, not playable — or, with `ticketId`, not attached to that ticket).
 */
export async function readMedia(db: Tx, mediaId: number, variant: MediaVariant, opts: { ticketId?: number } = {}): Promise<MediaBody | null> {
  const [row] = await db.select({ m: media, data: mediaContent.data, thumbnail: mediaContent.thumbnail })
    .from(media)
    .innerJoin(mediaContent, eq(mediaContent.sha256, media.sha256))
    .where(and(
      eq(media.id, mediaId),
      eq(media.status, 'stored'),
      opts.ticketId === undefined ? undefined
        : exists(db.select({ one: sql`1` }).from(ticketMedia)
          .where(and(eq(ticketMedia.ticketId, opts.ticketId), eq(ticketMedia.mediaId, media.id)))),
    ));
  if (!row?.data) return null;
  const { m, data } = row;
  const mediaType = m.mediaType ?? 'application/octet-stream';
  const fileName = m.fileName ?? `${m.kind}-${m.id}.${extensionFor(mediaType)}`;
  if (variant === 'full') return { contentType: mediaType, fileName, bytes: data };
  if (variant === 'thumbnail') {
    return row.thumbnail ? { contentType: 'image/jpeg', fileName: `${baseName(fileName)}-thumb.jpg`, bytes: row.thumbnail } : null;
  }
  if (m.kind === 'voice' && isSilkVoice(data)) {
    return { contentType: 'audio/wav', fileName: `${baseName(fileName)}.wav`, bytes: await silkToWav(data) };
  }
  if (m.kind === 'voice' || m.kind === 'video') return { contentType: mediaType, fileName, bytes: data };
  return null;
}

/** The picture an outbox row forwards, as sent; null when its content is not (or no longer) kept. */
export async function outgoingFile(db: Tx, mediaId: number): Promise<{ name: string; mediaType: string; bytes: Buffer } | null> {
  const body = await readMedia(db, mediaId, 'full');
  return body ? { name: body.fileName, mediaType: body.contentType, bytes: body.bytes } : null;
}

function baseName(name: string): string {
  return name.replace(/\.[^.]+$/, '');
}
