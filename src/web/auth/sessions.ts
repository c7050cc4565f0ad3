import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import type { Config } from '../../config.js';
import type { Tx } from '../../db/connect.js';
import { staff, webSessions } from '../../db/schema.js';
import { randomToken, sha256 } from '../../domain/login/codes.js';
import type { StaffRow } from '../../domain/types.js';

export const SESSION_COOKIE = 'linli_session';
export const LOGIN_COOKIE = 'linli_login';

/** last_seen_at is written at most this often (not on every request) */
const TOUCH_MS = 60_000;

/** A new session for a staff member; returns the token for the cookie (only its hash is stored). */
export async function openSession(db: Tx, config: Config, now: Date, contactId: string): Promise<string> {
  // sessions ended or expired more than a month ago are forgotten
  await db.delete(webSessions).where(lt(webSessions.expiresAt, new Date(now.getTime() - 30 * 86_400_000)));
  const token = randomToken();
  await db.insert(webSessions).values({
    tokenHash: sha256(token), contactId, createdAt: now, lastSeenAt: now,
    expiresAt: new Date(now.getTime() + config.web.sessionMaxHours * 3_600_000),
  });
  return token;
}

/**
 * The staff member a session token belongs to, or null: ended, past its absolute end, idle too
 * long, or the person is no longer on the roster. The role is the roster's, read every time.
 */
export async function sessionStaff(db: Tx, config: Config, now: Date, token: string): Promise<StaffRow | null> {
  const hash = sha256(token);
  const [row] = await db.select({ s: webSessions, member: staff }).from(webSessions)
    .innerJoin(staff, eq(staff.contactId, webSessions.contactId))
    .where(and(eq(webSessions.tokenHash, hash), isNull(webSessions.endedAt), gt(webSessions.expiresAt, now), eq(staff.active, true)));
  if (!row) return null;
  if (now.getTime() - row.s.lastSeenAt.getTime() > config.web.sessionIdleMinutes * 60_000) {
    await endSession(db, now, token);
    return null;
  }
  if (now.getTime() - row.s.lastSeenAt.getTime() > TOUCH_MS) {
    await db.update(webSessions).set({ lastSeenAt: now }).where(eq(webSessions.tokenHash, hash));
  }
  return row.member;
}

export async function endSession(db: Tx, now: Date, token: string): Promise<void> {
  await db.update(webSessions).set({ endedAt: now }).where(and(eq(webSessions.tokenHash, sha256(token)), isNull(webSessions.endedAt)));
}

/** The CSRF token of a browser: derived from its secret cookie, so a page of another site can neither read nor make it. */
export function csrfFor(secret: string): string {
  return sha256(`csrf:${secret}`).slice(0, 40);
}
