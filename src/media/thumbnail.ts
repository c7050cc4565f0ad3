import sharp from 'sharp';

// Thumbnails are small and made one at a time: no need for libvips' cache on a shared 2-core machine.
sharp.cache(false);

const EDGE = 320;

/**
 * A small JPEG of a picture for the console's ticket page (turned upright from its EXIF
 * orientation), or null when the picture cannot be decoded — the full picture is kept either way.
 */
export async function thumbnailOf(bytes: Buffer): Promise<Buffer | null> {
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
