import { createHash } from 'node:crypto';
import type { FileBoxInterface } from 'file-box';
import { TooLargeError, TruncatedError, type Download } from '../../media/source.js';

/**
 * Reads a FileBox with a size cap, checking what arrived against what WeChat announced: puppets
 * are known to cut large files short, so a size or md5 that does not match is a truncated download.
 */
export async function readFileBox(box: FileBoxInterface, maxBytes: number): Promise<Download> {
  const declared = box.size > 0 ? box.size : null;
  if (declared !== null && declared > maxBytes) throw new TooLargeError(declared, maxBytes);
  const stream = await box.toStream();
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    total += b.length;
    if (total > maxBytes) {
      stream.destroy();
      throw new TooLargeError(null, maxBytes);
    }
    chunks.push(b);
  }
  const bytes = Buffer.concat(chunks);
  if (declared !== null && bytes.length !== declared) throw new TruncatedError(`${bytes.length} of ${declared} bytes`);
  const md5 = typeof box.md5 === 'string' && /^[0-9a-f]{32}$/i.test(box.md5) ? box.md5.toLowerCase() : null;
  if (md5 && createHash('md5').update(bytes).digest('hex') !== md5) throw new TruncatedError('md5 does not match');
  return { bytes, name: box.name ?? '', mediaType: box.mediaType ?? '' };
}
