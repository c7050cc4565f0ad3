import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Clock } from '../clock.js';
import type { Db, Tx } from '../db/connect.js';
import { accounts, contactAccounts, roomAccounts, rooms } from '../db/schema.js';
import type { Logger } from '../log.js';
import { PRIORITY } from '../outbox/enqueue.js';
import { Outbound } from '../outbox/outbound.js';
import { isoInZone } from '../domain/time.js';

/** An account whose heartbeat is older than this is gone (killed, machine down): its groups move or wait. */
export const STALE_MS = 60_000;
/** How often a running account writes its heartbeat: several times within the staleness limit. */
export function heartbeatMs(staleMs: number): number {
  return Math.min(10_000, Math.floor(staleMs / 4));
}

// Serialises ownership changes across every process on the database.
const OWNERS_LOCK = 4_242_003;

/**
 * SQL over an outbox row `o`: this row goes out through `account`. A group's row goes through the
 * group's owner (any account while no owner is known); a private row through the live account the
 * person last talked to (the latest one when none is live, so it waits; any account for someone
 * who never wrote privately, e.g. the first manager).
 */
export function routedTo(account: string, now: Date, staleMs = STALE_MS) {
  const staleBefore = new Date(now.getTime() - staleMs).toISOString();
  return sql`(case when o.room_id is not null
    then coalesce((select r.owner_account from rooms r where r.id = o.room_id), ${account}) = ${account}
    else coalesce((select ca.account from contact_accounts ca left join accounts a on a.name = ca.account
      where ca.contact_id = o.contact_id
      order by coalesce(a.logged_in and a.heartbeat_at > ${staleBefore}::timestamptz, false) desc, ca.last_at desc, ca.account
      limit 1), ${account}) = ${account} end)`;
}

/** What a rebalance changed: groups that moved to another account, groups left without one, groups served again. */
export interface Rebalance {
  moved: { roomId: string; from: string | null; to: string }[];
  unserved: string[];
  restored: string[];
}

/**
 * One bot account's presence in the shared database: its heartbeat, its login state, the groups
 * it is in and the people who talk to it. Any running account may rebalance: each group is owned
 * by one live member account (rendezvous hashing on room and account, so groups spread evenly and
 * only a departed account's groups move); a group with no live member keeps its owner, its
 * messages wait, and the staff room is told once.
 */
