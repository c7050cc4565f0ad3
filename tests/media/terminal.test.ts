import { PassThrough } from 'node:stream';
import { asc } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { media, ticketMedia } from '../../src/db/schema.js';
import { silentLogger } from '../../src/log.js';
import { runSimulator } from '../../src/sim/terminal.js';
import { freshDatabase } from '../helpers/db.js';
import { testClassifier, testConfig } from '../helpers/simulate.js';

async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const v = await read();
    if (ok(v)) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('the terminal simulator', () => {
  it(':img and :voice send a sample picture and voice note as the current person; they join the report that follows', async () => {
    const db = await freshDatabase();
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (d: Buffer) => { printed += d.toString(); });
    const sim = await runSimulator({ config: testConfig(), db: db.db, classifier: await testClassifier(), log: silentLogger, input, output });
    try {
      input.write(':img\n');
      await until('the picture', () => db.db.select().from(media), (rows) => rows.length === 1);
      input.write(':voice\n');
      await until('the voice note', () => db.db.select().from(media), (rows) => rows.length === 2);
      input.write('厨房水管漏水了，麻烦派人来看看\n');
      const attached = await until('the attachments', () => db.db.select().from(ticketMedia), (rows) => rows.length === 2);
      expect(attached.every((a) => a.ticketId === 1 && a.role === 'before')).toBe(true);
      const rows = await until('the downloads', () => db.db.select().from(media).orderBy(asc(media.id)), (r) => r.every((m) => m.status === 'stored'));
      expect(rows.map((m) => [m.kind, m.mediaType])).toEqual([['image', 'image/png'], ['voice', 'audio/silk']]);
      expect(printed).toContain('(图片 photo-1.png 已发送)');
      expect(printed).toContain('(语音 voice-2.silk 已发送)');
      expect(printed).toContain(':img            send a sample picture');
    } finally {
      input.end();
      await sim.done;
      await db.dispose();
    }
  });
});
