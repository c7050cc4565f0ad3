import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { bills, bindings, units } from '../../src/db/schema.js';
import { parseImport, writeImport, ImportError } from '../../src/domain/fees/import.js';
import { freshDatabase, type TestDatabase } from '../helpers/db.js';

const BOM = '\uFEFF';
const GOOD_BILLS = `${BOM}小区,楼栋,单元,房号,面积,账期,金额,到期日\r
阳光花园,3,2,1502,89.5,2026-11,"1,280.50",2026-11-30\r
阳光花园,3栋,1单元,0801,72,2026-11,¥960,2026/11/30\r
翠湖苑,B座,,302,,2026年下半年,2400.00,2026年12月31日\r
`;
const BAD_BILLS = `小区,楼栋,房号,账期,金额,到期日
阳光花园,3栋,2单元1502,2026-11,1280.50,2026-11-30
阳光花园,3栋,2单元1503,2026-11,一千,2026-11-30
阳光花园,3栋,2单元1504,2026-11,900,2026-11-31
,3栋,2单元1505,2026-11,900,2026-11-30
阳光花园,3栋,2单元1502,2026-11,1280.50,2026-11-30
`;
const RESIDENTS = `${BOM}小区,楼栋,房号,姓名,微信号
阳光花园,3栋,2单元1502,张阿姨,wxid_zhang
阳光花园,3栋,2单元1502,张先生,wxid_zhangxs
"阳光花园",3栋,1单元0801,"李, 先生",wxid_li
`;

let db: TestDatabase;
let dir: string;
beforeAll(async () => {
  db = await freshDatabase();
  dir = mkdtempSync(path.join(tmpdir(), 'linli-import-'));
});
afterAll(async () => {
  await db?.dispose();
});

