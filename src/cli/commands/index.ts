// Every command group registers its flags here. Registration is cheap: each module imports
// its implementation only inside the action, so startup never loads ccxt or listr2.
// One import per line and one entry per line: this file merges with git's union driver.
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { registerExchanges } from './exchanges.js';
import { registerLogs } from './logs.js';
import { registerReportCommand } from './report.js';
import { registerRunbookCommands } from './runbook.js';

export type RegisterCommand = (program: Command, getContext: () => CliContext) => void;

export const commandModules: RegisterCommand[] = [
  registerRunbookCommands,
  registerExchanges,
  registerLogs,
  registerReportCommand,
];
