import { sql } from 'drizzle-orm';
import {
  bigint, bigserial, boolean, customType, date, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, uniqueIndex,
} from 'drizzle-orm/pg-core';

const tz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/** Every message the bot sees, stored before any processing: the communication record. */
export const messages = pgTable('messages', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  /** the WeChat message id; unique so a replayed or re-delivered message is recognised */
  msgId: text('msg_id').notNull().unique(),
  roomId: text('room_id'),
  talkerId: text('talker_id').notNull(),
  talkerName: text('talker_name').notNull(),
  /** which worker share the conversation falls in (see src/pipeline/workers.ts) */
  share: integer('share').notNull().default(0),
  text: text('text').notNull(),
  /** text, image, voice, app, … (non-text messages are recorded, not classified) */
  type: text('type').notNull(),
  mentionsBot: boolean('mentions_bot').notNull().default(false),
  mentionIds: jsonb('mention_ids').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
  sentAt: tz('sent_at').notNull(),
  receivedAt: tz('received_at').notNull(),
  /** pending → handled | ignored | failed; shadow: a copy seen by an account that does not own the group */
  status: text('status').notNull().default('pending'),
  /** the bot account that received it (null: before accounts were recorded) */
  account: text('account'),
  attempts: integer('attempts').notNull().default(0),
  handledAt: tz('handled_at'),
  /** what the pipeline made of it: intent, confidence, command … */
  outcome: jsonb('outcome').$type<Record<string, unknown>>(),
  error: text('error'),
}, (t) => [
  index('messages_pending_idx').on(t.id).where(sql`status = 'pending'`),
  index('messages_room_idx').on(t.roomId, t.sentAt),
]);

/** Group chats the bot is in, keyed by room id (topics change). */
export const rooms = pgTable('rooms', {
  id: text('id').primaryKey(),
  topic: text('topic').notNull().default(''),
  community: text('community'),
  building: text('building'),
  /** a manager confirmed community/building (otherwise guessed from the topic) */
  mappingConfirmed: boolean('mapping_confirmed').notNull().default(false),
  isStaffRoom: boolean('is_staff_room').notNull().default(false),
  active: boolean('active').notNull().default(true),
  createdAt: tz('created_at').notNull(),
  updatedAt: tz('updated_at').notNull(),
  /** the bot account that speaks in this group (null: not known yet, any account may) */
  ownerAccount: text('owner_account'),
  /** since when no live account is in this group (its messages wait); null while served */
  unservedSince: tz('unserved_since'),
}, (t) => [
  // the staff rooms are read with every batch of messages handled
  index('rooms_staff_idx').on(t.id).where(sql`is_staff_room`),
]);

/** The bot accounts (one WeChat account each, one process each) that share this database. */
export const accounts = pgTable('accounts', {
  name: text('name').primaryKey(),
  /** the account's own WeChat contact id, once logged in */
  userId: text('user_id'),
  loggedIn: boolean('logged_in').notNull().default(false),
  /** written by the account's process on its clock; stale after a minute means the process is gone */
  heartbeatAt: tz('heartbeat_at').notNull(),
  startedAt: tz('started_at').notNull(),
});

/** Which bot accounts are members of which groups. */
export const roomAccounts = pgTable('room_accounts', {
  roomId: text('room_id').notNull(),
  account: text('account').notNull(),
  joinedAt: tz('joined_at').notNull(),
}, (t) => [primaryKey({ columns: [t.roomId, t.account] })]);

/** Which accounts a person has talked to privately: their private messages go out through the latest live one. */
export const contactAccounts = pgTable('contact_accounts', {
  contactId: text('contact_id').notNull(),
  account: text('account').notNull(),
  lastAt: tz('last_at').notNull(),
}, (t) => [primaryKey({ columns: [t.contactId, t.account] })]);

/** Staff are bound to WeChat contact ids, never to display names. */
export const staff = pgTable('staff', {
  contactId: text('contact_id').primaryKey(),
  name: text('name').notNull(),
  /** manager | supervisor | agent | technician */
  role: text('role').notNull(),
  active: boolean('active').notNull().default(true),
  onDuty: boolean('on_duty').notNull().default(false),
  addedBy: text('added_by'),
  createdAt: tz('created_at').notNull(),
});

/** People the bot has seen, with the name they last used. */
export const contacts = pgTable('contacts', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  updatedAt: tz('updated_at').notNull(),
});