function runCli(file: string) {
  return spawnSync('npx', ['tsx', 'src/cli/import.ts', file], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'warn' },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('CSV import from the billing system: all or nothing, every bad row named', () => {
  it('reports each bad row with its line number and reason, and imports nothing (CLI)', async () => {
    const parsed = parseImport(BAD_BILLS);
    expect(parsed.kind).toBe('bills');
    expect(parsed.problems.map((p) => p.line)).toEqual([3, 4, 5, 6]);
    expect(parsed.problems[0]!.reason).toContain('金额 "一千"');
    expect(parsed.problems[1]!.reason).toContain('到期日 "2026-11-31"');
    expect(parsed.problems[2]!.reason).toContain('小区 is empty');
    expect(parsed.problems[3]!.reason).toContain('duplicate of line 2');
    await expect(writeImport(db.db, parsed, 'Asia/Shanghai', new Date())).rejects.toThrow(ImportError);

    const file = path.join(dir, 'bad-bills.csv');
    writeFileSync(file, BAD_BILLS);
    const r = runCli(file);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('bad-bills.csv:3: 金额 "一千"');
    expect(r.stderr).toContain('bad-bills.csv:6: duplicate of line 2');
    expect(r.stderr).toContain('nothing was imported');
    expect(await db.db.select().from(bills)).toHaveLength(0);
    expect(await db.db.select().from(units)).toHaveLength(0);
  });

  it('imports a good bills file (UTF-8 with BOM, Chinese headers, CRLF, quoted amounts) through the CLI', async () => {
    const file = path.join(dir, 'bills.csv');
    writeFileSync(file, GOOD_BILLS);
    const r = runCli(file);
    expect(r.stderr).toContain('imported 3 bills row(s) for 3 unit(s)');
    expect(r.stderr).toContain('[##############################] 3/3');
    expect(r.status).toBe(0);
    const rows = await db.db.select({ u: units, b: bills }).from(bills).innerJoin(units, eq(units.id, bills.unitId)).orderBy(asc(bills.id));
    expect(rows.map((r) => [r.u.community, r.u.building, r.u.unit, r.u.areaM2, r.b.period, r.b.amountCents, r.b.dueDate])).toEqual([
      ['阳光花园', '3栋', '2单元1502', '89.5', '2026-11', 128_050, '2026-11-30'],
      ['阳光花园', '3栋', '1单元0801', '72', '2026-11', 96_000, '2026-11-30'],
      ['翠湖苑', 'B座', '302', null, '2026年下半年', 240_000, '2026-12-31'],
    ]);
    // a re-import updates, never duplicates
    const again = runCli(file);
    expect(again.status).toBe(0);
    expect(await db.db.select().from(bills)).toHaveLength(3);
  });

  it('binds residents by WeChat id, confirmed, in one transaction', async () => {
    const parsed = parseImport(RESIDENTS);
    expect(parsed.kind).toBe('residents');
    expect(parsed.problems).toEqual([]);
    const result = await writeImport(db.db, parsed, 'Asia/Shanghai', new Date('2026-11-20T09:00:00+08:00'));
    expect(result).toEqual({ kind: 'residents', rows: 3, units: 2 });
    const rows = await db.db.select({ contact: bindings.contactId, status: bindings.status, unit: units.unit }).from(bindings)
      .innerJoin(units, eq(units.id, bindings.unitId)).orderBy(asc(bindings.id));
    expect(rows).toEqual([
      { contact: 'wxid_zhang', status: 'confirmed', unit: '2单元1502' },
      { contact: 'wxid_zhangxs', status: 'confirmed', unit: '2单元1502' },
      { contact: 'wxid_li', status: 'confirmed', unit: '1单元0801' },
    ]);
  });

  it('reports progress row by row while writing; nothing is visible before the last row, and an abort writes nothing', async () => {
    const rows = Array.from({ length: 5 }, (_, i) => `幸福里,8栋,${101 + i},2026-12,${500 + i},2026-12-31`);
    const parsed = parseImport(`小区,楼栋,房号,账期,金额,到期日\n${rows.join('\n')}\n`);
    const inCommunity = async () => (await db.db.select().from(units).where(eq(units.community, '幸福里'))).length;
    const now = new Date('2026-12-01T09:00:00+08:00');

    // a console that cancels at the second row: the promise rejects and nothing is written
    const cancelled: number[] = [];
    await expect(writeImport(db.db, parsed, 'Asia/Shanghai', now, (written) => {
      cancelled.push(written);
      if (written === 2) throw new Error('cancelled by the user');
    })).rejects.toThrow('cancelled by the user');
    expect(cancelled).toEqual([1, 2]);
    expect(await inCommunity()).toBe(0);

    // a console that passes each step on before the next row: another connection sees nothing yet
    const seen: [number, number, number][] = [];
    const result = await writeImport(db.db, parsed, 'Asia/Shanghai', now, async (written, total) => {
      seen.push([written, total, await inCommunity()]);
    });
    expect(seen).toEqual([[1, 5, 0], [2, 5, 0], [3, 5, 0], [4, 5, 0], [5, 5, 0]]);
    expect(result).toEqual({ kind: 'bills', rows: 5, units: 5 });
    expect(await inCommunity()).toBe(5);

    // a file with a bad row is refused before any progress
    const bad = parseImport('小区,楼栋,房号,账期,金额,到期日\n幸福里,8栋,201,2026-12,一千,2026-12-31\n');
    const never: number[] = [];
    await expect(writeImport(db.db, bad, 'Asia/Shanghai', now, (w) => { never.push(w); })).rejects.toThrow(ImportError);
    expect(never).toEqual([]);
  });

  it('refuses a file whose header names neither kind, or that is not UTF-8', () => {
    expect(() => parseImport('a,b,c\n1,2,3\n')).toThrow(/cannot tell the kind/);
    expect(() => parseImport('小区,楼栋,房号,金额\n')).toThrow(/needs the column\(s\) 账期, 到期日/);
    expect(() => parseImport(Buffer.from([0xd0, 0xa1, 0xc7, 0xf8, 0x2c, 0x0a]).toString('utf8'))).toThrow(/not UTF-8/);
  });

  it('refuses stray quotes with the line number instead of merging the text', () => {
    const header = '小区,楼栋,房号,账期,金额,到期日';
    expect(() => parseImport(`${header}\n阳光花园,3栋,"1502"x,2026-12,1280,2026-12-31\n`)).toThrow(/line 2: a quote is followed by more text/);
    expect(() => parseImport(`${header}\n阳光花园,3栋,1502,2026-12,1280,2026-12-31\n阳光花园,3栋,15"02,2026-12,1280,2026-12-31\n`)).toThrow(/line 3: a quote appears inside/);
    expect(() => parseImport(`${header}\n阳光花园,3栋,"1502,2026-12,1280,2026-12-31\n`)).toThrow(/line 2: a quoted field is never closed/);
  });
});
