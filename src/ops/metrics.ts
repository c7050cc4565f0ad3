import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { sql } from 'drizzle-orm';
import { Counter, Gauge, Registry } from 'prom-client';
import type { Db } from '../db/connect.js';
import type { Logger } from '../log.js';

/** What became of a send handed to WeChat (or not): counted per account. */
export type SendOutcome = 'sent' | 'retry' | 'failed' | 'unknown' | 'cancelled';

/**
 * The bot's Prometheus metrics. Counters of what this process did (messages received and handled,
 * classifications, sends and their failures, database errors) are kept in memory; figures every
 * process shares (tickets opened, SLA breaches, schedule runs, outbox depth per account, sends
 * today per account, live accounts, groups without a live account) are read from PostgreSQL when
 * scraped, so any one process's `/metrics` gives the whole picture of the database.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly received: Counter<'account'>;
  private readonly handled: Counter<'account'>;
  private readonly classified: Counter<'intent' | 'urgency'>;
  private readonly sends: Counter<'account' | 'outcome'>;
  private readonly dbErrors: Counter<never>;

  constructor(private readonly db: Db, readonly account: string) {
    const registers = [this.registry];
    const labels = { account };
    this.received = new Counter({ name: 'linli_messages_received_total', help: 'Messages received from WeChat by this process', labelNames: ['account'], registers });
    this.handled = new Counter({ name: 'linli_messages_handled_total', help: 'Messages handled (their state change and replies committed) by this process', labelNames: ['account'], registers });
    this.classified = new Counter({ name: 'linli_classifications_total', help: 'Classification outcomes of handled messages', labelNames: ['intent', 'urgency'], registers });
    this.sends = new Counter({ name: 'linli_sends_total', help: 'Outbox rows handed to WeChat by this process, by outcome (sent, retry, failed, unknown, cancelled)', labelNames: ['account', 'outcome'], registers });
    this.dbErrors = new Counter({ name: 'linli_database_errors_total', help: 'Errors from PostgreSQL (or reaching it) logged by this process', registers });
    this.received.inc(labels, 0);
    this.handled.inc(labels, 0);
    this.sends.inc({ account, outcome: 'sent' }, 0);
    this.dbErrors.inc(0);

    const fromDb = <T extends Record<string, unknown>>(query: ReturnType<typeof sql>) => this.db.execute<T>(query);
    new Gauge({
      name: 'linli_tickets_opened', help: 'Tickets opened, all time, by intent (from the database)', labelNames: ['intent'], registers,
      collect: async function () {
        this.reset();
        for (const r of await fromDb<{ intent: string; n: number }>(sql`select intent, count(*)::int as n from tickets group by intent`)) this.set({ intent: r.intent }, r.n);
      },
    });
    new Gauge({
      name: 'linli_sla_breaches', help: 'SLA deadlines missed (escalations to a supervisor or manager), all time (from the database)', registers,
      collect: async function () {
        const [r] = await fromDb<{ n: number }>(sql`select count(*)::int as n from ticket_events where action = 'escalate'`);
        this.set(r?.n ?? 0);
      },
    });
    new Gauge({
      name: 'linli_schedule_runs', help: 'Schedule runs by status (done, skipped), all time (from the database)', labelNames: ['status'], registers,
      collect: async function () {
        this.reset();
        for (const r of await fromDb<{ status: string; n: number }>(sql`select status, count(*)::int as n from schedule_runs group by status`)) this.set({ status: r.status }, r.n);
      },
    });
    new Gauge({
      name: 'linli_outbox_depth', help: 'Outbox rows waiting (pending) or in flight (sending), by the account they go through', labelNames: ['account', 'status'], registers,
      collect: async function () {
        this.reset();
        const rows = await fromDb<{ account: string; status: string; n: number }>(sql`
          select coalesce(o.account, r.owner_account, 'any') as account, o.status, count(*)::int as n
          from outbox o left join rooms r on r.id = o.room_id
          where o.status in ('pending', 'sending') group by 1, 2`);
        for (const r of rows) this.set({ account: r.account, status: r.status }, r.n);
      },
    });
    new Gauge({
      name: 'linli_sends_today', help: 'Messages sent today per account, against its daily cap', labelNames: ['account'], registers,
      collect: async function () {
        this.reset();
        for (const r of await fromDb<{ account: string; n: number }>(sql`select account, sent_today as n from send_state`)) this.set({ account: r.account }, r.n);
      },
    });
    new Gauge({
      name: 'linli_account_up', help: 'Whether each bot account is logged in with a fresh heartbeat (1) or not (0)', labelNames: ['account'], registers,
      collect: async function () {
        this.reset();
        const rows = await fromDb<{ name: string; up: boolean }>(sql`
          select name, (logged_in and heartbeat_at > now() - interval '1 minute') as up from accounts`);
        for (const r of rows) this.set({ account: r.name }, r.up ? 1 : 0);
      },
    });
    new Gauge({
      name: 'linli_groups_unserved', help: 'Groups with no live bot account in them (their messages wait)', registers,
      collect: async function () {
        const [r] = await fromDb<{ n: number }>(sql`select count(*)::int as n from rooms where active and unserved_since is not null`);
        this.set(r?.n ?? 0);
      },
    });
  }

  messageReceived(): void {
    this.received.inc({ account: this.account });
  }

  messageHandled(outcome: Record<string, unknown>): void {
    this.handled.inc({ account: this.account });
    const intent = typeof outcome.intent === 'string' ? outcome.intent : typeof outcome.command === 'string' ? 'command' : 'other';
    const urgency = typeof outcome.urgency === 'string' ? outcome.urgency : outcome.urgent === true ? 'urgent' : 'none';
    this.classified.inc({ intent, urgency });
  }

  sendDone(outcome: SendOutcome): void {
    this.sends.inc({ account: this.account, outcome });
  }

  databaseError(): void {
    this.dbErrors.inc();
  }

  /** A logger that counts database errors on their way through (see `isDatabaseError`). */
  counting(log: Logger): Logger {
    const seen = (fields?: Record<string, unknown>) => {
      if (fields && Object.values(fields).some(isDatabaseError)) this.databaseError();
    };
    return {
      debug: (m, f) => log.debug(m, f),
      info: (m, f) => log.info(m, f),
      warn: (m, f) => { seen(f); log.warn(m, f); },
      error: (m, f) => { seen(f); log.error(m, f); },
    };
  }
}

