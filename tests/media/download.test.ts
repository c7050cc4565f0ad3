import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { asc, eq, sql } from 'drizzle-orm';
import { FileBox } from 'file-box';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { PuppetMock, type mock } from 'wechaty-puppet-mock';
import { media, mediaContent, messages, ticketMedia } from '../../src/db/schema.js';
import { RETRY_DELAYS_MS } from '../../src/media/fetcher.js';
import { sha256Of } from '../../src/media/store.js';
import { samplePng, sampleSilk } from '../../src/sim/samples.js';
import { GROUP, Harness, REPAIR } from '../foundation/harness.js';

/** A puppet whose downloads fail the first `failures` times (Wechaty puppets fail intermittently). */
class FlakyPuppet extends PuppetMock {
  calls = 0;
  constructor(mocker: mock.Mocker, private failures: number) {
    super({ mocker });
  }
  override async messageFile(id: string) {
    this.calls++;
    if (this.failures-- > 0) throw new Error('puppet: the CDN did not answer');
    return super.messageFile(id);
  }
}

/** A puppet whose downloads wait until the test lets them go. */
class SlowPuppet extends PuppetMock {
  entered!: Promise<void>;
  private enter!: () => void;
  private gate!: Promise<void>;
  release!: () => void;
  constructor(mocker: mock.Mocker) {
    super({ mocker });
    this.entered = new Promise((r) => { this.enter = r; });
    this.gate = new Promise((r) => { this.release = r; });
  }
  override async messageFile(id: string) {
    this.enter();
    await this.gate;
    return super.messageFile(id);
  }
}

let h: Harness | null = null;
let server: Server | null = null;
afterEach(async () => {
  await h?.stop();
  h = null;
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = null;
});

const png = async (n: number) => ({ kind: 'image' as const, name: `p${n}.png`, bytes: await samplePng(n) });
const mediaRows = () => h!.db.db.select().from(media).orderBy(asc(media.id));
const later = (ms: number) => new Date(h!.clock.now().getTime() + ms);