export const units = pgTable('units', {
  id: serial('id').primaryKey(),
  community: text('community').notNull(),
  building: text('building').notNull(),
  /** e.g. "2单元1502": the part after the building */
  unit: text('unit').notNull(),
  areaM2: text('area_m2'),
}, (t) => [uniqueIndex('units_address_uq').on(t.community, t.building, t.unit)]);

/** A resident bound to a unit; only confirmed bindings see the ledger. */
export const bindings = pgTable('bindings', {
  id: serial('id').primaryKey(),
  contactId: text('contact_id').notNull(),
  unitId: integer('unit_id').notNull().references(() => units.id),
  /** pending | confirmed */
  status: text('status').notNull().default('pending'),
  confirmedBy: text('confirmed_by'),
  createdAt: tz('created_at').notNull(),
}, (t) => [uniqueIndex('bindings_contact_unit_uq').on(t.contactId, t.unitId)]);

export const bills = pgTable('bills', {
  id: serial('id').primaryKey(),
  unitId: integer('unit_id').notNull().references(() => units.id),
  /** e.g. "2026-11" or "2026年下半年" as the billing system names it */
  period: text('period').notNull(),
  amountCents: integer('amount_cents').notNull(),
  dueDate: date('due_date', { mode: 'string' }).notNull(),
  paidAt: tz('paid_at'),
}, (t) => [uniqueIndex('bills_unit_period_uq').on(t.unitId, t.period)]);

export const tickets = pgTable('tickets', {
  id: serial('id').primaryKey(),
  /** repair | complaint | inquiry */
  intent: text('intent').notNull(),
  category: text('category').notNull().default('other'),
  /** open → accepted → resolved → closed; paused; reopened goes back to accepted/open */
  status: text('status').notNull().default('open'),
  urgent: boolean('urgent').notNull().default(false),
  roomId: text('room_id'),
  reporterId: text('reporter_id').notNull(),
  reporterName: text('reporter_name').notNull(),
  location: text('location'),
  /** where the fault is, for shared-fault matching and reports (from the text, the unit or the group) */
  community: text('community'),
  building: text('building'),
  /** the resident's words, normalised and with personal data masked */
  summary: text('summary').notNull(),
  /** simplified | traditional — replies to the reporter use it */
  script: text('script').notNull().default('simplified'),
  assigneeId: text('assignee_id'),
  sourceMessageId: text('source_message_id'),
  reporterCount: integer('reporter_count').notNull().default(1),
  createdAt: tz('created_at').notNull(),
  acceptedAt: tz('accepted_at'),
  resolvedAt: tz('resolved_at'),
  closedAt: tz('closed_at'),
  /** response / resolution deadlines; moved forward while paused */
  respondDueAt: tz('respond_due_at').notNull(),
  resolveDueAt: tz('resolve_due_at').notNull(),
  pausedAt: tz('paused_at'),
  /** 0 none, 1 assignee reminded, 2 supervisor, 3 manager — per clock (respond / resolve) */
  respondLevel: integer('respond_level').notNull().default(0),
  resolveLevel: integer('resolve_level').notNull().default(0),
  rating: integer('rating'),
  ratingRequestedAt: tz('rating_requested_at'),
  reopenCount: integer('reopen_count').notNull().default(0),
  /** the deadline the board counts down to: respond while open, resolve while accepted; none otherwise */
  boardDueAt: tz('board_due_at').generatedAlwaysAs(sql`case when status = 'open' then respond_due_at when status = 'accepted' then resolve_due_at end`),
}, (t) => [
  index('tickets_status_idx').on(t.status),
  index('tickets_reporter_idx').on(t.reporterId, t.status),
  // the console's board: the next deadline first (breached ones on top), then the newest
  index('tickets_board_idx').on(t.boardDueAt.asc().nullsLast(), t.id.desc()),
  index('tickets_created_idx').on(t.createdAt),
  index('tickets_assignee_idx').on(t.assigneeId, t.status),
]);

/** Everyone who reported a ticket (several residents can report one shared fault). */
export const ticketReporters = pgTable('ticket_reporters', {
  ticketId: integer('ticket_id').notNull().references(() => tickets.id),
  contactId: text('contact_id').notNull(),
  name: text('name').notNull(),
  roomId: text('room_id'),
  messageId: text('message_id'),
  createdAt: tz('created_at').notNull(),
  /** this reporter's 1–5 satisfaction rating once the ticket is resolved */
  rating: integer('rating'),
  ratedAt: tz('rated_at'),
}, (t) => [
  uniqueIndex('ticket_reporters_uq').on(t.ticketId, t.contactId),
  // a resident's own tickets: repeats, follow-ups and ratings look them up with every report
  index('ticket_reporters_contact_idx').on(t.contactId),
]);

