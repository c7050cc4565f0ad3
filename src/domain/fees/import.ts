import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/connect.js';
import { bills, bindings, units } from '../../db/schema.js';
import { zonedTime } from '../time.js';
import { CsvError, parseCsv } from './csv.js';

/**
 * CSV exported from the company's billing system, in one of two kinds, told apart by the header.
 * Chinese or English column names, any order, UTF-8 (with or without BOM):
 *
 *   bills:     小区,楼栋,[单元],房号,[面积],账期,金额,到期日,[缴费日期]
 *              community,building,[entrance],unit,[area],period,amount,due_date,[paid_date]
 *   residents: 小区,楼栋,[单元],房号,[面积],[姓名],微信号
 *              community,building,[entrance],unit,[area],[name],wechat_id
 *
 * 楼栋 "3" is read as "3栋"; 单元 "2" with 房号 "1502" makes the unit "2单元1502" (or give
 * 房号 "2单元1502" directly). 金额 in yuan ("1280.50", "¥1,280.50"); dates as 2026-11-30,
 * 2026/11/30 or 2026年11月30日. Units are created or updated; a bill is keyed by unit and period
 * (a re-import updates amount and due date and never clears a recorded payment); residents are
 * bound to their unit as confirmed. A file with any bad row imports nothing.
 */
export type ImportKind = 'bills' | 'residents';

export interface RowProblem { line: number; reason: string }

export interface BillRecord { line: number; community: string; building: string; unit: string; area: string | null; period: string; amountCents: number; dueDate: string; paidDate: string | null }
export interface ResidentRecord { line: number; community: string; building: string; unit: string; area: string | null; name: string | null; wechatId: string }

export type Parsed =
  | { kind: 'bills'; records: BillRecord[]; problems: RowProblem[] }
  | { kind: 'residents'; records: ResidentRecord[]; problems: RowProblem[] };

const COLUMNS: Record<string, string[]> = {
  community: ['小区', '小區', '小区名称', '项目', 'community'],
  building: ['楼栋', '樓棟', '楼号', '栋', 'building'],
  entrance: ['单元', '單元', 'entrance'],
  unit: ['房号', '房號', '房间号', '室', 'unit', 'room'],
  area: ['面积', '面積', '建筑面积', 'area', 'area_m2'],
  period: ['账期', '賬期', '期间', '计费期间', 'period'],
  amount: ['金额', '金額', '应收金额', '应缴金额', 'amount'],
  dueDate: ['到期日', '截止日期', '缴费截止日', 'due_date', 'due'],
  paidDate: ['缴费日期', '繳費日期', '实收日期', 'paid_date', 'paid'],
  name: ['姓名', '业主姓名', '住户姓名', 'name'],
  wechatId: ['微信号', '微信號', '微信id', 'wechat_id', 'wechat', 'contact_id'],
};

const REQUIRED: Record<ImportKind, string[]> = {
  bills: ['community', 'building', 'unit', 'period', 'amount', 'dueDate'],
  residents: ['community', 'building', 'unit', 'wechatId'],
};

const LABEL: Record<string, string> = {
  community: '小区', building: '楼栋', unit: '房号', period: '账期', amount: '金额', dueDate: '到期日', wechatId: '微信号',
};

export class ImportError extends Error {}

function headerMap(header: string[]): Map<string, number> {
  const map = new Map<string, number>();
  header.forEach((raw, i) => {
    const h = raw.trim().toLowerCase().replace(/\s+/g, '');
    for (const [key, names] of Object.entries(COLUMNS)) {
      if (names.some((n) => n.toLowerCase() === h) && !map.has(key)) map.set(key, i);
    }
  });
  return map;
}

export function detectKind(columns: Map<string, number>): ImportKind | null {
  if (columns.has('period') || columns.has('amount') || columns.has('dueDate')) return 'bills';
  if (columns.has('wechatId')) return 'residents';
  return null;
}

