// Starting and resuming an incident: load, plan, create (or reopen) the incident folder, take
// the lock, journal, run the task list, and end in one of four states: succeeded, failed,
// waiting-approval, interrupted. Nothing here prints: the renderers and the event stream do.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import { createRequire } from 'node:module';
import { getAction } from '../actions/registry.js';
import type { Prompter } from '../actions/types.js';
import { StorageError, UnavailableError, UsageError } from '../errors.js';
import { isStorageFailure, storageCause, storageError } from '../util/storage-failure.js';
import { redact, registerSecret, redactValue } from '../secrets/redact.js';
import type { LoadedRunbook } from '../runbook/schema.js';
import { loadActionModules } from './action-modules.js';
import { approveCommand, osUser } from './approval.js';
import { jsonLineWriter, toRunEvent } from './events.js';
import { createIncident, type IncidentPaths } from './incident.js';
import { inDoubtSteps } from './in-doubt.js';
import { Journal } from './journal.js';
import type { JournalRecord } from './journal-types.js';
import { acquireLock } from './lock.js';
import type { EngineOptions, RunResult } from './options.js';
import { planRun } from './plan.js';
import { createInquirerPrompter, createNonInteractivePrompter } from './prompter.js';
import { loadPinnedRunbook, reopenIncident } from './reopen.js';
import { emptyRun, failedSteps, type ReplayedRun } from './replay.js';
import { findRunbook } from '../runbook/find.js';
import { resolveInputs, type GivenInputs } from '../runbook/inputs.js';
import { loadRunbookFile } from '../runbook/load.js';
import { RunSession, type RunInfo } from './session.js';
import { runTaskList } from './task-list.js';

export type { GivenInputs };

export interface RunIncidentOptions extends EngineOptions {
  /** A runbook name (shipped or in $KIT_HOME/runbooks) or a file. */
  runbookFile: string;
  inputs?: GivenInputs;
  dryRun?: boolean;
}

export interface ResumeIncidentOptions extends EngineOptions {
  incidentId: string;
  /** Secret inputs again (kit never stores them); other inputs come from the journal. */
  inputs?: GivenInputs;
}

const MASK = '[REDACTED]';
const require = createRequire(import.meta.url);
const kitVersion = (require('../../package.json') as { version: string }).version;

function prompterOf(options: EngineOptions): Prompter {
  return options.prompter ?? (options.interactive ? createInquirerPrompter() : createNonInteractivePrompter());
}

function secretInputNames(loaded: LoadedRunbook): string[] {
  return Object.entries(loaded.runbook.inputs).filter(([, spec]) => spec.type === 'secret').map(([name]) => name);
}

/** Inputs as the journal may hold them: secret-typed ones masked, whatever their value. */
function maskInputs(loaded: LoadedRunbook, inputs: Record<string, unknown>): Record<string, unknown> {
  const masked = { ...inputs };
  for (const name of secretInputNames(loaded)) {
    const value = masked[name];
    if (typeof value === 'string') registerSecret(value);
    if (value !== undefined && value !== '') masked[name] = MASK;
  }
  return masked;
}

function wireEvents(journal: Journal, incidentId: string, options: EngineOptions): void {
  const json = options.output === 'json' ? jsonLineWriter(options.stdout ?? process.stdout) : undefined;
  journal.onRecord((record) => {
    const event = toRunEvent(record, incidentId);
    json?.(event);
    options.onEvent?.(event);
  });
}

/**
 * Lets every planned action load what it needs (ccxt above all) while the incident folder and
 * journal are set up, instead of during the first containment step. Not awaited; a failure
 * here is ignored because the step itself will meet it and report it properly.
 */
function warmUp(plan: ReturnType<typeof planRun>): void {
  const seen = new Set<string>();
  for (const step of plan.steps) {
    const action = getAction(step.uses);
    if (!action?.warmup || seen.has(action.name)) continue;
    seen.add(action.name);
    action.warmup().catch(() => undefined);
  }
}