export class AccountPresence {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly log: Logger,
    readonly name: string,
    private readonly timezone: string,
    readonly staleMs = STALE_MS,
  ) {}

  get heartbeatMs(): number {
    return heartbeatMs(this.staleMs);
  }

  async login(userId: string | null): Promise<void> {
    const now = this.clock.now();
    await this.db.insert(accounts).values({ name: this.name, userId, loggedIn: true, heartbeatAt: now, startedAt: now })
      .onConflictDoUpdate({ target: accounts.name, set: { loggedIn: true, heartbeatAt: now, ...(userId ? { userId } : {}) } });
    this.log.debug('account logged in', { account: this.name });
  }

  async logout(): Promise<void> {
    await this.db.update(accounts).set({ loggedIn: false, heartbeatAt: this.clock.now() }).where(eq(accounts.name, this.name));
    this.log.warn('account logged out', { account: this.name });
  }

  /** The process is alive; a logged-out account stays logged out. */
  async beat(): Promise<void> {
    await this.db.update(accounts).set({ heartbeatAt: this.clock.now() }).where(eq(accounts.name, this.name));
  }

  /** This account is in these groups (seen at login, on a message, or when added). */
  async joined(roomIds: string[], tx: Tx | Db = this.db): Promise<void> {
    if (!roomIds.length) return;
    const now = this.clock.now();
    await tx.insert(roomAccounts).values(roomIds.map((roomId) => ({ roomId, account: this.name, joinedAt: now }))).onConflictDoNothing();
  }

  async left(roomId: string): Promise<void> {
    await this.db.delete(roomAccounts).where(and(eq(roomAccounts.roomId, roomId), eq(roomAccounts.account, this.name)));
  }

  async hasMembers(roomId: string): Promise<boolean> {
    const [row] = await this.db.select({ a: roomAccounts.account }).from(roomAccounts).where(eq(roomAccounts.roomId, roomId)).limit(1);
    return !!row;
  }

  /** These people talked to this account privately: their private messages go out through it. */
  async talkedTo(contactIds: string[], tx: Tx | Db = this.db): Promise<void> {
    if (!contactIds.length) return;
    const now = this.clock.now();
    await tx.insert(contactAccounts).values([...new Set(contactIds)].map((contactId) => ({ contactId, account: this.name, lastAt: now })))
      .onConflictDoUpdate({ target: [contactAccounts.contactId, contactAccounts.account], set: { lastAt: now } });
  }

  /** Gives every group with a member account its owner; see the class comment. */
  async rebalance(): Promise<Rebalance> {
    const now = this.clock.now();
    const staleBefore = new Date(now.getTime() - this.staleMs);
    return this.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${OWNERS_LOCK})`);
      const rows = await tx.execute<{ id: string; topic: string; owner: string | null; desired: string | null; unserved_since: string | null }>(sql`
        with live as (select name from accounts where logged_in and heartbeat_at > ${staleBefore.toISOString()}::timestamptz),
        desired as (
          select distinct on (ra.room_id) ra.room_id, ra.account
          from room_accounts ra join live on live.name = ra.account
          order by ra.room_id, md5(ra.room_id || ':' || ra.account), ra.account)
        select r.id, r.topic, r.owner_account as owner, d.account as desired, r.unserved_since
        from rooms r left join desired d on d.room_id = r.id
        where r.active and exists (select 1 from room_accounts x where x.room_id = r.id)
        order by r.id`);
      const out: Rebalance = { moved: [], unserved: [], restored: [] };
      const gone = new Map((await tx.select().from(accounts)).map((a) => [a.name, a]));
      const isLive = (name: string) => { const a = gone.get(name); return !!a && a.loggedIn && a.heartbeatAt > staleBefore; };
      const unservedRooms: { id: string; topic: string; owner: string | null }[] = [];
      const restoredRooms: { id: string; topic: string }[] = [];
      for (const r of rows) {
        if (r.desired && r.desired !== r.owner) {
          await tx.update(rooms).set({ ownerAccount: r.desired, unservedSince: null }).where(eq(rooms.id, r.id));
          out.moved.push({ roomId: r.id, from: r.owner, to: r.desired });
          const previous = r.owner ? gone.get(r.owner) : undefined;
          // a live previous owner recorded everything itself; a gone one may have missed its last moments
          if (previous && !isLive(previous.name)) await promoteShadows(tx, r.id, r.desired, new Date(previous.heartbeatAt.getTime() - 2 * this.heartbeatMs));
          if (r.unserved_since) restoredRooms.push(r);
        } else if (r.desired && r.unserved_since) {
          await tx.update(rooms).set({ unservedSince: null }).where(eq(rooms.id, r.id));
          restoredRooms.push(r);
        } else if (!r.desired && !r.unserved_since && r.owner) {
          // (a group never served yet waits for its account's first start without a report)
          await tx.update(rooms).set({ unservedSince: now }).where(eq(rooms.id, r.id));
          unservedRooms.push(r);
        }
      }
      out.unserved = unservedRooms.map((r) => r.id);
      out.restored = restoredRooms.map((r) => r.id);
      if (unservedRooms.length || restoredRooms.length) {
        const outbound = new Outbound(tx, now, this.log);
        const names = (list: { topic: string; id: string }[]) => list.map((r) => `「${r.topic || r.id}」`).join('、');
        if (unservedRooms.length) {
          const owners = [...new Set(unservedRooms.map((r) => r.owner ?? '?'))];
          const since = owners.map((o) => gone.get(o)).filter((a) => !!a)
            .map((a) => `${a.name}${a.loggedIn ? `（最后在线 ${isoInZone(a.heartbeatAt, this.timezone).slice(11, 16)}）` : '（已退出登录）'}`);
          await outbound.toStaff(`⚠️ 机器人账号 ${since.join('、') || owners.join('、')} 不在线，以下 ${unservedRooms.length} 个群暂时没有机器人服务：${names(unservedRooms)}。`
            + '这些群的待发消息会保留，账号恢复后发出；请尽快重新登录该账号，或把另一个账号拉进这些群。', { priority: PRIORITY.urgent, kind: 'unserved' });
        }
        if (restoredRooms.length) {
          await outbound.toStaff(`✅ 以下 ${restoredRooms.length} 个群已恢复机器人服务：${names(restoredRooms)}。`, { kind: 'unserved' });
        }
      }
      if (out.moved.length || out.unserved.length) this.log.info('groups rebalanced', { by: this.name, moved: out.moved.length, unserved: out.unserved.length });
      return out;
    });
  }

  /** The accounts and what they serve, for staff and the console. */
  async overview(): Promise<{ name: string; live: boolean; owns: number; members: number }[]> {
    const now = this.clock.now();
    const list = await this.db.select().from(accounts).orderBy(accounts.name);
    const owned = await this.db.select({ owner: rooms.ownerAccount, n: sql<number>`count(*)::int` }).from(rooms)
      .where(and(eq(rooms.active, true), inArray(rooms.ownerAccount, list.map((a) => a.name).concat(['']))))
      .groupBy(rooms.ownerAccount);
    const members = await this.db.select({ account: roomAccounts.account, n: sql<number>`count(*)::int` }).from(roomAccounts).groupBy(roomAccounts.account);
    return list.map((a) => ({
      name: a.name,
      live: a.loggedIn && a.heartbeatAt.getTime() > now.getTime() - this.staleMs,
      owns: owned.find((o) => o.owner === a.name)?.n ?? 0,
      members: members.find((m) => m.account === a.name)?.n ?? 0,
    }));
  }
}

/**
 * A group moved away from an account that stopped: what it may have missed in its last moments
 * (after its last heartbeat) was seen by the new owner only as a copy. Copies with no matching
 * message recorded by another account (same person, same words, sent within 10 s) are handled now.
 */
async function promoteShadows(tx: Tx, roomId: string, to: string, from: Date): Promise<void> {
  const since = from.toISOString();
  await tx.execute(sql`
    update messages m set status = 'pending', outcome = null
    where m.room_id = ${roomId} and m.account = ${to} and m.status = 'shadow' and m.received_at >= ${since}::timestamptz
      and not exists (select 1 from messages p
        where p.room_id = m.room_id and p.talker_id = m.talker_id and p.text = m.text and p.status <> 'shadow'
          and p.sent_at between m.sent_at - interval '10 seconds' and m.sent_at + interval '10 seconds')`);
}
