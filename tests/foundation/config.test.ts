import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

function failure(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be refused`);
}

describe('configuration', () => {
  it('has sensible defaults when nothing is set', () => {
    const c = loadConfig({});
    expect(c.databaseUrl).toBeNull();
    expect(c.dataDir).toBe('./data');
    expect(c.embeddedPgPort).toBe(54329);
    expect(c.timezone).toBe('Asia/Shanghai');
    expect(c.botName).toBe('邻里小助手');
    expect(c.quietHours).toEqual({ start: '21:00', end: '08:00' });
    expect(c.send).toEqual({ minGapMs: 1500, jitterMs: 1500, dailyCap: 2000, dailyReserve: 200, maxAttempts: 5, backoffMs: 5000 });
    expect(c.sla).toMatchObject({ respondMinutes: 15, resolveHours: 24, liftResolveHours: 2 });
    expect(c.logLevel).toBe('info');
    expect(c.puppet).toEqual({ token: null, endpoint: null, noTlsInsecureClient: false, authority: null });
    expect(c.firstManagerId).toBeNull();
    expect(c.greetings).toBe(false);
    expect(c.processConcurrency).toBe(4);
    expect(c.urgency).toEqual({ urgent: 0.8, possibly: 0.5 });
  });

  it('treats blank values as unset and trims values', () => {
    const c = loadConfig({ SEND_MIN_GAP_MS: '   ', LOG_LEVEL: '', DATABASE_URL: ' ', BOT_NAME: '  小邻  ' });
    expect(c.send.minGapMs).toBe(1500);
    expect(c.logLevel).toBe('info');
    expect(c.databaseUrl).toBeNull();
    expect(c.botName).toBe('小邻');
  });

  it('accepts valid values', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgresql://linli@127.0.0.1:5432/linli',
      SEND_MIN_GAP_MS: '1000', SEND_JITTER_MS: '0', SEND_DAILY_CAP: '100000',
      QUIET_HOURS: '7:30-9:00', LINLI_TIMEZONE: 'Europe/Berlin', LOG_LEVEL: 'debug',
      RATING_IN_GROUP: 'no', HOLIDAY_GREETINGS: 'ON', NLU_THRESHOLD: '0.55', DIGEST_TIME: '9:05',
      SLA_RESOLVE_HOURS_BY_CATEGORY: 'water:12，doors:48',
    });
    expect(c.databaseUrl).toBe('postgresql://linli@127.0.0.1:5432/linli');
    expect(c.send).toMatchObject({ minGapMs: 1000, jitterMs: 0, dailyCap: 100000 });
    expect(c.quietHours).toEqual({ start: '07:30', end: '09:00' });
    expect(c.timezone).toBe('Europe/Berlin');
    expect(c.logLevel).toBe('debug');
    expect(c.rating.inGroup).toBe(false);
    expect(c.greetings).toBe(true);
    expect(c.nluThreshold).toBe(0.55);
    expect(loadConfig({ URGENT_THRESHOLD: '0.7', POSSIBLY_URGENT_THRESHOLD: '0.25' }).urgency).toEqual({ urgent: 0.7, possibly: 0.25 });
    expect(c.digestTime).toBe('09:05');
    expect(c.sla.resolveHoursByCategory).toEqual({ water: 12, doors: 48 });
    expect(loadConfig({ QUIET_HOURS: 'off' }).quietHours).toBeNull();
    expect(loadConfig({ QUIET_HOURS: 'none' }).quietHours).toBeNull();
  });

  describe('refuses every invalid value, naming the variable and what is expected', () => {
    const numbers: [string, string, RegExp][] = [
      ['SEND_MIN_GAP_MS', '999', /integer from 1000 to 600000/],
      ['SEND_MIN_GAP_MS', '600001', /integer from 1000 to 600000/],
      ['SEND_MIN_GAP_MS', 'fast', /integer from 1000 to 600000/],
      ['SEND_MIN_GAP_MS', '1500.5', /integer/],
      ['SEND_JITTER_MS', '-1', /integer from 0 to 600000/],
      ['SEND_DAILY_CAP', '0', /integer from 1 to 100000/],
      ['SEND_DAILY_RESERVE', '2000', /integer from 0 to 1999/],
      ['SEND_MAX_ATTEMPTS', '21', /integer from 1 to 20/],
      ['SEND_BACKOFF_MS', '99', /integer from 100 to 3600000/],
      ['EMBEDDED_PG_PORT', '80', /integer from 1024 to 65535/],
      ['EMBEDDED_PG_PORT', '70000', /integer from 1024 to 65535/],
      ['NLU_THRESHOLD', '1.5', /number from 0 to 1/],
      ['NLU_THRESHOLD', 'NaN', /number from 0 to 1/],
      ['URGENT_THRESHOLD', '2', /number from 0 to 1/],
      ['POSSIBLY_URGENT_THRESHOLD', '0.9', /at most URGENT_THRESHOLD/],
      ['SLA_RESPOND_MINUTES', '0', /integer from 1 to 1440/],
      ['PROCESS_CONCURRENCY', '33', /integer from 1 to 32/],
      ['RATING_TIMEOUT_DAYS', 'Infinity', /integer from 1 to 30/],
    ];
    for (const [key, value, expected] of numbers) {
      it(`${key}=${value}`, () => {
        const e = failure({ [key]: value });
        expect(e.message).toContain(`${key}=${value}`);
        expect(e.message).toMatch(expected);
        expect(e.message).toMatch(/default/);
      });
    }

    for (const key of ['RATING_IN_GROUP', 'HOLIDAY_GREETINGS', 'WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT']) {
      it(`${key}=maybe`, () => {
        const e = failure({ [key]: 'maybe' });
        expect(e.message).toContain(`${key}=maybe`);
        expect(e.message).toContain('expected true or false');
      });
    }

    for (const value of ['21:00', '25:00-08:00', '21:00-08:60', '21-08', '21:00-08:00-09:00', 'always', '21:00~08:00']) {
      it(`QUIET_HOURS=${value}`, () => {
        const e = failure({ QUIET_HOURS: value });
        expect(e.message).toContain(`QUIET_HOURS=${value}`);
        expect(e.message).toContain('expected START-END like 21:00-08:00, or off');
      });
    }

    for (const value of ['Mars/Olympus', 'Shanghai', 'UTC+8']) {
      it(`LINLI_TIMEZONE=${value}`, () => {
        const e = failure({ LINLI_TIMEZONE: value });
        expect(e.message).toContain(`LINLI_TIMEZONE=${value}`);
        expect(e.message).toContain('IANA time zone');
      });
    }

    for (const value of ['mysql://root@localhost/linli', 'localhost:5432', 'postgres:/x']) {
      it(`DATABASE_URL=${value}`, () => {
        const e = failure({ DATABASE_URL: value });
        expect(e.message).toContain('DATABASE_URL');
        expect(e.message).toContain('expected postgres://');
      });
    }

    for (const value of ['verbose', 'INFO', 'trace']) {
      it(`LOG_LEVEL=${value}`, () => {
        const e = failure({ LOG_LEVEL: value });
        expect(e.message).toContain(`LOG_LEVEL=${value}`);
        expect(e.message).toContain('expected debug, info, warn or error');
      });
    }

    for (const [key, value] of [['DIGEST_TIME', '8.30'], ['FEE_REMINDER_TIME', '24:00']] as const) {
      it(`${key}=${value}`, () => {
        const e = failure({ [key]: value });
        expect(e.message).toContain(`${key}=${value}`);
        expect(e.message).toContain('time of day like 08:30');
      });
    }

    it('SLA_RESOLVE_HOURS_BY_CATEGORY=water', () => {
      const e = failure({ SLA_RESOLVE_HOURS_BY_CATEGORY: 'water' });
      expect(e.message).toContain('SLA_RESOLVE_HOURS_BY_CATEGORY=water');
      expect(e.message).toContain('category:hours');
    });
  });

  it('does not leak the database password into the error message', () => {
    const e = failure({ DATABASE_URL: 'mysql://root:s3cret@localhost/linli' });
    expect(e.message).not.toContain('s3cret');
  });
});
