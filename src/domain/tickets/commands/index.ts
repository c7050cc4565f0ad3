import type { Command } from '../../commands/registry.js';
import { viewCommands } from './views.js';
import { mergeCommand, workCommands } from './work.js';

export const ticketCommands: Command[] = [...workCommands, mergeCommand, ...viewCommands];
