// `kit drill --target testnet`: not built yet in this form; refuses clearly rather than guess.
import type { CliContext } from '../cli/context.js';
import type { DrillFlags } from '../cli/commands/drill.js';
import { UsageError } from '../errors.js';
import type { DrillResult } from './run-drill.js';
import type { DrillThresholds } from './score.js';

export async function runTestnetDrill(_ctx: CliContext, _flags: DrillFlags, _thresholds: Partial<DrillThresholds>): Promise<DrillResult> {
  throw new UsageError('kit drill --target testnet is not available in this version', { hint: 'Run `kit drill` (the built-in simulator) instead.' });
}
