import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/connect.js';
import { media, ticketMedia } from '../../db/schema.js';
import { KIND_WORDS, MEDIA_KINDS, type MediaKind } from '../../media/kinds.js';

/**
 * One line for `查 #id`: "附件：图片 3 张（完工照片 1 张）、语音 1 条（1 个未能下载）";
 * null when the ticket has none. The pictures themselves are shown in the console.
 */
export async function mediaLine(tx: Tx, ticketId: number): Promise<string | null> {
  const rows = await tx.select({ kind: media.kind, status: media.status, role: ticketMedia.role })
    .from(ticketMedia).innerJoin(media, eq(media.id, ticketMedia.mediaId)).where(eq(ticketMedia.ticketId, ticketId));
  if (!rows.length) return null;
  const parts: string[] = [];
  for (const kind of MEDIA_KINDS) {
    const ofKind = rows.filter((r) => r.kind === kind);
    if (!ofKind.length) continue;
    const after = ofKind.filter((r) => r.role === 'after').length;
    const { name, unit } = KIND_WORDS[kind as MediaKind];
    parts.push(`${name} ${ofKind.length} ${unit}${after ? `（完工${kind === 'image' ? '照片' : name} ${after} ${unit}）` : ''}`);
  }
  const count = (status: string) => rows.filter((r) => r.status === status).length;
  const notes = [
    count('missing') ? `${count('missing')} 个未能下载` : '',
    count('retrying') ? `${count('retrying')} 个正在重试下载` : '',
    count('expired') ? `${count('expired')} 个已过保存期` : '',
  ].filter(Boolean);
  return `附件：${parts.join('、')}${notes.length ? `（${notes.join('，')}）` : ''}`;
}
