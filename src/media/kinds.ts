/** The message kinds whose content the bot downloads and keeps. */
export const MEDIA_KINDS = ['image', 'voice', 'video', 'file'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

export function isMediaKind(kind: string): kind is MediaKind {
  return (MEDIA_KINDS as readonly string[]).includes(kind);
}

/** How each kind is named to people, and its measure word. */
export const KIND_WORDS: Record<MediaKind, { name: string; unit: string }> = {
  image: { name: '图片', unit: '张' },
  voice: { name: '语音', unit: '条' },
  video: { name: '视频', unit: '段' },
  file: { name: '文件', unit: '个' },
};

const startsWith = (b: Buffer, bytes: number[], at = 0) => bytes.every((x, i) => b[at + i] === x);
const ascii = (b: Buffer, text: string, at = 0) => b.length >= at + text.length && b.toString('latin1', at, at + text.length) === text;

/**
 * The media type read from the content itself: puppets often label a picture or a recording
 * application/octet-stream, and a WeChat voice note is SILK whatever its name says.
 */
export function sniffMediaType(b: Buffer): string | null {
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (ascii(b, 'GIF87a') || ascii(b, 'GIF89a')) return 'image/gif';
  if (ascii(b, 'RIFF') && ascii(b, 'WEBP', 8)) return 'image/webp';
  if (ascii(b, 'RIFF') && ascii(b, 'WAVE', 8)) return 'audio/wav';
  if (ascii(b, '#!SILK_V3') || (b[0] === 0x02 && ascii(b, '#!SILK_V3', 1))) return 'audio/silk';
  if (ascii(b, '#!AMR')) return 'audio/amr';
  if (ascii(b, 'ID3') || (b[0] === 0xff && ((b[1] ?? 0) & 0xe0) === 0xe0)) return 'audio/mpeg';
  if (ascii(b, 'ftyp', 4)) return ascii(b, 'qt  ', 8) ? 'video/quicktime' : 'video/mp4';
  if (ascii(b, '%PDF-')) return 'application/pdf';
  return null;
}

/** A plain file-name extension for a media type, for names the puppet did not give. */
export function extensionFor(mediaType: string): string {
  const known: Record<string, string> = {
    'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp', 'audio/wav': 'wav', 'audio/silk': 'silk',
    'audio/amr': 'amr', 'audio/mpeg': 'mp3', 'video/mp4': 'mp4', 'video/quicktime': 'mov', 'application/pdf': 'pdf',
  };
  return known[mediaType] ?? 'bin';
}
