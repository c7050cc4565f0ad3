import type { Command } from '../commands/registry.js';

export const ticketCommands: Command[] = [];
