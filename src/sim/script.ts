import { readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { MEDIA_KINDS, type MediaKind } from '../media/kinds.js';

/** A picture, voice note, video or file sent in a script: a file's bytes, or a generated sample when no file is named. */
export interface ScriptMedia { kind: MediaKind; file: { name: string; bytes: Buffer } | null }

/** The `simulate` script format: one JSON object per line (see README, "Conversation scripts"). */
export type ScriptLine =
  | { kind: 'account'; line: number; name: string }
  | { kind: 'room'; line: number; room: string; community: string | null; building: string | null; accounts: string[] | null }
  | { kind: 'staff-room'; line: number; room: string; accounts: string[] | null }
  | { kind: 'staff'; line: number; name: string; role: 'manager' | 'supervisor' | 'agent' | 'technician' }
  | { kind: 'resident'; line: number; name: string; room: string | null; unit: string | null }
  | { kind: 'message'; line: number; at: Date | null; room: string | null; from: string; text: string; mentions: string[]; media: ScriptMedia | null; account: string | null }
  | { kind: 'clock'; line: number; at: Date }
  | { kind: 'account-event'; line: number; at: Date | null; account: string; event: 'logout' | 'login' };

export class ScriptError extends Error {
  constructor(readonly line: number, reason: string) {
    super(`line ${line}: ${reason}`);
  }
}

const ISO_WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-](\d{2}):?(\d{2}))$/;
const ROLES = ['manager', 'supervisor', 'agent', 'technician'] as const;
const SETUPS = ['account', 'room', 'staff-room', 'staff', 'resident'] as const;
const ACCOUNT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/**
 * The keys each kind of line may carry. Any other key is a typo ("rooom" would otherwise turn a
 * group message into a private one) and stops the run; a new key is added here.
 */
export const KNOWN_KEYS: Record<ScriptLine['kind'], readonly string[]> = {
  account: ['setup', 'name'],
  room: ['setup', 'room', 'community', 'building', 'accounts'],
  'staff-room': ['setup', 'room', 'accounts'],
  staff: ['setup', 'name', 'role'],
  resident: ['setup', 'name', 'room', 'unit'],
  message: ['at', 'room', 'from', 'text', 'mentions', 'kind', 'file', 'account'],
  clock: ['at'],
  'account-event': ['at', 'account', 'event'],
};

const LINE_NAMES: Record<ScriptLine['kind'], string> = {
  account: 'an "account" setup', 'account-event': 'an account event',
  room: 'a "room" setup', 'staff-room': 'a "staff-room" setup', staff: 'a "staff" setup', resident: 'a "resident" setup',
  message: 'a message', clock: 'a clock line',
};

function checkKeys(o: Record<string, unknown>, kind: ScriptLine['kind'], line: number): void {
  const known = KNOWN_KEYS[kind];
  const unknown = Object.keys(o).filter((k) => !known.includes(k));
  if (unknown.length) {
    throw new ScriptError(line, `unknown key ${unknown.map((k) => JSON.stringify(k)).join(', ')}: ${LINE_NAMES[kind]} takes ${known.join(', ')}`);
  }
}

function field(o: Record<string, unknown>, key: string, line: number, required: boolean): string | null {
  const v = o[key];
  if (v === undefined || v === null) {
    if (required) throw new ScriptError(line, `"${key}" is required`);
    return null;
  }
  if (typeof v !== 'string' || (required && !v.trim())) throw new ScriptError(line, `"${key}" must be a non-empty string`);
  return v;
}

function parseAt(o: Record<string, unknown>, line: number): Date | null {
  const at = field(o, 'at', line, false);
  if (at === null) return null;
  const m = ISO_WITH_OFFSET.exec(at);
  const d = new Date(at);
  if (!m || Number.isNaN(d.getTime())) {
    throw new ScriptError(line, `"at" must be an ISO-8601 time with an offset, like 2026-11-23T09:00:00+08:00 (got ${JSON.stringify(at)})`);
  }
  // Date() rolls 2026-02-30 over to 2 March: every field is checked as written
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [number, number, number, number, number, number];
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (calendar.getUTCFullYear() !== year || calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) {
    throw new ScriptError(line, `"at" names a day that does not exist: ${m[1]}-${m[2]}-${m[3]} (got ${JSON.stringify(at)})`);
  }
  if (hour > 23 || minute > 59 || second > 59 || Number(m[9] ?? 0) > 14 || Number(m[10] ?? 0) > 59) {
    throw new ScriptError(line, `"at" names a time that does not exist (got ${JSON.stringify(at)})`);
  }
  return d;
}

