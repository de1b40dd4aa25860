// `kit incident`: the emergency wizard. It asks only what the flags did not say (accounts, when
// it started, which runbook, the read-only key), shows the plan with the destructive steps
// marked, asks once, then runs the runbook with the live task list, that one answer approving
// its write steps. Manual steps still ask the operator. Ctrl-C leaves the incident resumable.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { getAction } from '../actions/registry.js';
import type { CliContext } from '../cli/context.js';
import { exitSoonIfStuck, interruptOnSigint, outputStyle, parseInputFlags } from '../cli/incident/options.js';
import { reportRunResult } from '../cli/incident/result.js';
import { createInquirerPrompter, createNonInteractivePrompter, loadActionModules, planRun, runIncident, type RunResult } from '../engine/index.js';
import { InterruptedError } from '../errors.js';
import { resolveInputs, type GivenInputs } from '../runbook/inputs.js';
import { installProcessRedaction } from '../secrets/redact.js';
import { accountsFromFlags } from './accounts.js';
import { chooseIncident, storedAccountsHint } from './choose.js';
import { requireFlagsWithoutTerminal, type WizardFlags } from './flags.js';
import { runbookInputs } from './inputs.js';
import { planLines } from './plan-view.js';
import { QUESTIONS } from './questions.js';

/** Ctrl-C at a question: nothing has started, so there is nothing to resume. */
async function beforeAnythingRan<T>(ask: () => Promise<T>): Promise<T> {
  try {
    return await ask();
  } catch (error) {
    if (error instanceof InterruptedError) throw new InterruptedError('stopped before anything ran; nothing was changed', { hint: 'Run kit incident again when you are ready.' });
    throw error;
  }
}

async function printReportLocation(ctx: CliContext, result: RunResult): Promise<void> {
  if (ctx.json || result.status === 'interrupted') return;
  const files = ['report.md', 'report.html'].map((f) => path.join(result.incidentDir, f));
  const present = [];
  for (const file of files) if (await fs.stat(file).then(() => true, () => false)) present.push(file);
  if (present.length > 0) ctx.out.line(`Report: ${present.join(' and ')}`);
}

export async function runWizard(ctx: CliContext, flags: WizardFlags): Promise<void> {
  installProcessRedaction();
  // Plugin actions first: runbooks that use them are checked while they are offered.
  await loadActionModules();
  const now = Date.now();
  const interactive = ctx.interactive && !ctx.json;
  const extra = parseInputFlags(flags.input);
  const where = { kitHome: ctx.kitHome, warn: (m: string) => ctx.out.error(`kit: warning: ${m}`) };
  if (!interactive) requireFlagsWithoutTerminal(flags, accountsFromFlags(flags), await storedAccountsHint(where));
  const prompter = interactive ? createInquirerPrompter() : createNonInteractivePrompter();

  const chosen = await beforeAnythingRan(() => chooseIncident(where, flags, prompter, now));
  // A start given as a time becomes a span when the run starts, however long the questions took.
  const inputsAt = (at: number): GivenInputs => runbookInputs(chosen.loaded, { accounts: chosen.accounts, start: chosen.start, readers: chosen.readers, notifyTo: flags.notifyTo, extra }, at);
  const plan = planRun(chosen.loaded.runbook, resolveInputs(chosen.loaded.runbook, inputsAt(Date.now())), getAction);
  if (!ctx.json) {
    ctx.out.line('');
    for (const line of planLines(plan, { accounts: chosen.accounts, start: chosen.start, dryRun: flags.dryRun, color: ctx.color })) ctx.out.line(line);
    ctx.out.line('');
  }

  // The one question before anything changes; --yes answers it, a dry run needs none.
  const asked = !flags.dryRun && !flags.yes;
  if (asked && !(await beforeAnythingRan(() => prompter.confirm(QUESTIONS.go, { default: false })))) {
    ctx.out.line('Nothing was done. To rehearse without changing anything: kit incident --dry-run');
    return;
  }

  const sigint = interruptOnSigint(ctx);
  try {
    const result = await runIncident({
      kitHome: ctx.kitHome,
      runbookFile: chosen.loaded.file,
      inputs: inputsAt(Date.now()),
      dryRun: flags.dryRun,
      yes: flags.yes,
      planApproved: asked,
      interactive,
      output: outputStyle(ctx),
      signal: sigint.signal,
    });
    await printReportLocation(ctx, result);
    reportRunResult(ctx, result);
  } finally {
    sigint.dispose();
    exitSoonIfStuck();
  }
}
