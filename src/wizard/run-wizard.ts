// `kit incident`: the emergency wizard. It asks only what the flags did not say (accounts, when
// it started, which runbook, the read-only key), shows the plan with the destructive steps
// marked, asks once, then runs the runbook with the live task list, that one answer approving
// its write steps. Manual steps still ask the operator. Ctrl-C leaves the incident resumable.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Prompter } from '../actions/types.js';
import { getAction } from '../actions/registry.js';
import type { CliContext } from '../cli/context.js';
import { exitSoonIfStuck, interruptOnSigint, outputStyle, parseInputFlags } from '../cli/incident/options.js';
import { reportRunResult } from '../cli/incident/result.js';
import { createInquirerPrompter, createNonInteractivePrompter, loadActionModules, planRun, runIncident, type RunResult } from '../engine/index.js';
import { InterruptedError } from '../errors.js';
import { resolveInputs } from '../runbook/inputs.js';
import type { LoadedRunbook } from '../runbook/schema.js';
import { describeStore, openStore } from '../secrets/open-store.js';
import { installProcessRedaction } from '../secrets/redact.js';
import type { AccountRef } from '../secrets/types.js';
import { accountsFromFlags, checkStored, emptyStoreError, parseAccountRef, refOf, type AccountChoice } from './accounts.js';
import { requireFlagsWithoutTerminal, startFromFlag, type WizardFlags } from './flags.js';
import { runbookInputs } from './inputs.js';
import { planLines } from './plan-view.js';
import { askAccounts, askReaders, askRunbook, askSince, QUESTIONS, readerCandidates } from './questions.js';
import { loadChosenRunbook, noRunbookError, offeredRunbooks } from './runbooks.js';
import type { StartTime } from './since.js';

interface Chosen {
  loaded: LoadedRunbook;
  accounts: AccountChoice[];
  start?: StartTime;
  readers: AccountChoice[];
}

/** Ctrl-C at a question: nothing has started, so there is nothing to resume. */
async function beforeAnythingRan<T>(ask: () => Promise<T>): Promise<T> {
  try {
    return await ask();
  } catch (error) {
    if (error instanceof InterruptedError) throw new InterruptedError('stopped before anything ran; nothing was changed', { hint: 'Run kit incident again when you are ready.' });
    throw error;
  }
}

async function storedAccountsHint(ctx: CliContext): Promise<string> {
  try {
    const stored = await (await openStore(ctx.kitHome, { interactive: false })).list();
    return stored.length > 0 ? `Accounts in the credential store: ${stored.map(refOf).join(', ')}.` : 'The credential store holds no accounts yet: kit connect <exchange> stores one.';
  } catch {
    return '';
  }
}

async function storedAccounts(ctx: CliContext, prompter: Prompter): Promise<{ stored: AccountRef[]; storeName: string }> {
  const store = await openStore(ctx.kitHome, { interactive: prompter.interactive, ask: (m) => prompter.password(m), warn: (m) => ctx.out.error(`kit: warning: ${m}`) });
  const stored = await store.list();
  if (stored.length === 0) throw emptyStoreError(describeStore(store));
  return { stored, storeName: describeStore(store) };
}

/** The questions, in order, each skipped when its flag answered it. */
async function choose(ctx: CliContext, flags: WizardFlags, prompter: Prompter, now: number): Promise<Chosen> {
  const flagAccounts = accountsFromFlags(flags);
  const flagStart = flags.since !== undefined ? startFromFlag(flags.since, now) : undefined;
  const flagReaders = flags.reader !== undefined ? flags.reader.split(',').filter((r) => r.trim() !== '').map(parseAccountRef) : undefined;
  const flagRunbook = flags.runbook !== undefined ? await loadChosenRunbook(flags.runbook, ctx.kitHome) : undefined;
  const offers = flagRunbook ? [] : await offeredRunbooks(ctx.kitHome);
  if (!flagRunbook && offers.length === 0) throw noRunbookError(ctx.kitHome);

  const { stored, storeName } = await storedAccounts(ctx, prompter);
  const accounts = flagAccounts ?? (await askAccounts(prompter, stored));
  checkStored(accounts, stored, storeName);
  const someTakeSince = flagRunbook ? 'since' in flagRunbook.runbook.inputs : offers.some((o) => 'since' in o.loaded.runbook.inputs);
  const start = flagStart ?? (prompter.interactive && someTakeSince ? await askSince(prompter, now) : undefined);
  // Nobody to ask (--yes from a script): the default runbook, which the offers list first.
  const loaded = flagRunbook ?? (prompter.interactive ? await askRunbook(prompter, offers) : offers[0].loaded);
  const readers = flagReaders ?? (prompter.interactive ? await askReaders(prompter, loaded, readerCandidates(stored, accounts)) : []);
  if (flagReaders) checkStored(flagReaders, stored, storeName);
  // A start time asked before the runbook was chosen, for a runbook that takes none: dropped.
  return { loaded, accounts, start: start && 'since' in loaded.runbook.inputs ? start : flagStart, readers };
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
  const now = Date.now();
  const interactive = ctx.interactive && !ctx.json;
  const extra = parseInputFlags(flags.input);
  if (!interactive) requireFlagsWithoutTerminal(flags, accountsFromFlags(flags), await storedAccountsHint(ctx));
  const prompter = interactive ? createInquirerPrompter() : createNonInteractivePrompter();

  const chosen = await beforeAnythingRan(() => choose(ctx, flags, prompter, now));
  const inputs = runbookInputs(chosen.loaded, { accounts: chosen.accounts, start: chosen.start, readers: chosen.readers, notifyTo: flags.notifyTo, extra }, now);
  await loadActionModules();
  const plan = planRun(chosen.loaded.runbook, resolveInputs(chosen.loaded.runbook, inputs), getAction);
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
      inputs,
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
