import { DEFAULT_URGENCY_THRESHOLDS, type UrgencyThresholds } from './nlu/urgency.js';

/**
 * Configuration from the environment (and `.env`), validated once at start.
 * A wrong value stops the bot with a message naming the variable and what is expected.
 */
export interface Config {
  databaseUrl: string | null;
  dataDir: string;
  embeddedPgPort: number;
  puppet: { token: string | null; endpoint: string | null; noTlsInsecureClient: boolean; authority: string | null };
  botName: string;
  /** this process's bot account: one process per WeChat account, several may share the database */
  account: string;
  /** an account whose heartbeat is older than this is gone: its shared groups move, its own wait */
  accountStaleSeconds: number;
  /** where `GET /metrics` is served (127.0.0.1); null: not served */
  metricsPort: number | null;
  timezone: string;
  hotline: string;
  firstManagerId: string | null;
  nluThreshold: number;
  /** urgency scores at or above which a message is urgent / possibly urgent (the grey band) */
  urgency: UrgencyThresholds;
  send: {
    minGapMs: number; jitterMs: number; dailyCap: number; maxAttempts: number; backoffMs: number;
    /** the last sends of the daily cap, kept for urgent alerts and staff-facing messages */
    dailyReserve: number;
  };
  sla: {
    respondMinutes: number; resolveHours: number; liftResolveHours: number; urgentRespondMinutes: number; remindBeforeMinutes: number;
    /** per-category resolution targets in hours, e.g. { water: 12 }; lift defaults to liftResolveHours */
    resolveHoursByCategory?: Record<string, number>;
  };
  rating: { inGroup: boolean; timeoutDays: number };
  quietHours: { start: string; end: string } | null;
  catchUpHours: number;
  digestTime: string;
  feeReminderDaysBefore: number;
  /** local time of the daily fee-reminder run (group reminders before due dates, weekly private reminders) */
  feeReminderTime: string;
  /** a notice longer than this (characters) is held for the sender's confirmation */
  noticeConfirmChars: number;
  sharedFaultWindowMinutes: number;
  /** conversations above single messages: incidents, one voice per incident, group etiquette */
  conversations: {
    /** a second resident reporting the same kind of fault in the building within this time forms an incident */
    incidentWindowMinutes: number;
    /** after a report of an incident in a group, further reports there within this time are recorded silently */
    incidentQuietMinutes: number;
    /** the staff room hears an incident's running count at most this often */
    staffCountMinutes: number;
    /** the same FAQ answer is not posted again in a group within this time */
    faqRepeatMinutes: number;
    /** at most `groupMaxMessages` bot messages per group per `groupWindowMinutes` (urgent alerts and answers to an @mention excepted) */
    groupMaxMessages: number;
    groupWindowMinutes: number;
    /** a handling report not confirmed within this time is reminded */
    reportRemindHours: number;
  };
  /** after the bot answers a resident's repeat, further repeats within this time are recorded silently */
  repeatQuietMinutes: number;
  replayMaxAgeMinutes: number;
  greetings: boolean;
  processConcurrency: number;
  media: {
    /** pictures, recordings and files larger than this are not downloaded (recorded as missing) */
    maxBytes: number;
    /** a reporter's media within this many minutes before or after their report belong to the ticket */
    attachWindowMinutes: number;
    /** content is removed this many days after it was sent; the record that it existed stays */
    retentionDays: number;
  };
  web: {
    /** the staff console listens here; port 0 picks a free port (tests) */
    host: string;
    port: number;
    /** cookies marked Secure (set behind HTTPS; also when a request arrives over https) */
    secureCookies: boolean;
    /** a session ends after this long without a request … */
    sessionIdleMinutes: number;
    /** … and this long after sign-in in any case */
    sessionMaxHours: number;
  };
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** json (pino, one object per line) or text (one readable line, for a terminal) */
  logFormat: 'json' | 'text';
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

function str(env: Env, key: string, fallback: string): string {
  const v = env[key]?.trim();
  return v ? v : fallback;
}

function optional(env: Env, key: string): string | null {
  const v = env[key]?.trim();
  return v ? v : null;
}

function num(env: Env, key: string, fallback: number, min: number, max: number, integer = true): number {
  const raw = env[key]?.trim();
  if (!raw) return fallback;
  const v = Number(raw);
  if (!Number.isFinite(v) || (integer && !Number.isInteger(v)) || v < min || v > max) {
    throw new ConfigError(`${key}=${raw} is invalid: expected ${integer ? 'an integer' : 'a number'} from ${min} to ${max} (default ${fallback})`);
  }
  return v;
}

function bool(env: Env, key: string, fallback: boolean): boolean {
  const raw = env[key]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(`${key}=${env[key]} is invalid: expected true or false (default ${fallback})`);
}

const HHMM = /^([01]?\d|2[0-3]):[0-5]\d$/;

function clockTime(env: Env, key: string, fallback: string): string {
  const v = str(env, key, fallback);
  if (!HHMM.test(v)) throw new ConfigError(`${key}=${v} is invalid: expected a time of day like 08:30`);
  return v.padStart(5, '0');
}

function quietHours(env: Env): Config['quietHours'] {
  const raw = str(env, 'QUIET_HOURS', '21:00-08:00');
  if (raw === 'off' || raw === 'none') return null;
  const [start, end, extra] = raw.split('-');
  if (!start || !end || extra !== undefined || !HHMM.test(start) || !HHMM.test(end)) {
    throw new ConfigError(`QUIET_HOURS=${raw} is invalid: expected START-END like 21:00-08:00, or off`);
  }
  return { start: start.padStart(5, '0'), end: end.padStart(5, '0') };
}

function timezone(env: Env): string {
  const tzName = str(env, 'LINLI_TIMEZONE', 'Asia/Shanghai');
  try {
    new Intl.DateTimeFormat('en', { timeZone: tzName });
  } catch {
    throw new ConfigError(`LINLI_TIMEZONE=${tzName} is invalid: expected an IANA time zone like Asia/Shanghai`);
  }
  return tzName;
}

/** "water:12,doors:48" → { water: 12, doors: 48 } */
function hoursByCategory(env: Env, key: string): Record<string, number> {
  const raw = env[key]?.trim();
  const out: Record<string, number> = {};
  if (!raw) return out;
  for (const part of raw.split(/[,，\s]+/).filter(Boolean)) {
    const m = /^([a-z_]+):(\d+(?:\.\d+)?)$/.exec(part);
    const hours = m ? Number(m[2]) : NaN;
    if (!m || !(hours > 0 && hours <= 720)) {
      throw new ConfigError(`${key}=${raw} is invalid: expected category:hours pairs like water:12,doors:48 (hours 0–720)`);
    }
    out[m[1]!] = hours;
  }
  return out;
}

export function urgencyThresholds(env: Env = process.env): UrgencyThresholds {
  const urgent = num(env, 'URGENT_THRESHOLD', DEFAULT_URGENCY_THRESHOLDS.urgent, 0, 1, false);
  const possibly = num(env, 'POSSIBLY_URGENT_THRESHOLD', DEFAULT_URGENCY_THRESHOLDS.possibly, 0, 1, false);
  if (possibly > urgent) {
    throw new ConfigError(
      `POSSIBLY_URGENT_THRESHOLD=${possibly} is invalid: expected a number at most URGENT_THRESHOLD=${urgent} (default ${DEFAULT_URGENCY_THRESHOLDS.possibly})`,
    );
  }
  return { urgent, possibly };
}

function databaseUrl(env: Env): string | null {
  const url = optional(env, 'DATABASE_URL');
  if (url && !/^postgres(ql)?:\/\//.test(url)) {
    throw new ConfigError(`DATABASE_URL is invalid: expected postgres://user@host:port/database (or unset for the embedded server)`);
  }
  return url;
}

/** SEND_DAILY_RESERVE: a tenth of the cap unless set; always less than the cap. */
function dailyReserve(env: Env, cap: number): number {
  const fallback = Math.floor(cap / 10);
  return num(env, 'SEND_DAILY_RESERVE', fallback, 0, cap - 1);
}

function webHost(env: Env): string {
  const host = str(env, 'WEB_HOST', '127.0.0.1');
  if (!/^[A-Za-z0-9.:_-]+$/.test(host)) throw new ConfigError(`WEB_HOST=${host} is invalid: expected a host name or IP address like 127.0.0.1 or 0.0.0.0`);
  return host;
}

const ACCOUNT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

function accountName(env: Env): string {
  const v = str(env, 'BOT_ACCOUNT', 'default');
  if (!ACCOUNT_NAME.test(v)) {
    throw new ConfigError(`BOT_ACCOUNT=${v} is invalid: expected a name of 1–64 letters, digits, dots, dashes or underscores, starting with a letter or digit (default default)`);
  }
  return v;
}

function metricsPort(env: Env): number | null {
  const raw = env.METRICS_PORT?.trim().toLowerCase();
  if (!raw || raw === 'off') return null;
  return num(env, 'METRICS_PORT', 9464, 1, 65535);
}

export function loadConfig(env: Env = process.env): Config {
  const logLevel = str(env, 'LOG_LEVEL', 'info');
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL=${logLevel} is invalid: expected debug, info, warn or error`);
  }
  const logFormat = str(env, 'LOG_FORMAT', 'json');
  if (logFormat !== 'json' && logFormat !== 'text') throw new ConfigError(`LOG_FORMAT=${logFormat} is invalid: expected json or text`);
  const dailyCap = num(env, 'SEND_DAILY_CAP', 2000, 1, 100_000);
  return {
    databaseUrl: databaseUrl(env),
    dataDir: str(env, 'DATA_DIR', './data'),
    embeddedPgPort: num(env, 'EMBEDDED_PG_PORT', 54329, 1024, 65535),
    puppet: {
      token: optional(env, 'WECHATY_PUPPET_SERVICE_TOKEN'),
      endpoint: optional(env, 'WECHATY_PUPPET_SERVICE_ENDPOINT'),
      noTlsInsecureClient: bool(env, 'WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT', false),
      authority: optional(env, 'WECHATY_PUPPET_SERVICE_AUTHORITY'),
    },
    botName: str(env, 'BOT_NAME', '邻里小助手'),
    account: accountName(env),
    accountStaleSeconds: num(env, 'ACCOUNT_STALE_SECONDS', 60, 5, 3600),
    metricsPort: metricsPort(env),
    timezone: timezone(env),
    hotline: str(env, 'HOTLINE', '400-800-1234'),
    firstManagerId: optional(env, 'FIRST_MANAGER_ID'),
    nluThreshold: num(env, 'NLU_THRESHOLD', 0.4, 0, 1, false),
    urgency: urgencyThresholds(env),
    send: {
      minGapMs: num(env, 'SEND_MIN_GAP_MS', 1500, 1000, 600_000),
      jitterMs: num(env, 'SEND_JITTER_MS', 1500, 0, 600_000),
      dailyCap,
      dailyReserve: dailyReserve(env, dailyCap),
      maxAttempts: num(env, 'SEND_MAX_ATTEMPTS', 5, 1, 20),
      backoffMs: num(env, 'SEND_BACKOFF_MS', 5000, 100, 3_600_000),
    },
    sla: {
      respondMinutes: num(env, 'SLA_RESPOND_MINUTES', 15, 1, 1440),
      resolveHours: num(env, 'SLA_RESOLVE_HOURS', 24, 1, 720),
      liftResolveHours: num(env, 'SLA_LIFT_RESOLVE_HOURS', 2, 1, 720),
      urgentRespondMinutes: num(env, 'SLA_URGENT_RESPOND_MINUTES', 5, 1, 1440),
      remindBeforeMinutes: num(env, 'SLA_REMIND_BEFORE_MINUTES', 5, 0, 1440),
      resolveHoursByCategory: hoursByCategory(env, 'SLA_RESOLVE_HOURS_BY_CATEGORY'),
    },
    rating: {
      inGroup: bool(env, 'RATING_IN_GROUP', true),
      timeoutDays: num(env, 'RATING_TIMEOUT_DAYS', 3, 1, 30),
    },
    quietHours: quietHours(env),
    catchUpHours: num(env, 'CATCH_UP_HOURS', 6, 0, 168),
    digestTime: clockTime(env, 'DIGEST_TIME', '08:30'),
    feeReminderDaysBefore: num(env, 'FEE_REMINDER_DAYS_BEFORE', 3, 0, 60),
    feeReminderTime: clockTime(env, 'FEE_REMINDER_TIME', '10:00'),
    noticeConfirmChars: num(env, 'NOTICE_CONFIRM_CHARS', 500, 1, 100_000),
    sharedFaultWindowMinutes: num(env, 'SHARED_FAULT_WINDOW_MINUTES', 120, 1, 1440),
    conversations: {
      incidentWindowMinutes: num(env, 'INCIDENT_WINDOW_MINUTES', 60, 1, 1440),
      incidentQuietMinutes: num(env, 'INCIDENT_QUIET_MINUTES', 5, 0, 1440),
      staffCountMinutes: num(env, 'INCIDENT_STAFF_COUNT_MINUTES', 10, 1, 1440),
      faqRepeatMinutes: num(env, 'FAQ_REPEAT_MINUTES', 30, 0, 1440),
      groupMaxMessages: num(env, 'GROUP_MAX_MESSAGES', 4, 1, 1000),
      groupWindowMinutes: num(env, 'GROUP_WINDOW_MINUTES', 10, 1, 1440),
      reportRemindHours: num(env, 'HANDLING_REPORT_REMIND_HOURS', 24, 1, 720),
    },
    repeatQuietMinutes: num(env, 'REPEAT_QUIET_MINUTES', 30, 1, 1440),
    replayMaxAgeMinutes: num(env, 'REPLAY_MAX_AGE_MINUTES', 60 * 24, 1, 60 * 24 * 30),
    greetings: bool(env, 'HOLIDAY_GREETINGS', false),
    processConcurrency: num(env, 'PROCESS_CONCURRENCY', 4, 1, 32),
    media: {
      maxBytes: num(env, 'MEDIA_MAX_BYTES', 20 * 1024 * 1024, 1024, 200 * 1024 * 1024),
      attachWindowMinutes: num(env, 'MEDIA_ATTACH_WINDOW_MINUTES', 5, 1, 120),
      retentionDays: num(env, 'MEDIA_RETENTION_DAYS', 365, 1, 3650),
    },
    web: {
      host: webHost(env),
      port: num(env, 'WEB_PORT', 3000, 0, 65535),
      secureCookies: bool(env, 'WEB_SECURE_COOKIES', false),
      sessionIdleMinutes: num(env, 'WEB_SESSION_IDLE_MINUTES', 120, 5, 7 * 24 * 60),
      sessionMaxHours: num(env, 'WEB_SESSION_MAX_HOURS', 12, 1, 24 * 30),
    },
    logLevel: logLevel as Config['logLevel'],
    logFormat,
  };
}
