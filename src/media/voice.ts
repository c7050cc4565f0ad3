import { decode, getDuration, isSilk } from 'silk-wasm';

/** WeChat records voice notes as SILK at 24 kHz. */
const SAMPLE_RATE = 24_000;

export function isSilkVoice(bytes: Buffer): boolean {
  try {
    return isSilk(bytes);
  } catch {
    return false;
  }
}

/** The length of a SILK recording, or null when it is not one. */
export function voiceDurationMs(bytes: Buffer): number | null {
  if (!isSilkVoice(bytes)) return null;
  try {
    return getDuration(bytes);
  } catch {
    return null;
  }
}

/** A SILK recording as a WAV file any browser can play (16-bit mono PCM). */
export async function silkToWav(bytes: Buffer): Promise<Buffer> {
  const { data } = await decode(bytes, SAMPLE_RATE);
  return wavFile(Buffer.from(data.buffer, data.byteOffset, data.byteLength), SAMPLE_RATE);
}

/** A RIFF/WAVE container around 16-bit mono PCM. */
export function wavFile(pcm: Buffer, sampleRate: number): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + pcm.length, 4);
  header.write('WAVE', 8, 'latin1');
  header.write('fmt ', 12, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(pcm.length, 40);
  return Buffer.concat([header, pcm]);
}