/** Where files named by `"file"` are read from (the script's own folder for `simulate`). */
export interface ParseOptions { baseDir?: string }

/** A largest file a script may send: enough to try MEDIA_MAX_BYTES, not enough to fill memory by mistake. */
const MAX_SCRIPT_FILE = 200 * 1024 * 1024;

function scriptMedia(obj: Record<string, unknown>, line: number, opts: ParseOptions): ScriptMedia | null {
  const kind = obj.kind;
  if (kind === undefined) {
    if ('file' in obj) throw new ScriptError(line, '"file" needs "kind" (image, voice, video or file)');
    return null;
  }
  if (typeof kind !== 'string' || !(MEDIA_KINDS as readonly string[]).includes(kind)) {
    throw new ScriptError(line, `"kind" must be one of ${MEDIA_KINDS.join(', ')} (got ${JSON.stringify(kind)})`);
  }
  if ('text' in obj && kind !== 'voice') {
    throw new ScriptError(line, `a ${kind} message carries no text in WeChat: send the words as a line of their own ("text" is only for a voice note's transcript)`);
  }
  const path = field(obj, 'file', line, false);
  if (path === null) return { kind: kind as MediaKind, file: null };
  const full = resolve(opts.baseDir ?? process.cwd(), path);
  let size: number;
  try {
    size = statSync(full).size;
  } catch {
    throw new ScriptError(line, `"file" ${JSON.stringify(path)} cannot be read (looked for ${full})`);
  }
  if (size > MAX_SCRIPT_FILE) throw new ScriptError(line, `"file" ${JSON.stringify(path)} is larger than ${MAX_SCRIPT_FILE} bytes`);
  return { kind: kind as MediaKind, file: { name: basename(full), bytes: readFileSync(full) } };
}