/** The full record of every step of a ticket: who, when, from which state to which, note. */
export const ticketEvents = pgTable('ticket_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  ticketId: integer('ticket_id').notNull().references(() => tickets.id),
  at: tz('at').notNull(),
  actorId: text('actor_id'),
  actorName: text('actor_name'),
  action: text('action').notNull(),
  fromStatus: text('from_status'),
  toStatus: text('to_status'),
  note: text('note'),
}, (t) => [index('ticket_events_ticket_idx').on(t.ticketId, t.id)]);

/** The one durable send queue: every bot message is a row, written with the state change it reports. */
export const outbox = pgTable('outbox', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  /** "room:<id>" or "contact:<id>"; rows of one conversation are sent in id order */
  conversation: text('conversation').notNull(),
  roomId: text('room_id'),
  contactId: text('contact_id'),
  text: text('text').notNull(),
  mentionIds: jsonb('mention_ids').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
  /** 0 urgent alert, 1 reply, 2 scheduled/broadcast */
  priority: integer('priority').notNull().default(1),
  /** reply | alert | notice | reminder | digest | rating … */
  kind: text('kind').notNull().default('reply'),
  /** when set, a second row with the same key is never queued (exactly-once scheduled sends) */
  dedupeKey: text('dedupe_key').unique(),
  /** a picture, recording or file to send instead of text (the text is then its placeholder) */
  mediaId: bigint('media_id', { mode: 'number' }).references(() => media.id),
  notBefore: tz('not_before').notNull(),
  /** pending → sending → sent | failed | unknown; cancelled: media whose content never arrived */
  status: text('status').notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  lastError: text('last_error'),
  createdAt: tz('created_at').notNull(),
  /** when and by which sender (the PostgreSQL backend pid of its lease connection) it was claimed */
  claimedAt: tz('claimed_at'),
  claimedBy: integer('claimed_by'),
  /**
   * The account that claimed it to send. Null while pending: a row goes out through whichever
   * account owns its group (or talks to its person) when it is claimed, so a group that moves to
   * another account takes its queue along, and a row is claimed once whoever claims it.
   */
  account: text('account'),
  sentAt: tz('sent_at'),
  /** the ticket this message is about, set by Outbound (null: about no ticket, or queued before this column existed) */
  ticketId: integer('ticket_id').references(() => tickets.id),
}, (t) => [
  index('outbox_pending_idx').on(t.priority, t.id).where(sql`status = 'pending'`),
  index('outbox_conversation_idx').on(t.conversation, t.id),
  index('outbox_ticket_idx').on(t.ticketId, t.id),
  // a group's notices: a report of a missing supply looks for a planned outage announced there
  index('outbox_notice_idx').on(t.roomId, t.id).where(sql`kind = 'notice'`),
]);

/** Rate-limit state of each WeChat account, shared by every process on the database. */
export const sendState = pgTable('send_state', {
  account: text('account').primaryKey(),
  nextAllowedAt: tz('next_allowed_at').notNull(),
  day: text('day').notNull(),
  sentToday: integer('sent_today').notNull().default(0),
});

/** Scheduled notices, fee reminders, digests and greetings. */
export const schedules = pgTable('schedules', {
  id: serial('id').primaryKey(),
  /** notice | fee_group | fee_private | digest | greeting */
  kind: text('kind').notNull(),
  /** a cron expression (5 fields) for repeating schedules */
  cron: text('cron'),
  /** a one-off fire time */
  runAt: tz('run_at'),
  /** 全部 | a community | a building, for notices */
  scope: jsonb('scope').$type<Record<string, string | null>>(),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
  active: boolean('active').notNull().default(true),
  createdBy: text('created_by'),
  createdAt: tz('created_at').notNull(),
  /** built-in schedules (daily digest, fee reminders, greetings) are found by this key, one row each */
  systemKey: text('system_key').unique(),
});

/** One row per fire of a schedule: unique per slot, so a slot fires once across restarts and processes. */
export const scheduleRuns = pgTable('schedule_runs', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  scheduleId: integer('schedule_id').notNull().references(() => schedules.id),
  slot: tz('slot').notNull(),
  claimedAt: tz('claimed_at').notNull(),
  claimedBy: text('claimed_by').notNull(),
  /** done | skipped (missed beyond the catch-up window) */
  status: text('status').notNull(),
  note: text('note'),
}, (t) => [uniqueIndex('schedule_runs_slot_uq').on(t.scheduleId, t.slot)]);