function normalizeBuilding(b: string): string {
  const s = b.replace(/\s+/g, '').replace(/棟/g, '栋');
  return /^\d+$/.test(s) ? `${s}栋` : s;
}

function normalizeUnit(entrance: string, room: string): string {
  const r = room.replace(/\s+/g, '');
  const e = entrance.replace(/\s+/g, '').replace(/(单元|單元)$/, '');
  return e ? `${e}单元${r}` : r;
}

export function parseAmount(raw: string): number | null {
  const s = raw.trim().replace(/^[¥￥]\s*/, '').replace(/元$/, '').replace(/,/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(s)) return null;
  const [int, dec = ''] = s.split('.');
  return Number(int) * 100 + Number(dec.padEnd(2, '0'));
}

export function parseDate(raw: string): string | null {
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(raw.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Reads and checks the whole file; nothing touches the database here. */
export function parseImport(source: string): Parsed {
  if (source.includes('\uFFFD')) throw new ImportError('the file is not UTF-8: save it from Excel as "CSV UTF-8" and try again');
  let records;
  try {
    records = parseCsv(source);
  } catch (e) {
    if (e instanceof CsvError) throw new ImportError(e.message);
    throw e;
  }
  const [header, ...rows] = records;
  if (!header) throw new ImportError('the file is empty');
  const columns = headerMap(header.fields);
  const kind = detectKind(columns);
  if (!kind) throw new ImportError(`line 1: cannot tell the kind of file from the header (${header.fields.join(',')}); bills need 账期,金额,到期日 and residents need 微信号`);
  const missing = REQUIRED[kind].filter((k) => !columns.has(k));
  if (missing.length) throw new ImportError(`line 1: a ${kind} file needs the column(s) ${missing.map((k) => LABEL[k] ?? k).join(', ')}`);

  const problems: RowProblem[] = [];
  const get = (r: string[], key: string) => {
    const i = columns.get(key);
    return i === undefined ? '' : (r[i] ?? '').trim();
  };
  const seen = new Map<string, number>();
  const bills: BillRecord[] = [];
  const residents: ResidentRecord[] = [];
  for (const { line, fields } of rows) {
    const reasons: string[] = [];
    if (fields.length > header.fields.length) reasons.push(`${fields.length} fields, the header has ${header.fields.length}`);
    const community = get(fields, 'community').replace(/\s+/g, '');
    const building = normalizeBuilding(get(fields, 'building'));
    const unit = normalizeUnit(get(fields, 'entrance'), get(fields, 'unit'));
    const areaRaw = get(fields, 'area');
    if (!community) reasons.push('小区 is empty');
    if (!building) reasons.push('楼栋 is empty');
    if (!unit) reasons.push('房号 is empty');
    if (areaRaw && !/^\d+(\.\d+)?$/.test(areaRaw)) reasons.push(`面积 "${areaRaw}" is not a number`);
    const area = areaRaw || null;
    const address = `${community}${building}${unit}`;
    if (kind === 'bills') {
      const period = get(fields, 'period');
      const amountRaw = get(fields, 'amount');
      const amountCents = parseAmount(amountRaw);
      const dueRaw = get(fields, 'dueDate');
      const dueDate = parseDate(dueRaw);
      const paidRaw = get(fields, 'paidDate');
      const paidDate = paidRaw ? parseDate(paidRaw) : null;
      if (!period) reasons.push('账期 is empty');
      if (period.length > 40) reasons.push('账期 is longer than 40 characters');
      if (amountCents === null) reasons.push(`金额 "${amountRaw}" is not an amount in yuan like 1280.50`);
      else if (amountCents === 0) reasons.push('金额 is zero');
      if (!dueDate) reasons.push(`到期日 "${dueRaw}" is not a date like 2026-11-30`);
      if (paidRaw && !paidDate) reasons.push(`缴费日期 "${paidRaw}" is not a date like 2026-11-30`);
      const key = `${address}|${period}`;
      if (period && unit && seen.has(key)) reasons.push(`duplicate of line ${seen.get(key)} (${address} ${period})`);
      if (!reasons.length) {
        seen.set(key, line);
        bills.push({ line, community, building, unit, area, period, amountCents: amountCents!, dueDate: dueDate!, paidDate });
      }
    } else {
      const wechatId = get(fields, 'wechatId');
      if (!wechatId) reasons.push('微信号 is empty');
      else if (/\s/.test(wechatId)) reasons.push(`微信号 "${wechatId}" contains spaces`);
      const key = `${address}|${wechatId}`;
      if (wechatId && seen.has(key)) reasons.push(`duplicate of line ${seen.get(key)} (${address} ${wechatId})`);
      if (!reasons.length) {
        seen.set(key, line);
        residents.push({ line, community, building, unit, area, name: get(fields, 'name') || null, wechatId });
      }
    }
    if (reasons.length) problems.push({ line, reason: reasons.join('; ') });
  }
  if (!rows.length) problems.push({ line: 1, reason: 'no data rows after the header' });
  return kind === 'bills' ? { kind, records: bills, problems } : { kind, records: residents, problems };
}

async function upsertUnit(tx: Tx, r: { community: string; building: string; unit: string; area: string | null }): Promise<number> {
  const [row] = await tx.insert(units).values({ community: r.community, building: r.building, unit: r.unit, areaM2: r.area })
    .onConflictDoUpdate({ target: [units.community, units.building, units.unit], set: { areaM2: sql`coalesce(excluded.area_m2, ${units.areaM2})` } })
    .returning({ id: units.id });
  return row!.id;
}

export interface ImportResult { kind: ImportKind; rows: number; units: number }

/**
 * Told after each row is written: `written` of `total`. The rows become visible to anyone else
 * only when `writeImport` resolves (one transaction). A returned promise is awaited before the
 * next row (a console can pass its progress on at its own pace); a callback that throws or
 * rejects aborts the import and nothing is written.
 */
export type ImportProgress = (written: number, total: number) => void | Promise<void>;

/**
 * Writes a checked file in ONE transaction: all rows or none, reporting progress after each row.
 * Refuses (writing nothing) when the file has any problem.
 */
export async function writeImport(db: Db, parsed: Parsed, timeZone: string, now: Date, onProgress?: ImportProgress): Promise<ImportResult> {
  if (parsed.problems.length) throw new ImportError(`${parsed.problems.length} bad row(s); nothing imported`);
  const total = parsed.records.length;
  return db.transaction(async (tx) => {
    const unitIds = new Set<number>();
    let done = 0;
    if (parsed.kind === 'bills') {
      for (const r of parsed.records) {
        const unitId = await upsertUnit(tx, r);
        unitIds.add(unitId);
        const paidAt = r.paidDate ? zonedTime(...(r.paidDate.split('-').map(Number) as [number, number, number]), 12, 0, timeZone) : null;
        await tx.insert(bills).values({ unitId, period: r.period, amountCents: r.amountCents, dueDate: r.dueDate, paidAt })
          .onConflictDoUpdate({
            target: [bills.unitId, bills.period],
            set: { amountCents: r.amountCents, dueDate: r.dueDate, paidAt: sql`coalesce(excluded.paid_at, ${bills.paidAt})` },
          });
        await onProgress?.(++done, total);
      }
    } else {
      for (const r of parsed.records) {
        const unitId = await upsertUnit(tx, r);
        unitIds.add(unitId);
        await tx.insert(bindings).values({ contactId: r.wechatId, unitId, status: 'confirmed', confirmedBy: 'import', createdAt: now })
          .onConflictDoUpdate({ target: [bindings.contactId, bindings.unitId], set: { status: 'confirmed', confirmedBy: 'import' } });
        await onProgress?.(++done, total);
      }
    }
    return { kind: parsed.kind, rows: total, units: unitIds.size };
  });
}
