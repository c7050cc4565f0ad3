import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/boot.js';
import { connect } from '../../src/db/connect.js';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../src/db/embedded.js';
import { runMigrations } from '../../src/db/migrate.js';
import { createScratchDatabase } from '../../src/db/provision.js';
import { silentLogger } from '../../src/log.js';
import type { TestDatabase } from '../helpers/db.js';
import { waitFor } from '../helpers/wait.js';
import { GROUP, Harness, REPAIR, STAFF_ROOM } from '../foundation/harness.js';

const dir = mkdtempSync(path.join(tmpdir(), 'linli-faults-pg-'));
chmodSync(dir, 0o755); // as root the server runs as the postgres user
let server: EmbeddedServer | null = null;

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the database restarts under a running bot', () => {
  it('keeps what residents say while it is down, then records and handles each message exactly once', async () => {
    const port = await freePort();
    server = await startEmbeddedPostgres(dir, port, silentLogger);
    const scratch = await createScratchDatabase(server.url, 'linli_restart');
    const database = connect(scratch.url, { max: 4 });
    await runMigrations(database.sql);
    const db: TestDatabase = { ...database, url: scratch.url, dispose: () => database.close() };
    const h = await Harness.start({ db });
    try {
      await h.say('王先生', '早上好');
      expect(await h.messages()).toHaveLength(1);

      await server.stop();
      server = null;
      // residents keep talking; the bot cannot reach its database
      // (world.say returns once the bot has taken the message in; nothing here waits for processing)
      const group = h.room(GROUP);
      await h.world.say(h.world.person('张阿姨'), REPAIR, group);
      await h.world.say(h.world.person('刘先生'), '我家卫生间马桶堵了，麻烦来修一下', group);
      await h.world.say(h.world.person('刘先生'), '谢谢', group);
      expect(h.core.recorder.backlogSize).toBe(3);
      expect(h.core.recorder.seen).toBe(4);
      expect(h.logLines.some((l) => l.includes('cannot record messages yet'))).toBe(true);
      await h.core.recorder.flush(); // a retry while it is still down changes nothing
      expect(h.core.recorder.backlogSize).toBe(3);

      server = await startEmbeddedPostgres(dir, port, silentLogger);
      const back = Date.now();
      await h.core.recorder.flush();
      expect(h.core.recorder.backlogSize).toBe(0);
      await h.driver.settle();
      await h.sendAll();
      // the bot is back to work promptly, not after the database driver's long reconnect back-off
      expect(Date.now() - back).toBeLessThan(6000);
      // the retry timer set while the database was down may fire once more after the backlog is
      // empty: wait until it has, then check that still nothing was recorded or handled twice
      const recorder = h.core.recorder as unknown as { retryTimer: NodeJS.Timeout | null };
      expect(recorder).toHaveProperty('retryTimer');
      await waitFor(() => recorder.retryTimer === null, { timeout: 10_000, what: 'the recorder retry timer to fire' });
      await h.core.recorder.flush();
      await h.driver.settle();

      const rows = await h.messages();
      expect(rows.map((r) => [r.talkerName, r.text, r.status])).toEqual([
        ['王先生', '早上好', 'handled'],
        ['张阿姨', REPAIR, 'handled'],
        ['刘先生', '我家卫生间马桶堵了，麻烦来修一下', 'handled'],
        ['刘先生', '谢谢', 'handled'],
      ]);
      const tickets = await h.tickets();
      expect(tickets.map((t) => t.reporterName)).toEqual(['张阿姨', '刘先生']);
      for (const t of tickets) {
        expect(h.saidIn(GROUP).filter((s) => s.text.includes(`#${t.id}`) && s.mentionNames.includes(t.reporterName))).toHaveLength(1);
        expect(h.saidIn(STAFF_ROOM).filter((s) => s.text.includes(`#${t.id}`))).toHaveLength(1);
      }
      expect((await h.outbox()).every((r) => r.status === 'sent')).toBe(true);
    } finally {
      await h.stop();
      await database.close();
    }
  });
});
