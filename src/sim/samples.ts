import { encode } from 'silk-wasm';
import type { MediaKind } from '../media/kinds.js';
import { loadSharp } from '../media/thumbnail.js';

/** A picture, recording, video or file to send in the mock WeChat. */
export interface SampleFile {
  name: string;
  bytes: Buffer;
}

/**
 * Small generated samples for the simulator and scripts that name no file: a coloured PNG, a
 * one-second tone encoded as WeChat SILK, the header of an MP4 and a short text file. `n` varies
 * the content, so two samples are two different pictures (the same `n` gives the same bytes).
 */
export async function sampleFile(kind: MediaKind, n = 1): Promise<SampleFile> {
  switch (kind) {
    case 'image': return { name: `photo-${n}.png`, bytes: await samplePng(n) };
    case 'voice': return { name: `voice-${n}.silk`, bytes: await sampleSilk(n) };
    case 'video': return { name: `video-${n}.mp4`, bytes: sampleMp4(n) };
    case 'file': return { name: `file-${n}.txt`, bytes: Buffer.from(`邻里模拟文件 ${n}\n`, 'utf8') };
  }
}

export async function samplePng(n: number, width = 64, height = 48): Promise<Buffer> {
  const hue = (n * 67) % 256;
  const sharp = await loadSharp();
  return sharp({ create: { width, height, channels: 3, background: { r: hue, g: 255 - hue, b: (hue * 3) % 256 } } }).png().toBuffer();
}

/** A tone at 24 kHz (WeChat's rate), encoded as SILK the way WeChat sends voice notes. */
export async function sampleSilk(n: number, seconds = 1): Promise<Buffer> {
  const rate = 24_000;
  const pcm = Buffer.alloc(rate * seconds * 2);
  const freq = 330 + 55 * (n % 8);
  for (let i = 0; i < rate * seconds; i++) pcm.writeInt16LE(Math.round(Math.sin((2 * Math.PI * freq * i) / rate) * 8000), i * 2);
  const { data } = await encode(pcm, rate);
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** The opening `ftyp` box of an MP4: enough to be recognised and stored, not to be played. */
function sampleMp4(n: number): Buffer {
  const ftyp = Buffer.alloc(24);
  ftyp.writeUInt32BE(24, 0);
  ftyp.write('ftypisom', 4, 'latin1');
  ftyp.writeUInt32BE(0x200, 12);
  ftyp.write('isommp41', 16, 'latin1');
  const free = Buffer.alloc(8 + 8);
  free.writeUInt32BE(16, 0);
  free.write('free', 4, 'latin1');
  free.writeUInt32BE(n, 8);
  return Buffer.concat([ftyp, free]);
}
