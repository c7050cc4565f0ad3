import { commandHandler, type Command } from '../domain/commands/registry.js';
import { helpCommand } from '../domain/commands/help.js';
import { feeCommands } from '../domain/fees/commands.js';
import { feeHandler } from '../domain/fees/handler.js';
import { confirmCommand } from '../domain/commands/confirm.js';
import { confirmNotice, noticeCommands } from '../domain/notices/commands.js';
import { staffCommands } from '../domain/staff/commands.js';
import { ticketCommands } from '../domain/tickets/commands/index.js';
import { followUpHandler } from '../domain/conversations/followups.js';
import { handlingReportReminderJob } from '../domain/conversations/handling-report.js';
import { handlingReportCommand } from '../domain/conversations/handling-report-command.js';
import { plannedOutageHandler } from '../domain/conversations/planned.js';
import { incidentHandler } from '../domain/conversations/handler.js';
import { reportHandler } from '../domain/tickets/reports.js';
import { ratingHandler } from '../domain/tickets/rating.js';
import type { Handler } from '../domain/context.js';
import { mediaHandler } from '../domain/media/attach.js';
import { loginCommand } from '../domain/login/command.js';
import { ticketJobs } from '../domain/tickets/jobs.js';
import { scheduleJobs } from '../domain/schedules/jobs.js';
import type { Job } from '../domain/jobs.js';

export function allCommands(): Command[] {
  const commands: Command[] = [
    ...ticketCommands, ...staffCommands, loginCommand, ...noticeCommands, ...feeCommands,
    // what a held action does once its sender confirms it, by kind
    confirmCommand({ notice: confirmNotice }),
    handlingReportCommand,
  ];
  return [...commands, helpCommand(() => commands)];
}

/** The order in which a message is looked at; each handler may stop the chain. */
export function buildHandlers(): Handler[] {
  return [
    mediaHandler,
    commandHandler(allCommands()),
    ratingHandler,
    feeHandler,
    plannedOutageHandler,
    incidentHandler,
    followUpHandler,
    reportHandler,
  ];
}

export function allJobs(): Job[] {
  return [...ticketJobs, ...scheduleJobs, handlingReportReminderJob];
}
