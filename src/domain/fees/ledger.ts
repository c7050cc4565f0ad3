import { and, asc, eq, isNull, or, sql } from 'drizzle-orm';
import type { Tx } from '../../db/connect.js';
import { bills, bindings, units } from '../../db/schema.js';

export type UnitRow = typeof units.$inferSelect;
export type BillRow = typeof bills.$inferSelect;
export type BindingRow = typeof bindings.$inferSelect;

/** "1234.5" yuan from cents, with thousands separators: 1,234.50 */
export function yuan(cents: number): string {
  const s = (cents / 100).toFixed(2);
  const [int, dec] = s.split('.');
  return `${int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${dec}`;
}

export function unitLabel(u: Pick<UnitRow, 'community' | 'building' | 'unit'>): string {
  return `${u.community}${u.building}${u.unit}`;
}

/** "2026-11-30" → "11月30日" */
export function dayLabel(date: string): string {
  const [, m, d] = date.split('-').map(Number);
  return `${m}月${d}日`;
}

function normalizeAddress(text: string): string {
  return text.replace(/[\s\u3000-]+/g, '').replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/棟/g, '栋').replace(/號樓/g, '号楼');
}

/** Units whose full address ("阳光花园3栋2单元1502") or building+unit ("3栋2单元1502") is `text`. */
export async function findUnits(tx: Tx, text: string): Promise<UnitRow[]> {
  const n = normalizeAddress(text);
  if (!n) return [];
  return tx.select().from(units).where(or(
    sql`${units.community} || ${units.building} || ${units.unit} = ${n}`,
    sql`${units.building} || ${units.unit} = ${n}`,
  )).orderBy(asc(units.id));
}

export async function unpaidBills(tx: Tx, unitId: number): Promise<BillRow[]> {
  return tx.select().from(bills).where(and(eq(bills.unitId, unitId), isNull(bills.paidAt))).orderBy(asc(bills.dueDate), asc(bills.id));
}

/** The units a contact is bound to, with the binding status. */
export async function bindingsOf(tx: Tx, contactId: string): Promise<{ binding: BindingRow; unit: UnitRow }[]> {
  return tx.select({ binding: bindings, unit: units }).from(bindings)
    .innerJoin(units, eq(units.id, bindings.unitId))
    .where(eq(bindings.contactId, contactId))
    .orderBy(asc(bindings.id));
}

/** What one household owes, for the household's own eyes only (private chat). */
export function statementText(unit: UnitRow, unpaid: BillRow[], today: string): string {
  const label = unitLabel(unit);
  if (!unpaid.length) return `${label}：目前没有待缴的物业费，感谢您一直以来的支持！`;
  const total = unpaid.reduce((s, b) => s + b.amountCents, 0);
  const lines = unpaid.map((b) => `· ${b.period}：${yuan(b.amountCents)}元，${b.dueDate < today ? `缴费日期${dayLabel(b.dueDate)}已过` : `${dayLabel(b.dueDate)}前缴纳`}`);
  return `${label}待缴物业费共 ${yuan(total)} 元：\n${lines.join('\n')}`;
}