/**
 * A staff action held until its sender confirms it (a broadcast to several communities, a very
 * long notice, one among several in the same ten minutes): only the same contact may confirm,
 * and only before `expiresAt`.
 */
export const pendingConfirmations = pgTable('pending_confirmations', {
  id: serial('id').primaryKey(),
  contactId: text('contact_id').notNull(),
  /** what is held, e.g. notice; the handler that carries it out is found by this */
  kind: text('kind').notNull(),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
  createdAt: tz('created_at').notNull(),
  expiresAt: tz('expires_at').notNull(),
  /** pending → done */
  status: text('status').notNull().default('pending'),
}, (t) => [index('pending_confirmations_contact_idx').on(t.contactId, t.status)]);

/**
 * The bytes of a picture, recording or file, stored once per content (keyed by its sha256) however
 * many messages carried it. Retention empties `data` and `thumbnail` once no kept message refers
 * to it; the row stays so the content's size and type remain on record.
 */
export const mediaContent = pgTable('media_content', {
  sha256: text('sha256').primaryKey(),
  size: integer('size').notNull(),
  /** sniffed from the bytes where possible (image/png, audio/silk …), else what WeChat said */
  mediaType: text('media_type').notNull(),
  data: bytea('data'),
  /** a small JPEG for pictures (null for other kinds, or when the picture could not be decoded) */
  thumbnail: bytea('thumbnail'),
  /** length of a voice recording */
  durationMs: integer('duration_ms'),
  createdAt: tz('created_at').notNull(),
  /** when retention emptied it (null while the bytes are kept) */
  removedAt: tz('removed_at'),
});

/** One row per picture, voice, video or file message: what was sent, by whom, where, and what became of its content. */
export const media = pgTable('media', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  msgId: text('msg_id').notNull().unique().references(() => messages.msgId),
  /** image | voice | video | file */
  kind: text('kind').notNull(),
  roomId: text('room_id'),
  senderId: text('sender_id').notNull(),
  senderName: text('sender_name').notNull(),
  sentAt: tz('sent_at').notNull(),
  /** pending → stored | retrying → stored | missing; stored → expired (retention) */
  status: text('status').notNull().default('pending'),
  /** why it is missing: download-failed | truncated | too-large */
  missingReason: text('missing_reason'),
  sha256: text('sha256'),
  size: integer('size'),
  mediaType: text('media_type'),
  fileName: text('file_name'),
  attempts: integer('attempts').notNull().default(0),
  /** when the next download attempt is due (also a lease while one is running) */
  nextAttemptAt: tz('next_attempt_at'),
  lastError: text('last_error'),
  createdAt: tz('created_at').notNull(),
  storedAt: tz('stored_at'),
  /** when retention removed the content (MEDIA_RETENTION_DAYS after it was sent) */
  expiredAt: tz('expired_at'),
}, (t) => [
  index('media_due_idx').on(t.nextAttemptAt).where(sql`status in ('pending', 'retrying')`),
  index('media_sender_idx').on(t.senderId, t.sentAt),
  index('media_sha_idx').on(t.sha256),
  index('media_stored_idx').on(t.sentAt).where(sql`status = 'stored'`),
]);

/** Which media belong to which ticket: the residents' "before" pictures, the technicians' "after" ones. */
export const ticketMedia = pgTable('ticket_media', {
  ticketId: integer('ticket_id').notNull().references(() => tickets.id),
  mediaId: bigint('media_id', { mode: 'number' }).notNull().references(() => media.id),
  /** before (a reporter's) | progress (staff, while the work goes on) | after (staff, the work done) */
  role: text('role').notNull(),
  /** why it was attached: report | question | named | resolved */
  reason: text('reason').notNull(),
  attachedAt: tz('attached_at').notNull(),
}, (t) => [
  primaryKey({ columns: [t.ticketId, t.mediaId] }),
  index('ticket_media_media_idx').on(t.mediaId),
]);

/**
 * A console sign-in waiting for its code: the browser holds `browserHash`'s secret in a cookie, a
 * staff member sends `登录 CODE` privately to the bot, which records who (contactId, claimedAt);
 * the browser's next look turns the claim into a session (consumedAt). Only hashes are stored.
 */