export async function runIncident(options: RunIncidentOptions): Promise<RunResult> {
  await loadActionModules(options.env);
  const loaded = await loadRunbookFile(await findRunbook(options.runbookFile, options.kitHome));
  const inputs = resolveInputs(loaded.runbook, options.inputs ?? {});
  const journaledInputs = maskInputs(loaded, inputs);
  // Planned before anything is created: an unknown action must not leave an empty incident.
  const plan = planRun(loaded.runbook, inputs, getAction);
  warmUp(plan);
  const incident = await createIncident(options.kitHome, loaded).catch((error: unknown) => {
    throw asStorageError(error, `the incident folder in ${options.kitHome}`);
  });
  const dryRun = Boolean(options.dryRun);
  let lock: Awaited<ReturnType<typeof acquireLock>> | undefined;
  let journal: Journal | undefined;
  let startRecord: JournalRecord<'run.started'> | undefined;
  try {
    lock = await acquireLock(incident.dir, incident.id);
    journal = await Journal.create(incident.journal, dryRun ? 'dry-run' : 'live');
    wireEvents(journal, incident.id, options);
    const run: RunInfo = { id: incident.id, dryRun, startedAt: new Date().toISOString() };
    const session = new RunSession(incident, journal, plan, run, options, prompterOf(options), emptyRun(), getAction);
    startRecord = await journal.append('run.started', {
      incidentId: incident.id,
      runbook: loaded.runbook.name,
      runbookTitle: loaded.runbook.title,
      runbookSha256: loaded.sha256,
      inputs: journaledInputs,
      dryRun,
      user: osUser(),
      host: os.hostname(),
      kitVersion,
      settings: options.settings ? redactValue(options.settings) : undefined,
    });
    // The journaled start time is the one a resume will see: keep `run.startedAt` identical.
    run.startedAt = startRecord.time;
    return await drive(session);
  } catch (error) {
    if (startRecord || !isStorageFailure(error)) throw error;
    // The disk refused before the run started: nothing was done, and no half-made incident stays.
    await journal?.close().catch(() => undefined);
    journal = undefined;
    await fs.rm(incident.dir, { recursive: true, force: true }).catch(() => undefined);
    const reason = storageCause(error)?.message ?? (error as Error).message;
    throw new StorageError(`cannot start incident ${incident.id}: ${reason}`, { cause: error, hint: 'Nothing was done: the incident never started. Free disk space (or fix the permissions of KIT_HOME), then run the command again.' });
  } finally {
    await journal?.close().catch(() => undefined);
    await lock?.release().catch(() => undefined);
  }
}

export async function resumeIncident(options: ResumeIncidentOptions): Promise<RunResult> {
  await loadActionModules(options.env);
  const reopened = await reopenIncident(options.kitHome, options.incidentId).catch((error: unknown) => {
    throw asStorageError(error, `the lock of incident ${options.incidentId}`);
  });
  const { incident, lock, replay } = reopened;
  let journal: Journal | undefined;
  try {
    const started = replay.started!;
    if (replay.finished) return finishedAlready(incident, replay);
    const loaded = await loadPinnedRunbook(incident, replay);
    const inputs = restoreInputs(loaded, started.inputs, options.inputs ?? {}, incident.id);
    const plan = planRun(loaded.runbook, inputs, getAction);
    warmUp(plan);
    journal = await reopened.openJournal().catch((error: unknown) => {
      throw asStorageError(error, `the journal ${incident.journal}`);
    });
    wireEvents(journal, incident.id, options);
    const run: RunInfo = { id: incident.id, dryRun: started.dryRun, startedAt: replay.startedAt! };
    const session = new RunSession(incident, journal, plan, run, options, prompterOf(options), replay, getAction);
    await journal.append('run.resumed', { user: osUser(), pid: process.pid });
    return await drive(session);
  } finally {
    await journal?.close();
    await lock.release();
  }
}