describe('keeping pictures, voice and files', () => {
  it('stores a picture once per content: the same picture sent twice (by two people) is one stored content', async () => {
    h = await Harness.start();
    const picture = await png(1);
    await h.send('张阿姨', picture);
    await h.send('刘先生', picture);
    await h.send('张阿姨', await png(2), null);
    const rows = await mediaRows();
    expect(rows.map((r) => [r.kind, r.status, r.senderId, r.roomId, r.size])).toEqual([
      ['image', 'stored', h.personId('张阿姨'), h.room(GROUP).id, picture.bytes.length],
      ['image', 'stored', h.personId('刘先生'), h.room(GROUP).id, picture.bytes.length],
      ['image', 'stored', h.personId('张阿姨'), null, expect.any(Number)],
    ]);
    expect(rows[0]!.sha256).toBe(sha256Of(picture.bytes));
    expect(rows[1]!.sha256).toBe(rows[0]!.sha256);
    expect(rows[2]!.sha256).not.toBe(rows[0]!.sha256);
    const contents = await h.db.db.select().from(mediaContent);
    expect(contents).toHaveLength(2);
    const first = contents.find((c) => c.sha256 === rows[0]!.sha256)!;
    expect(first).toMatchObject({ size: picture.bytes.length, mediaType: 'image/png' });
    expect(Buffer.compare(first.data!, picture.bytes)).toBe(0);
    expect((await sharp(first.thumbnail!).metadata()).format).toBe('jpeg');
    // nothing was said back, nothing opened
    expect(h.said).toEqual([]);
    expect(await h.tickets()).toEqual([]);
  });

  it('a voice note is kept as SILK with its length; a puppet\'s transcript is kept as the message text', async () => {
    h = await Harness.start();
    const silk = await sampleSilk(1, 2);
    await h.send('张阿姨', { kind: 'voice', name: 'v.silk', bytes: silk, transcript: '厨房水管漏水了' });
    await h.send('张阿姨', { kind: 'voice', name: 'w.silk', bytes: await sampleSilk(2) });
    const msgs = await h.messages();
    expect(msgs.map((m) => [m.type, m.text, m.status])).toEqual([['voice', '厨房水管漏水了', 'handled'], ['voice', '[语音]', 'handled']]);
    const [voice] = await mediaRows();
    expect(voice).toMatchObject({ kind: 'voice', status: 'stored', mediaType: 'audio/silk', size: silk.length });
    const [content] = await h.db.db.select().from(mediaContent).where(eq(mediaContent.sha256, voice!.sha256!));
    expect(content!.durationMs).toBe(2000);
    expect(await h.tickets()).toEqual([]);
  });

  it('a failed download is recorded as missing for now and retried with backoff until it arrives', async () => {
    let puppet!: FlakyPuppet;
    h = await Harness.start({ puppet: (m) => (puppet = new FlakyPuppet(m, 2)) });
    const picture = await png(3);
    await h.say('张阿姨', REPAIR);
    const start = h.clock.now();
    await h.send('张阿姨', picture);
    // the message is on record at once; the download failed and waits for its retry
    expect((await h.messages()).map((m) => m.type)).toEqual(['text', 'image']);
    let [row] = await mediaRows();
    expect(row).toMatchObject({ status: 'retrying', missingReason: 'download-failed', attempts: 1, sha256: null });
    expect(row!.nextAttemptAt!.getTime()).toBe(start.getTime() + RETRY_DELAYS_MS[0]!);
    // attached to the report all the same: the record says a picture came
    expect(await h.db.db.select().from(ticketMedia)).toEqual([expect.objectContaining({ ticketId: 1, mediaId: row!.id, role: 'before' })]);

    await h.driver.advanceTo(new Date(start.getTime() + RETRY_DELAYS_MS[0]!));
    [row] = await mediaRows();
    expect(row).toMatchObject({ status: 'retrying', attempts: 2 });
    expect(row!.nextAttemptAt!.getTime()).toBe(start.getTime() + RETRY_DELAYS_MS[0]! + RETRY_DELAYS_MS[1]!);

    await h.driver.advanceTo(new Date(start.getTime() + RETRY_DELAYS_MS[0]! + RETRY_DELAYS_MS[1]!));
    [row] = await mediaRows();
    expect(row).toMatchObject({ status: 'stored', attempts: 3, missingReason: null, sha256: sha256Of(picture.bytes) });
    expect(puppet.calls).toBe(3);
  });

  it('a puppet that never delivers: after the last retry the picture is missing for good, and 查 says so', async () => {
    let puppet!: FlakyPuppet;
    h = await Harness.start({ puppet: (m) => (puppet = new FlakyPuppet(m, Infinity)) });
    await h.say('张阿姨', REPAIR);
    await h.send('张阿姨', await png(4));
    await h.driver.advanceTo(later(RETRY_DELAYS_MS.reduce((a, b) => a + b, 0) + 60_000));
    const [row] = await mediaRows();
    expect(row).toMatchObject({ status: 'missing', missingReason: 'download-failed', attempts: RETRY_DELAYS_MS.length + 1, nextAttemptAt: null });
    expect(puppet.calls).toBe(RETRY_DELAYS_MS.length + 1);
    await h.say('王主管', '查 #1', '阳光花园物业工作群');
    await h.sendAll();
    expect(h.saidIn('阳光花园物业工作群').at(-1)!.text).toContain('附件：图片 1 张（1 个未能下载）');
  });

  it('a truncated download (fewer bytes than announced) is detected and retried', async () => {
    const full = await samplePng(5, 200, 150);
    let served = 0;
    server = createServer((_req, res) => {
      // the first answer is cut short, as puppets do with large files
      const body = served++ === 0 ? full.subarray(0, Math.floor(full.length / 2)) : full;
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': body.length });
      res.end(body);
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/photo.png`;
    class CdnPuppet extends PuppetMock {
      override async messageFile() {
        return FileBox.fromUrl(url, { name: 'photo.png', size: full.length });
      }
    }
    h = await Harness.start({ puppet: (m) => new CdnPuppet({ mocker: m }) });
    await h.send('张阿姨', await png(5));
    let [row] = await mediaRows();
    expect(row).toMatchObject({ status: 'retrying', missingReason: 'truncated', attempts: 1 });
    expect(row!.lastError).toContain(`${Math.floor(full.length / 2)} of ${full.length} bytes`);
    await h.driver.advanceTo(later(RETRY_DELAYS_MS[0]!));
    [row] = await mediaRows();
    expect(row).toMatchObject({ status: 'stored', size: full.length, sha256: sha256Of(full), fileName: 'photo.png' });
    expect(served).toBe(2);
  });

  it('content over MEDIA_MAX_BYTES is not downloaded and not retried: missing (too large) at once', async () => {
    let puppet!: FlakyPuppet;
    h = await Harness.start({ env: { MEDIA_MAX_BYTES: '2048' }, puppet: (m) => (puppet = new FlakyPuppet(m, 0)) });
    const big = await sharp({ create: { width: 120, height: 120, channels: 3, background: '#888', noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).png().toBuffer();
    expect(big.length).toBeGreaterThan(2048);
    await h.send('张阿姨', { kind: 'image', name: 'big.png', bytes: big });
    await h.driver.advanceTo(later(3_600_000));
    const [row] = await mediaRows();
    expect(row).toMatchObject({ status: 'missing', missingReason: 'too-large', attempts: 1, sha256: null });
    expect(puppet.calls).toBe(1);
    expect(await h.db.db.select().from(mediaContent)).toEqual([]);
  });

  it('a slow download never holds up the messages: the report is handled while the picture is still downloading', async () => {
    let puppet!: SlowPuppet;
    h = await Harness.start({ puppet: (m) => (puppet = new SlowPuppet(m)) });
    const picture = await png(6);
    await h.world.send(h.world.person('张阿姨'), picture, h.room(GROUP));
    await puppet.entered;
    await h.world.say(h.world.person('张阿姨'), REPAIR, h.room(GROUP));
    await h.core.drainMessages();
    // the race happened: the download is in flight, and both messages are handled
    const [row] = await mediaRows();
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    const handled = await h.db.db.select({ n: sql<number>`count(*)::int` }).from(messages).where(eq(messages.status, 'handled'));
    expect(handled[0]!.n).toBe(2);
    expect(await h.tickets()).toEqual([expect.objectContaining({ id: 1 })]);
    expect(await h.db.db.select().from(ticketMedia)).toEqual([expect.objectContaining({ ticketId: 1, mediaId: row!.id })]);
    puppet.release();
    await h.core.media.idle();
    expect((await mediaRows())[0]).toMatchObject({ status: 'stored', sha256: sha256Of(picture.bytes) });
  });
});