export const webLoginCodes = pgTable('web_login_codes', {
  id: serial('id').primaryKey(),
  codeHash: text('code_hash').notNull().unique(),
  browserHash: text('browser_hash').notNull().unique(),
  createdAt: tz('created_at').notNull(),
  expiresAt: tz('expires_at').notNull(),
  contactId: text('contact_id'),
  claimedAt: tz('claimed_at'),
  consumedAt: tz('consumed_at'),
});

/** Every `登录` attempt by a contact, so wrong codes can be rate-limited. */
export const webLoginAttempts = pgTable('web_login_attempts', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  contactId: text('contact_id').notNull(),
  at: tz('at').notNull(),
  ok: boolean('ok').notNull(),
}, (t) => [index('web_login_attempts_contact_idx').on(t.contactId, t.at)]);

/** A signed-in console browser. The cookie holds the token; only its sha256 is stored. */
export const webSessions = pgTable('web_sessions', {
  tokenHash: text('token_hash').primaryKey(),
  contactId: text('contact_id').notNull(),
  createdAt: tz('created_at').notNull(),
  lastSeenAt: tz('last_seen_at').notNull(),
  /** the absolute end, however active the session is */
  expiresAt: tz('expires_at').notNull(),
  endedAt: tz('ended_at'),
});

/**
 * A shared fault of one building (or of a community without buildings): several residents
 * reporting the same kind of fault (power, water, lift …) within a window are one incident with
 * one ticket. Group state lives here, not in memory, so it survives restarts and is shared by
 * every process.
 */
export const incidents = pgTable('incidents', {
  id: serial('id').primaryKey(),
  /** power | water | gas | lift | access | network … (intents/incidents.txt) */
  kind: text('kind').notNull(),
  community: text('community'),
  building: text('building'),
  /** "<community>|<building>": where the fault is shared */
  scope: text('scope').notNull(),
  /** the one ticket of the incident (null while only one resident has spoken of it) */
  ticketId: integer('ticket_id').references(() => tickets.id),
  /** open → closed (its ticket resolved, or nobody else reported it within the window) */
  status: text('status').notNull().default('open'),
  openedAt: tz('opened_at').notNull(),
  lastReportAt: tz('last_report_at').notNull(),
  /** when the staff room was told the incident formed */
  staffToldAt: tz('staff_told_at'),
}, (t) => [
  uniqueIndex('incidents_open_uq').on(t.scope, t.kind).where(sql`status = 'open'`),
  index('incidents_ticket_idx').on(t.ticketId),
]);

/** Every message read as a report of an incident: who, where, when, their own words. */
export const incidentReports = pgTable('incident_reports', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  incidentId: integer('incident_id').notNull().references(() => incidents.id),
  contactId: text('contact_id').notNull(),
  name: text('name').notNull(),
  roomId: text('room_id'),
  messageId: text('message_id').notNull(),
  /** report | me-too | question | chase */
  reading: text('reading').notNull(),
  note: text('note'),
  at: tz('at').notNull(),
}, (t) => [
  uniqueIndex('incident_reports_msg_uq').on(t.incidentId, t.messageId),
  index('incident_reports_room_idx').on(t.incidentId, t.roomId, t.at),
]);

/** What one group has been told about one incident: one acknowledgement, at most one update. */
export const incidentGroups = pgTable('incident_groups', {
  incidentId: integer('incident_id').notNull().references(() => incidents.id),
  roomId: text('room_id').notNull(),
  ackedAt: tz('acked_at'),
  updatedAt: tz('updated_at'),
}, (t) => [primaryKey({ columns: [t.incidentId, t.roomId] })]);

/**
 * The written handling report of a serious incident (lift, building-wide outage, anything urgent):
 * drafted from the ticket's record when it is resolved, confirmed or edited by a supervisor, then
 * posted to the group once.
 */
export const handlingReports = pgTable('handling_reports', {
  ticketId: integer('ticket_id').primaryKey().references(() => tickets.id),
  draft: text('draft').notNull(),
  /** draft → confirmed */
  status: text('status').notNull().default('draft'),
  /** who is asked to confirm (the assignee's supervisor) */
  askedIds: jsonb('asked_ids').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
  createdAt: tz('created_at').notNull(),
  remindAt: tz('remind_at'),
  remindedAt: tz('reminded_at'),
  confirmedAt: tz('confirmed_at'),
  confirmedBy: text('confirmed_by'),
});