/** Parses and checks the whole script before anything runs, so a bad line changes nothing. */
export function parseScript(source: string, opts: ParseOptions = {}): ScriptLine[] {
  const out: ScriptLine[] = [];
  const rooms = new Map<string, { kind: 'room' | 'staff-room'; line: number }>();
  const addRoom = (room: string, kind: 'room' | 'staff-room', line: number) => {
    const before = rooms.get(room);
    if (before) {
      throw new ScriptError(line, `room "${room}" is already set up on line ${before.line} as ${before.kind === 'room' ? 'a building group' : 'the staff room'}`
        + (before.kind !== kind ? ': one group cannot be both a building group and the staff room' : ''));
    }
    rooms.set(room, { kind, line });
  };
  let last: Date | null = null;
  const accounts: string[] = [];
  let roomsSeen = false;
  /** "accounts" of a room setup: declared accounts, at least one (null: the first account) */
  const roomAccounts = (obj: Record<string, unknown>, line: number): string[] | null => {
    const v = obj.accounts;
    if (v === undefined) return null;
    if (!Array.isArray(v) || !v.length || v.some((a) => typeof a !== 'string')) throw new ScriptError(line, '"accounts" must be a non-empty list of account names');
    for (const a of v as string[]) {
      if (!accounts.includes(a)) throw new ScriptError(line, `account "${a}" has not been set up (accounts: ${accounts.join(', ') || 'none'})`);
    }
    if (new Set(v).size !== v.length) throw new ScriptError(line, '"accounts" names an account twice');
    return v as string[];
  };
  const knownAccount = (obj: Record<string, unknown>, line: number, required: boolean): string | null => {
    const a = field(obj, 'account', line, required);
    if (a !== null && !accounts.includes(a)) throw new ScriptError(line, `account "${a}" has not been set up (accounts: ${accounts.join(', ') || 'none'})`);
    return a;
  };
  // a UTF-8 byte-order mark (Windows editors write one) is not part of the first line
  source.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (!raw.trim()) return;
    let o: unknown;
    try {
      o = JSON.parse(raw);
    } catch (e) {
      throw new ScriptError(line, `not valid JSON (${(e as Error).message})`);
    }
    if (!o || typeof o !== 'object' || Array.isArray(o)) throw new ScriptError(line, 'each line must be a JSON object');
    const obj = o as Record<string, unknown>;
    if ('setup' in obj) {
      const setup = obj.setup;
      if (!(SETUPS as readonly unknown[]).includes(setup)) {
        throw new ScriptError(line, `unknown setup ${JSON.stringify(setup)}: expected account, room, staff-room, staff or resident`);
      }
      checkKeys(obj, setup as (typeof SETUPS)[number], line);
      if (setup === 'account') {
        const name = field(obj, 'name', line, true)!;
        if (!ACCOUNT_NAME.test(name)) throw new ScriptError(line, `account name ${JSON.stringify(name)} must be letters, digits, dots, dashes or underscores`);
        if (accounts.includes(name)) throw new ScriptError(line, `account "${name}" is already set up`);
        if (roomsSeen) throw new ScriptError(line, 'accounts are set up before the first room (a room without "accounts" belongs to the first account)');
        accounts.push(name);
        out.push({ kind: 'account', line, name });
      } else if (setup === 'room') {
        const room = field(obj, 'room', line, true)!;
        addRoom(room, 'room', line);
        roomsSeen = true;
        out.push({ kind: 'room', line, room, community: field(obj, 'community', line, false), building: field(obj, 'building', line, false), accounts: roomAccounts(obj, line) });
      } else if (setup === 'staff-room') {
        const room = field(obj, 'room', line, true)!;
        addRoom(room, 'staff-room', line);
        roomsSeen = true;
        out.push({ kind: 'staff-room', line, room, accounts: roomAccounts(obj, line) });
      } else if (setup === 'staff') {
        const role = field(obj, 'role', line, true)!;
        if (!(ROLES as readonly string[]).includes(role)) throw new ScriptError(line, `"role" must be one of ${ROLES.join(', ')} (got ${role})`);
        out.push({ kind: 'staff', line, name: field(obj, 'name', line, true)!, role: role as (typeof ROLES)[number] });
      } else {
        const room = field(obj, 'room', line, false);
        if (room !== null && !rooms.has(room)) throw new ScriptError(line, `room "${room}" has not been set up`);
        out.push({ kind: 'resident', line, name: field(obj, 'name', line, true)!, room, unit: field(obj, 'unit', line, false) });
      }
      return;
    }
    const at = parseAt(obj, line);
    if (at && last && at < last) throw new ScriptError(line, `"at" goes back in time (${at.toISOString()} is before ${last.toISOString()})`);
    if (at) last = at;
    if ('event' in obj) {
      checkKeys(obj, 'account-event', line);
      const event = obj.event;
      if (event !== 'logout' && event !== 'login') throw new ScriptError(line, `"event" must be logout or login (got ${JSON.stringify(event)})`);
      out.push({ kind: 'account-event', line, at, account: knownAccount(obj, line, true)!, event });
      return;
    }
    if (!('text' in obj) && !('from' in obj) && !('kind' in obj)) {
      if (!at) throw new ScriptError(line, 'a line needs "setup", a message ("from" and "text", or "kind") or "at"');
      checkKeys(obj, 'clock', line);
      out.push({ kind: 'clock', line, at });
      return;
    }
    checkKeys(obj, 'message', line);
    const room = field(obj, 'room', line, false);
    if (room !== null && !rooms.has(room)) throw new ScriptError(line, `room "${room}" has not been set up`);
    const media = scriptMedia(obj, line, opts);
    const text = obj.text ?? (media ? '' : undefined);
    if (typeof text !== 'string') throw new ScriptError(line, '"text" must be a string');
    const mentions = obj.mentions ?? [];
    if (!Array.isArray(mentions) || mentions.some((m) => typeof m !== 'string')) throw new ScriptError(line, '"mentions" must be a list of names');
    if (media && mentions.length) throw new ScriptError(line, `a ${media.kind} message cannot @mention anyone`);
    const account = knownAccount(obj, line, false);
    if (account !== null && room !== null) throw new ScriptError(line, '"account" is for a private message (the account the person writes to); a group message reaches every account in the group');
    out.push({ kind: 'message', line, at, room, from: field(obj, 'from', line, true)!, text, mentions: mentions as string[], media, account });
  });
  return out;
}
