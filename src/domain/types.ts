import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Db } from '../db/connect.js';
import type { messages, rooms, staff, ticketReporters, tickets } from '../db/schema.js';
import type { Logger } from '../log.js';
import type { Classifier } from '../nlu/types.js';

export type StoredMessage = typeof messages.$inferSelect;
export type RoomRow = typeof rooms.$inferSelect;
export type StaffRow = typeof staff.$inferSelect;
export type TicketRow = typeof tickets.$inferSelect;
export type ReporterRow = typeof ticketReporters.$inferSelect;
export type Role = 'manager' | 'supervisor' | 'agent' | 'technician';

/** What every part of the core may use. No Wechaty in here. */
export interface Services {
  config: Config;
  clock: Clock;
  log: Logger;
  classifier: Classifier;
  db: Db;
  random: () => number;
}