function restoreInputs(loaded: LoadedRunbook, journaled: Record<string, unknown>, given: GivenInputs, incidentId: string): Record<string, unknown> {
  const inputs = { ...journaled };
  for (const name of secretInputNames(loaded)) {
    const value = given[name];
    if (typeof value === 'string') {
      registerSecret(value);
      inputs[name] = value;
    } else if (inputs[name] === MASK) {
      throw new UsageError(`incident ${incidentId} has a secret input "${name}", which kit never stores`, { hint: `Give it again: kit resume ${incidentId} --input ${name}=...` });
    }
  }
  const unknown = Object.keys(given).filter((name) => !secretInputNames(loaded).includes(name));
  if (unknown.length > 0) {
    throw new UsageError(`kit resume takes only secret inputs again; ${unknown.join(', ')} came from the journal`, { hint: 'A resumed run keeps the inputs it started with; start a new run to change them.' });
  }
  return inputs;
}

function finishedAlready(incident: IncidentPaths, replay: ReplayedRun): RunResult {
  return {
    incidentId: incident.id,
    incidentDir: incident.dir,
    status: replay.finished!.status,
    mode: replay.mode ?? 'live',
    failedSteps: replay.finished!.failedSteps,
    alreadyFinished: true,
    planned: [],
  };
}

/** The run stopped because the disk refused a write: what happened, and how to go on. */
function stoppedForStorage(failure: StorageError, session: RunSession): StorageError {
  const done = [...session.state.steps.entries()].filter(([, s]) => s.status === 'succeeded').map(([id]) => id);
  return new StorageError(`${session.modeTag} incident ${session.incident.id} stopped before its next step: ${failure.message}`, {
    cause: failure,
    hint: `Nothing already journaled is lost${done.length > 0 ? ` (done: ${done.join(', ')})` : ''}. Free disk space (or fix the permissions of ${session.incident.dir}), then continue with \`${session.resumeCommand()}\`.`,
    details: { incidentId: session.incident.id, resumeCommand: session.resumeCommand() },
  });
}

/** A disk failure before the run could start (incident folder, journal): a StorageError that says so. */
function asStorageError(error: unknown, what: string): unknown {
  return isStorageFailure(error) && !(error instanceof StorageError) ? storageError(what, error, 'Free disk space (or fix the permissions of KIT_HOME), then run the command again.') : error;
}

async function drive(session: RunSession): Promise<RunResult> {
  try {
    await runTaskList(session, inDoubtSteps(session));
  } finally {
    session.runScope.clear();
  }
  const { incident, journal } = session;
  const base = { incidentId: incident.id, incidentDir: incident.dir, mode: journal.mode, planned: session.planned, failedSteps: failedSteps(session.state) };
  const storage = journal.storageFailure;
  if (storage) {
    // Journaled when the journal itself still works; the error says why either way.
    if (journal.writable) await journal.append('run.interrupted', { reason: session.interruptReason(), resumeCommand: session.resumeCommand() }).catch(() => undefined);
    throw stoppedForStorage(storage, session);
  }
  if (session.stopReason?.kind === 'unavailable') {
    const cause = session.stopReason.error;
    await journal.append('run.interrupted', { reason: `stopped: ${redact(cause.message)}`, resumeCommand: session.resumeCommand() });
    throw new UnavailableError(`${session.modeTag} incident ${incident.id} stopped: ${cause.message}`, {
      cause,
      hint: `Nothing is lost: that step runs again on resume. When the exchange answers again, continue with \`${session.resumeCommand()}\`.`,
      details: { incidentId: incident.id, resumeCommand: session.resumeCommand() },
    });
  }
  if (session.interrupted) {
    await journal.append('run.interrupted', { reason: session.interruptReason(), resumeCommand: session.resumeCommand() });
    return { ...base, status: 'interrupted', resumeCommand: session.resumeCommand() };
  }
  if (session.stopReason?.kind === 'waiting-approval') {
    const stepId = session.stopReason.stepId;
    return { ...base, status: 'waiting-approval', waitingFor: { stepId, approveCommand: approveCommand(incident.id, stepId), resumeCommand: session.resumeCommand() } };
  }
  const status = base.failedSteps.length > 0 ? 'failed' : 'succeeded';
  const durationMs = Date.now() - Date.parse(session.run.startedAt);
  await journal.append('run.finished', { status, failedSteps: base.failedSteps, durationMs });
  return { ...base, status };
}
