// `kit run` and `kit resume`.
import type { CliContext } from '../context.js';
import { resumeIncident, runIncident, type EngineOptions } from '../../engine/index.js';
import { exitSoonIfStuck, interruptOnSigint, outputStyle, parseInputFlags } from './options.js';
import { reportRunResult } from './result.js';

function engineOptions(ctx: CliContext, yes: boolean, signal: AbortSignal): EngineOptions {
  return { kitHome: ctx.kitHome, yes, interactive: ctx.interactive, output: outputStyle(ctx), signal };
}

export async function runCommand(ctx: CliContext, runbook: string, opts: { input: string[]; dryRun: boolean; yes: boolean }): Promise<void> {
  const inputs = parseInputFlags(opts.input);
  const sigint = interruptOnSigint(ctx);
  try {
    const result = await runIncident({ ...engineOptions(ctx, opts.yes, sigint.signal), runbookFile: runbook, inputs, dryRun: opts.dryRun });
    reportRunResult(ctx, result);
  } finally {
    sigint.dispose();
    exitSoonIfStuck();
  }
}

export async function resumeCommand(ctx: CliContext, incidentId: string, opts: { input: string[]; yes: boolean }): Promise<void> {
  const inputs = parseInputFlags(opts.input);
  const sigint = interruptOnSigint(ctx);
  try {
    const result = await resumeIncident({ ...engineOptions(ctx, opts.yes, sigint.signal), incidentId, inputs });
    reportRunResult(ctx, result);
  } finally {
    sigint.dispose();
    exitSoonIfStuck();
  }
}
