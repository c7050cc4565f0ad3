import { pino } from 'pino';
import { maskPersonalData } from './domain/privacy.js';

type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** json: one pino JSON object per line (for log collectors); text: one readable line per event (for a terminal). */
export type LogFormat = 'json' | 'text';

/**
 * One line per event on stderr (stdout belongs to CLI contracts such as `simulate`): by default a
 * JSON object written by pino (`level`, `time`, `msg`, then the fields). Phone and ID numbers are
 * masked in the finished line before anything is written: logs are not a place for personal data.
 */
export function createLogger(level: Level = 'info', write: (line: string) => void = (l) => process.stderr.write(l + '\n'), format: LogFormat = 'json'): Logger {
  if (format === 'text') return textLogger(level, write);
  const out = pino({
    level,
    base: null,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      level: (label) => ({ level: label }),
      log: (fields) => plain(fields) as Record<string, unknown>,
    },
  }, { write: (line: string) => write(maskPersonalData(line.replace(/\n$/, ''))) });
  const emit = (lv: Level) => (msg: string, fields?: Record<string, unknown>) => {
    if (fields && Object.keys(fields).length) out[lv](fields, msg);
    else out[lv](msg);
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

/** Errors as their message (a stack would carry paths and more than an operator needs), anywhere in the fields. */
function plain(v: unknown, depth = 0): unknown {
  if (v instanceof Error) return { error: v.message };
  if (depth > 6 || !v || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => plain(x, depth + 1));
  if (Object.getPrototypeOf(v) !== Object.prototype && Object.getPrototypeOf(v) !== null) return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x, depth + 1)]));
}

function textLogger(level: Level, write: (line: string) => void): Logger {
  const emit = (lv: Level) => (msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[lv] < ORDER[level]) return;
    const extra = fields && Object.keys(fields).length ? ' ' + safeJson(fields) : '';
    write(maskPersonalData(`${new Date().toISOString()} ${lv.toUpperCase()} ${msg}${extra}`));
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(plain(v));
  } catch {
    return String(v);
  }
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
