import { createInterface } from 'node:readline';
import { eq } from 'drizzle-orm';
import { staff } from '../db/schema.js';
import type { Config } from '../config.js';
import type { Db } from '../db/connect.js';
import type { Logger } from '../log.js';
import type { Classifier } from '../nlu/types.js';
import { systemClock } from '../clock.js';
import { startLive } from '../runtime/live.js';
import { seedWorld } from './run-script.js';
import { parseScript } from './script.js';
import { DEMO_SETUP } from './demo.js';
import { MockWorld } from './world.js';
import { sampleFile } from './samples.js';

const HELP = `Type a message and press Enter: you speak as the current person in the current chat.
  :who            people in the demo (residents and staff, with roles)
  :as NAME        become someone (a new name is a new resident)
  :in ROOM|N      speak in a group (name or number from :rooms)
  :dm             speak privately to the bot
  :rooms          list the groups
  :img            send a sample picture (as the current person, in the current chat)
  :voice          send a sample voice note
  :help           this help
  :quit           stop (Ctrl-C works too)
Try: 张阿姨 in 阳光花园3栋业主群: "厨房水管漏水了"; then :as 李师傅, :in 3, "接单 #1".`;

/**
 * The local simulator (`npm start` without a token): a mock WeChat with the demo groups, the
 * real bot on the real clock and database, and a prompt to type as residents and staff.
 */
export async function runSimulator(opts: {
  config: Config; db: Db; classifier: Classifier; log: Logger; input?: NodeJS.ReadableStream; output?: NodeJS.WritableStream;
  /** no prompt (no TTY: systemd, a container): the demo community runs, what the bot says is logged, until stop() */
  headless?: boolean;
}): Promise<{ done: Promise<void>; stop: () => Promise<void>; core: MockWorld['core'] }> {
  const out = opts.output ?? process.stdout;
  const print = (s: string) => out.write(s + '\n');
  const world = new MockWorld({ config: opts.config, clock: systemClock, log: opts.log, db: opts.db, classifier: opts.classifier, random: Math.random });
  await seedWorld(parseScript(DEMO_SETUP.map((l) => JSON.stringify(l)).join('\n')), world, opts.db, systemClock.now());
  world.onBotSaid((said) => {
    if (opts.headless) {
      opts.log.info('bot said', { room: said.roomId ? world.roomById(said.roomId)?.payload.topic : null, to: said.toId ? world.personById(said.toId)?.payload.name : null, text: said.text.slice(0, 120) });
      return;
    }
    const where = said.roomId ? `[${world.roomById(said.roomId)?.payload.topic}]` : `[私聊 → ${world.personById(said.toId ?? '')?.payload.name}]`;
    const mentions = said.mentionNames.map((n) => `@${n} `).join('');
    const what = said.file ? `[${said.file.mediaType.startsWith('image/') ? '图片' : '文件'} ${said.file.name}，${said.file.size} 字节]` : said.text;
    print(`\n🤖 ${opts.config.botName} ${where} ${mentions}${what}`);
    rl.prompt(true);
  });
  await world.start();
  const runtime = await startLive(world.core);
  if (opts.headless) {
    let finish!: () => void;
    const done = new Promise<void>((resolve) => { finish = resolve; });
    let stopped = false;
    return {
      done, core: world.core,
      stop: async () => {
        if (stopped) return;
        stopped = true;
        await runtime.stop();
        await world.stop();
        finish();
      },
    };
  }

  const roomTopics = () => [...DEMO_SETUP].filter((l) => l.setup === 'room' || l.setup === 'staff-room').map((l) => (l as { room: string }).room);
  let me = '张阿姨';
  let samples = 0;
  let here: string | null = '阳光花园3栋业主群';
  const rl = createInterface({ input: opts.input ?? process.stdin, output: out, terminal: false });
  const setPrompt = () => rl.setPrompt(`${me} ${here ? `@ ${here}` : '→ 私聊机器人'} > `);
  print(`Linli simulator — a mock WeChat with the demo community. ${HELP}\n`);
  setPrompt();
  rl.prompt();

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    rl.close();
    await runtime.stop();
    await world.stop();
  };
  const done = new Promise<void>((resolve) => {
    rl.on('close', () => { void stop().then(resolve); });
  });

  rl.on('line', (line) => {
    void (async () => {
      const text = line.trim();
      if (!text) return;
      if (text === ':quit') return rl.close();
      if (text === ':help') print(HELP);
      else if (text === ':rooms') roomTopics().forEach((t, i) => print(`  ${i + 1}. ${t}`));
      else if (text === ':who') {
        const roster = await opts.db.select().from(staff).where(eq(staff.active, true));
        for (const l of DEMO_SETUP) {
          if (l.setup === 'resident') print(`  ${l.name} — 住户 ${l.unit}（${l.room}）`);
        }
        for (const s of roster) print(`  ${world.personById(s.contactId)?.payload.name ?? s.name} — ${s.role}`);
      } else if (text.startsWith(':as ')) me = text.slice(4).trim() || me;
      else if (text === ':dm') here = null;
      else if (text.startsWith(':in ')) {
        const arg = text.slice(4).trim();
        const topics = roomTopics();
        const pick = /^\d+$/.test(arg) ? topics[Number(arg) - 1] : topics.find((t) => t === arg || t.includes(arg));
        if (pick) here = pick;
        else print(`no such group: ${arg} (see :rooms)`);
      } else if (text === ':img' || text === ':voice') {
        const kind = text === ':img' ? 'image' : 'voice';
        const sample = await sampleFile(kind, ++samples);
        await world.send(world.person(me), { kind, name: sample.name, bytes: sample.bytes }, here ? world.room(here)! : null);
        print(`(${kind === 'image' ? '图片' : '语音'} ${sample.name} 已发送)`);
      } else if (text.startsWith(':')) print(`unknown command ${text} (see :help)`);
      else await world.say(world.person(me), text, here ? world.room(here)! : null);
      setPrompt();
      rl.prompt();
    })().catch((e: unknown) => print(`error: ${e instanceof Error ? e.message : String(e)}`));
  });
  return { done, stop, core: world.core };
}
