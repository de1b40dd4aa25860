// Every command group registers its flags here. Registration is cheap: each module imports
// its implementation only inside the action, so startup never loads ccxt or listr2.
import type { Command } from 'commander';
import type { CliContext } from '../context.js';

export type RegisterCommand = (program: Command, getContext: () => CliContext) => void;

import { registerCheck } from './check.js';
import { registerConfig } from './config.js';
import { registerConnect } from './connect.js';
import { registerDisconnect } from './disconnect.js';
import { registerLogs } from './logs.js';

export const commandModules: RegisterCommand[] = [
  registerCheck,
  registerConfig,
  registerConnect,
  registerDisconnect,
  registerLogs,
];
