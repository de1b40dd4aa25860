// Every command group registers its flags here. Registration is cheap: each module imports
// its implementation only inside the action, so startup never loads ccxt or listr2.
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { registerAnalyze } from './analyze.js';

export type RegisterCommand = (program: Command, getContext: () => CliContext) => void;

export const commandModules: RegisterCommand[] = [registerAnalyze];
