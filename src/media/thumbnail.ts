import type SharpType from 'sharp';

const EDGE = 320;

let loading: Promise<typeof SharpType> | null = null;

/**
 * sharp (libvips) takes most of a second to load: it is loaded when the first picture needs it,
 * not when the bot starts. Thumbnails are small and made one at a time, so libvips' cache is off.
 */
export function loadSharp(): Promise<typeof SharpType> {
  loading ??= import('sharp').then(({ default: sharp }) => {
    sharp.cache(false);
    return sharp;
  });
  return loading;
}

/**
 * A small JPEG of a picture for the console's ticket page (turned upright from its EXIF
 * orientation), or null when the picture cannot be decoded — the full picture is kept either way.
 */
export async function thumbnailOf(bytes: Buffer): Promise<Buffer | null> {
  const sharp = await loadSharp();
  try {
    return await sharp(bytes, { failOn: 'error' })
      .rotate()
      .resize(EDGE, EDGE, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 70 })
      .toBuffer();
  } catch {
    return null;
  }
}
