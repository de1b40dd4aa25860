// Every command group registers its flags here. Registration is cheap: each module imports
// its implementation only inside the action, so startup never loads ccxt or listr2.
// One import per line and one entry per line: this file merges with git's union driver.
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { registerAnalyze } from './analyze.js';
import { registerCheck } from './check.js';
import { registerConfig } from './config.js';
import { registerConnect } from './connect.js';
import { registerDisconnect } from './disconnect.js';
import { registerDrill } from './drill.js';
import { registerExchanges } from './exchanges.js';
import { registerIncidentCommands } from './incident.js';
import { registerIncidentWizard } from './incident-wizard.js';
import { registerLogs } from './logs.js';
import { registerReportCommand } from './report.js';
import { registerRunbookCommands } from './runbook.js';
import { registerSimCommand } from './sim.js';

export type RegisterCommand = (program: Command, getContext: () => CliContext) => void;

export const commandModules: RegisterCommand[] = [
  registerRunbookCommands,
  registerIncidentCommands,
  registerAnalyze,
  registerCheck,
  registerConfig,
  registerConnect,
  registerDisconnect,
  registerDrill,
  registerExchanges,
  registerIncidentWizard,
  registerLogs,
  registerReportCommand,
  registerSimCommand,
];
