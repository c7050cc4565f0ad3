/**
 * npm run bench:storm — a building-wide power cut on the virtual clock: 40 residents in three
 * minutes, then the fix. Prints what the group and the staff room saw and how long the run took.
 * Uses DATABASE_URL's server when set, otherwise a throw-away embedded PostgreSQL.
 */
import { freePort } from '../src/boot.js';
import { loadConfig } from '../src/config.js';
import { connect } from '../src/db/connect.js';
import { runMigrations } from '../src/db/migrate.js';
import { createScratchDatabase, startScratchServer } from '../src/db/provision.js';
import { silentLogger } from '../src/log.js';
import { loadClassifier } from '../src/nlu/index.js';
import { runScript } from '../src/sim/run-script.js';
import { parseScript } from '../src/sim/script.js';

const GROUP = '阳光花园3栋业主群';
const STAFF = '阳光花园物业工作群';
const WORDS = [
  '停电了？', '我家也没电', '+1', '整栋楼都黑了', '几点能来电', '电梯也不动了', '我家也是', '同上', '没电了，空调也停了',
  '楼道灯都灭了', '什么时候来电啊', '我们家也没电了', '怎么又停电了', '我这也是，全黑', '+1 刚洗上澡', '一样',
  '停電了嗎', '我家也停了', '物业在吗，停电了', '电梯停了，还好没人在里面',
];

async function main(): Promise<void> {
  const server = process.env.DATABASE_URL
    ? await createScratchDatabase(process.env.DATABASE_URL, 'linli_bench_storm')
    : await startScratchServer(silentLogger, await freePort());
  try {
    const database = connect(server.url, { max: 4 });
    await runMigrations(database.sql);
    const classifier = await loadClassifier();
    const lines: object[] = [
      { setup: 'room', room: GROUP, community: '阳光花园', building: '3栋' },
      { setup: 'staff-room', room: STAFF },
      { setup: 'staff', name: '王主管', role: 'supervisor' },
      { setup: 'staff', name: '李师傅', role: 'technician' },
    ];
    const residents = 40;
    for (let i = 0; i < residents; i++) {
      const s = Math.floor((i * 180) / residents);
      lines.push({ at: `2026-11-23T20:0${1 + Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}+08:00`, room: GROUP, from: `住户${i + 1}`, text: WORDS[i % WORDS.length] });
    }
    lines.push({ at: '2026-11-23T20:15:00+08:00', room: STAFF, from: '李师傅', text: '接单 #1' });
    lines.push({ at: '2026-11-23T21:00:00+08:00', room: STAFF, from: '李师傅', text: '完成 #1 总开关复位，恢复供电' });
    const out: string[] = [];
    const started = performance.now();
    await runScript(parseScript(lines.map((l) => JSON.stringify(l)).join('\n')), {
      db: database.db, config: loadConfig({}), classifier, log: silentLogger, out: (l) => out.push(l),
    });
    const ms = performance.now() - started;
    await database.close();
    const said = out.slice(0, -1).map((l) => JSON.parse(l) as { at: string; room?: string; text: string; mentions?: string[] });
    const tickets = (JSON.parse(out.at(-1)!) as { tickets: unknown[] }).tickets;
    const storm = (room: string, until: string) => said.filter((s) => s.room === room && s.at < until).length;
    const resolved = said.find((s) => s.room === GROUP && s.text.includes('已处理完成'));
    const result = {
      residents, messages: residents + 2, run_ms: Math.round(ms), ms_per_message: Math.round((ms / (residents + 2)) * 10) / 10,
      tickets: tickets.length, group_messages_in_storm: storm(GROUP, '2026-11-23T20:05'), staff_messages_first_5_min: storm(STAFF, '2026-11-23T20:06'),
      group_messages_total: said.filter((s) => s.room === GROUP).length, resolved_mentions: resolved?.mentions?.length ?? 0,
    };
    if (process.env.SHOW) process.stderr.write(`${JSON.stringify({ said, tickets }, null, 1)}\n`);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await server.dispose();
  }
}

await main();
