import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Tx } from '../db/connect.js';
import { media, mediaContent } from '../db/schema.js';
import { extensionFor, sniffMediaType, type MediaKind } from './kinds.js';
import type { Download } from './source.js';
import { thumbnailOf } from './thumbnail.js';
import { voiceDurationMs } from './voice.js';

/** Content ready to store: hashed, typed, with its thumbnail or length worked out outside any transaction. */
export interface PreparedContent {
  bytes: Buffer;
  sha256: string;
  size: number;
  mediaType: string;
  fileName: string;
  thumbnail: Buffer | null;
  durationMs: number | null;
}

export function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export async function prepareContent(kind: MediaKind, d: Download): Promise<PreparedContent> {
  const sha256 = sha256Of(d.bytes);
  const labelled = d.mediaType && d.mediaType !== 'application/octet-stream' && d.mediaType !== 'application/unknown' ? d.mediaType : null;
  const mediaType = sniffMediaType(d.bytes) ?? labelled ?? 'application/octet-stream';
  const isImage = kind === 'image' || mediaType.startsWith('image/');
  return {
    bytes: d.bytes,
    sha256,
    size: d.bytes.length,
    mediaType,
    fileName: d.name || `${kind}-${sha256.slice(0, 8)}.${extensionFor(mediaType)}`,
    thumbnail: isImage ? await thumbnailOf(d.bytes) : null,
    durationMs: kind === 'voice' ? voiceDurationMs(d.bytes) : null,
  };
}

/**
 * Keeps the content (once per sha256) and marks the message's media row stored. The content row
 * is locked first, so retention cannot empty it between this check and the reference being
 * written; content emptied by retention earlier is filled in again.
 */
export async function storeContent(tx: Tx, mediaId: number, c: PreparedContent, now: Date): Promise<void> {
  const [existing] = await tx.select({ hasData: sql<boolean>`${mediaContent.data} is not null` })
    .from(mediaContent).where(eq(mediaContent.sha256, c.sha256)).for('update');
  if (!existing) {
    await tx.insert(mediaContent).values({
      sha256: c.sha256, size: c.size, mediaType: c.mediaType, data: c.bytes, thumbnail: c.thumbnail, durationMs: c.durationMs, createdAt: now,
    }).onConflictDoUpdate({
      target: mediaContent.sha256,
      set: {
        data: sql`coalesce(${mediaContent.data}, excluded.data)`,
        thumbnail: sql`coalesce(${mediaContent.thumbnail}, excluded.thumbnail)`,
        removedAt: null,
      },
    });
  } else if (!existing.hasData) {
    await tx.update(mediaContent).set({ data: c.bytes, thumbnail: c.thumbnail, removedAt: null }).where(eq(mediaContent.sha256, c.sha256));
  }
  await tx.update(media).set({
    status: 'stored', sha256: c.sha256, size: c.size, mediaType: c.mediaType, fileName: c.fileName,
    storedAt: now, nextAttemptAt: null, lastError: null, missingReason: null,
  }).where(eq(media.id, mediaId));
}
