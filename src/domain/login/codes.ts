import { createHash, randomBytes, randomInt } from 'node:crypto';
import { and, count, eq, gt, gte, isNull, lt } from 'drizzle-orm';
import type { Tx } from '../../db/connect.js';
import { webLoginAttempts, webLoginCodes } from '../../db/schema.js';

/**
 * Console sign-in through the bot (device-code style): the browser is shown a short code, a staff
 * member sends `登录 CODE` to the bot privately, and the browser that holds the code's secret is
 * signed in as that person. Codes and secrets are stored only as sha256.
 */
export const CODE_TTL_MS = 10 * 60_000;
/** wrong codes a contact may send within ATTEMPT_WINDOW_MS before further attempts are refused unread */
export const MAX_FAILED_ATTEMPTS = 5;
export const ATTEMPT_WINDOW_MS = 10 * 60_000;

// no 0/O, 1/I/L: read off a screen and typed on a phone
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const CODE_LENGTH = 6;

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

function randomCode(): string {
  let s = '';
  for (let i = 0; i < CODE_LENGTH; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return s;
}

/** "登录 ab 12cd" typed on a phone (full-width, spaces, lower case) → "AB12CD". */
export function normaliseCode(text: string): string {
  return text.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[\s\u2005-]/g, '').toUpperCase();
}

export interface IssuedCode { code: string; expiresAt: Date }

/** Codes and attempts a day past their use are of no further interest. */
const KEEP_MS = 86_400_000;

/** A new code for the browser holding `browserSecret` (old codes and attempts are cleared on the way). */
export async function issueCode(db: Tx, now: Date, browserSecret: string): Promise<IssuedCode> {
  const old = new Date(now.getTime() - KEEP_MS);
  await db.delete(webLoginCodes).where(lt(webLoginCodes.expiresAt, old));
  await db.delete(webLoginAttempts).where(lt(webLoginAttempts.at, old));
  for (;;) {
    const code = randomCode();
    const expiresAt = new Date(now.getTime() + CODE_TTL_MS);
    const [row] = await db.insert(webLoginCodes)
      .values({ codeHash: sha256(code), browserHash: sha256(browserSecret), createdAt: now, expiresAt })
      .onConflictDoNothing().returning({ id: webLoginCodes.id });
    if (row) return { code, expiresAt };
  }
}

export type ClaimResult = 'ok' | 'unknown' | 'expired' | 'used' | 'too-many';

/**
 * A contact sends the code to the bot: the code is claimed for them (the caller has checked they
 * are staff). Wrong codes count towards the contact's attempt limit; a code is claimed once.
 */
export async function claimCode(tx: Tx, now: Date, text: string, contactId: string): Promise<ClaimResult> {
  const since = new Date(now.getTime() - ATTEMPT_WINDOW_MS);
  const [failed] = await tx.select({ n: count() }).from(webLoginAttempts)
    .where(and(eq(webLoginAttempts.contactId, contactId), eq(webLoginAttempts.ok, false), gte(webLoginAttempts.at, since)));
  if ((failed?.n ?? 0) >= MAX_FAILED_ATTEMPTS) return 'too-many';
  const code = normaliseCode(text);
  const [row] = code ? await tx.select().from(webLoginCodes).where(eq(webLoginCodes.codeHash, sha256(code))).for('update') : [];
  let result: ClaimResult;
  if (!row) result = 'unknown';
  else if (row.claimedAt || row.consumedAt) result = 'used';
  else if (row.expiresAt <= now) result = 'expired';
  else {
    await tx.update(webLoginCodes).set({ contactId, claimedAt: now }).where(eq(webLoginCodes.id, row.id));
    result = 'ok';
  }
  await tx.insert(webLoginAttempts).values({ contactId, at: now, ok: result === 'ok' });
  return result;
}

export type BrowserLogin =
  | { state: 'waiting'; code: null; expiresAt: Date }
  | { state: 'claimed'; contactId: string }
  | { state: 'none' };

/**
 * Where the browser holding `browserSecret` stands: its code is waiting, or has been claimed (it
 * is then consumed here: the caller opens the session), or it has none (expired, or unknown).
 */
export async function redeem(db: Tx, now: Date, browserSecret: string): Promise<BrowserLogin> {
  const hash = sha256(browserSecret);
  const [claimed] = await db.update(webLoginCodes).set({ consumedAt: now })
    .where(and(eq(webLoginCodes.browserHash, hash), isNull(webLoginCodes.consumedAt), gt(webLoginCodes.claimedAt, new Date(0))))
    .returning({ contactId: webLoginCodes.contactId });
  if (claimed?.contactId) return { state: 'claimed', contactId: claimed.contactId };
  const [waiting] = await db.select().from(webLoginCodes)
    .where(and(eq(webLoginCodes.browserHash, hash), isNull(webLoginCodes.claimedAt), gt(webLoginCodes.expiresAt, now)));
  return waiting ? { state: 'waiting', code: null, expiresAt: waiting.expiresAt } : { state: 'none' };
}
