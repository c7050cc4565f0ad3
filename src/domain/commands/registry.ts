import type { Ctx, Handler } from '../context.js';
import type { Role } from '../types.js';

/** A bot command staff type in chat, e.g. `接单 #17` or `/accept 17`. */
export interface Command {
  /** Chinese keywords first; English aliases are matched case-insensitively */
  keywords: string[];
  /** who may run it; 'staff' = any active staff member, 'anyone' = residents too */
  roles: Role[] | 'staff' | 'anyone';
  usage: string;
  summary: string;
  /**
   * where it may be used: 'staff' = the staff room or a private chat (work that residents should not
   * see), 'group' = in a group (it acts on that group), 'any' (the default)
   */
  where?: 'staff' | 'group' | 'any';
  /** false when this message, though it starts with a keyword, is not meant as the command (it goes on down the chain) */
  accepts?(ctx: Ctx, args: string): boolean;
  run(ctx: Ctx, args: string): Promise<void>;
}

export interface ParsedCommand {
  command: Command;
  keyword: string;
  args: string;
  /** written with a `/` or `#` prefix, or with a ticket number right after the keyword */
  explicit: boolean;
}

const TICKET_REF_START = /^#?\d+/;

/**
 * Finds the command a message starts with. A keyword must be followed by whitespace, a ticket
 * reference or the end of the message: "查 #12" and "查#12" are commands, "查一下电费" is not.
 */
export function parseCommand(text: string, commands: Command[]): ParsedCommand | null {
  // full-width digits and ＃ as a Chinese keyboard types them: "接单＃１" is "接单#1"
  const trimmed = text.trim().replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/^[\uff0f\uff03]/, (c) => (c === '\uff0f' ? '/' : '#')).replace(/＃(?=\s*\d)/g, '#');
  const prefixed = /^[/#](?!\d)/.test(trimmed);
  const body = prefixed ? trimmed.slice(1) : trimmed;
  let best: ParsedCommand | null = null;
  for (const command of commands) {
    for (const keyword of command.keywords) {
      const latin = /^[a-z]/i.test(keyword);
      const head = body.slice(0, keyword.length);
      if (latin ? head.toLowerCase() !== keyword.toLowerCase() : head !== keyword) continue;
      const rest = body.slice(keyword.length);
      if (rest && !/^[\s\u2005:：]/.test(rest) && !TICKET_REF_START.test(rest)) continue;
      if (latin && !prefixed) continue; // English aliases need the slash: "/accept 17"
      if (best && best.keyword.length >= keyword.length) continue;
      const args = rest.replace(/^[\s\u2005:：]+/, '').trim();
      best = { command, keyword, args, explicit: prefixed || TICKET_REF_START.test(args) };
    }
  }
  return best;
}

export function mayRun(command: Command, ctx: Ctx): boolean {
  if (command.roles === 'anyone') return true;
  if (!ctx.staff) return false;
  if (command.roles === 'staff') return true;
  return command.roles.includes(ctx.staff.role as Role);
}

/**
 * Runs staff commands. For staff any keyword counts; for residents only an explicit command
 * (`/…`, `#…` or a ticket number) does — "通知大家明天停水" from a neighbour is not a command.
 * A refused command changes nothing and is answered privately, never in the group; so is a staff
 * command typed in a residents' group: staff work talk never lands in front of residents.
 */
export function commandHandler(commands: Command[]): Handler {
  return async (ctx, next) => {
    const parsed = parseCommand(ctx.text, commands);
    if (!parsed) return next();
    const { command, args } = parsed;
    if (!ctx.staff && command.roles !== 'anyone' && !parsed.explicit && !ctx.isPrivate) return next();
    if (command.accepts && !command.accepts(ctx, args)) return next();
    ctx.outcome.command = command.keywords[0];
    if (!mayRun(command, ctx)) {
      ctx.outcome.refused = true;
      await ctx.replyPrivately(ctx.staff
        ? `「${command.keywords[0]}」需要${roleNames(command.roles)}权限，您的角色是${roleName(ctx.staff.role)}。`
        : `「${command.keywords[0]}」是物业工作人员的指令，您的账号没有这个权限，这条消息没有改动任何工单。如需报修或咨询，直接在群里描述问题即可。`);
      return;
    }
    const misplaced = wrongPlace(command, ctx);
    if (misplaced) {
      ctx.outcome.refused = true;
      await ctx.replyPrivately(misplaced);
      return;
    }
    await command.run(command.roles !== 'anyone' && inResidentsGroup(ctx) ? answeredPrivately(ctx) : ctx, args);
  };
}

/** A group that is not a staff work group: residents read it. */
export function inResidentsGroup(ctx: Pick<Ctx, 'isPrivate' | 'room'>): boolean {
  return !ctx.isPrivate && !ctx.room?.isStaffRoom;
}

/** The same context, except that its replies go to the sender privately. */
function answeredPrivately(ctx: Ctx): Ctx {
  return { ...ctx, reply: (text, o = {}) => ctx.replyPrivately(text, { ...o, mentionIds: undefined }) };
}

/** Why a command cannot be used here (answered privately), or null when it can. */
export function wrongPlace(command: Command, ctx: Pick<Ctx, 'isPrivate' | 'room'>): string | null {
  const name = command.keywords[0];
  if (command.where === 'staff' && !ctx.isPrivate && !ctx.room?.isStaffRoom) {
    return `「${name}」请在物业工作群或私聊我时使用，这条消息没有改动任何内容。`;
  }
  if (command.where === 'group' && ctx.isPrivate) return `「${name}」需要在要设置的那个群里发送。`;
  return null;
}

const ROLE_NAMES: Record<Role, string> = { manager: '经理', supervisor: '主管', agent: '客服/管家', technician: '维修师傅' };

/**
 * Answers a staff command where staff work: in the staff room or private chat it was sent in;
 * from a residents' group, privately, so work talk never lands in front of residents.
 */
export function answerStaff(ctx: Ctx, text: string): Promise<void> {
  return inResidentsGroup(ctx) ? ctx.replyPrivately(text) : ctx.reply(text);
}

export function roleName(role: string): string {
  return ROLE_NAMES[role as Role] ?? role;
}

function roleNames(roles: Command['roles']): string {
  return Array.isArray(roles) ? roles.map(roleName).join('或') : '工作人员';
}