/** A PostgreSQL error (SQLSTATE code) or a connection to it failing. */
export function isDatabaseError(e: unknown): boolean {
  if (!e) return false;
  const code = typeof e === 'object' ? String((e as { code?: unknown }).code ?? '') : '';
  if (/^[0-9A-Z]{5}$/.test(code) || /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|CONNECTION_)/.test(code)) return true;
  const text = e instanceof Error ? e.message : typeof e === 'string' ? e : '';
  return /ECONNREFUSED|ECONNRESET|CONNECTION_(CLOSED|ENDED|DESTROYED)|terminating connection|database system is|could not connect|deadlock detected/i.test(text);
}

/** The request handler: `GET /metrics` in the Prometheus text format; anything else 404. Mountable in another server. */
export function metricsHandler(registry: Registry) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    try {
      const body = await registry.metrics();
      res.writeHead(200, { 'content-type': registry.contentType }).end(body);
    } catch (e) {
      res.writeHead(503, { 'content-type': 'text/plain' }).end(`metrics unavailable: ${e instanceof Error ? e.message : String(e)}\n`);
    }
  };
}

/** A minimal HTTP server for `/metrics` on 127.0.0.1 (put a reverse proxy in front to expose it). */
export async function serveMetrics(registry: Registry, port: number, host = '127.0.0.1'): Promise<{ server: Server; port: number; close: () => Promise<void> }> {
  const handler = metricsHandler(registry);
  const server = createServer((req, res) => { void handler(req, res); });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  return {
    server,
    port: typeof address === 'object' && address ? address.port : port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
