import type { Command } from '../../commands/registry.js';
import { viewCommands } from './views.js';
import { workCommands } from './work.js';

export const ticketCommands: Command[] = [...workCommands, ...viewCommands];
