// `kit run` and `kit resume`.
import type { OperatorStandIn } from '../../actions/types.js';
import type { CliContext } from '../context.js';
import { resumeIncident, runIncident, type EngineOptions, type RunResult } from '../../engine/index.js';
import { exitSoonIfStuck, interruptOnSigint, outputStyle, parseInputFlags } from './options.js';
import { reportRunResult } from './result.js';

/** Runs the engine with Ctrl-C wired to an interrupt, then reports how the run ended. */
async function runReported(ctx: CliContext, yes: boolean, operator: OperatorStandIn | undefined, start: (options: EngineOptions) => Promise<RunResult>): Promise<void> {
  // listr2's colours come from colorette, which reads NO_COLOR when listr2 is first imported.
  if (!ctx.color) process.env.NO_COLOR = '1';
  const sigint = interruptOnSigint(ctx);
  try {
    const result = await start({ kitHome: ctx.kitHome, yes, interactive: ctx.interactive, output: outputStyle(ctx), signal: sigint.signal, operator });
    reportRunResult(ctx, result);
  } finally {
    sigint.dispose();
    exitSoonIfStuck();
  }
}

/** `--sim-operator`: the simulator's admin interface plays the operator in manual steps. */
async function simOperatorOf(adminUrl: string | undefined): Promise<OperatorStandIn | undefined> {
  if (!adminUrl) return undefined;
  const { httpWebPage, simOperator } = await import('../../drill/operator.js');
  return simOperator(httpWebPage(adminUrl), { present: true, log: [] });
}

export async function runCommand(ctx: CliContext, runbook: string, opts: { input: string[]; dryRun: boolean; yes: boolean; simOperator?: string }): Promise<void> {
  const inputs = parseInputFlags(opts.input);
  const operator = await simOperatorOf(opts.simOperator);
  await runReported(ctx, opts.yes, operator, (options) => runIncident({ ...options, runbookFile: runbook, inputs, dryRun: opts.dryRun }));
}

export async function resumeCommand(ctx: CliContext, incidentId: string, opts: { input: string[]; yes: boolean; simOperator?: string }): Promise<void> {
  const inputs = parseInputFlags(opts.input);
  const operator = await simOperatorOf(opts.simOperator);
  await runReported(ctx, opts.yes, operator, (options) => resumeIncident({ ...options, incidentId, inputs }));
}
