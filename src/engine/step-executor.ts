// Runs one step whose turn has come (condition true, approval settled): its input resolved and
// validated, then in a dry run a write/notify step is planned (its run() is never called), and
// otherwise the action runs, bounded by the step timeout, retried only for retryable errors,
// and a write is reconciled before any second attempt so a retry never repeats an effect.
import type { ActionDefinition } from '../actions/types.js';
import { ActionError } from '../actions/types.js';
import { ExitCode, InternalError, InterruptedError, isKitError, UnavailableError, type KitError } from '../errors.js';
import { sleep } from '../actions/core/abortable.js';
import { isStorageFailure, storageCause, storageError } from '../util/storage-failure.js';
import { isRetryable, retryDelayMs, runBounded, type Bounds } from './attempt.js';
import { instanceRef, type PlannedStep } from './plan.js';
import type { RunSession } from './session.js';
import { actionContext, resolveStepInput, type ResolvedInput, type StepUi } from './step-context.js';
import { continuesOnError, errorMessage, recordFailure, recordSucceeded, type StepResult } from './step-outcome.js';

/**
 * An exchange or service that did not answer, as opposed to a step that failed: an error that is
 * (or was caused by) an UnavailableError (exit code 5) or a network-level failure of the client
 * library (ccxt's NetworkError: no answer, 5xx, timeout, rate limit), however an action wrapped it.
 */
function isServiceUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    if (isKitError(e) && e.exitCode === ExitCode.unavailable) return true;
    for (let proto = Object.getPrototypeOf(e); proto && proto !== Error.prototype; proto = Object.getPrototypeOf(proto)) {
      if ((proto as { constructor: { name: string } }).constructor.name === 'NetworkError') return true;
    }
  }
  return false;
}

/** The error as a KitError for the run's stop: itself, or an UnavailableError carrying its message. */
function asUnavailable(error: unknown): KitError {
  if (isKitError(error) && error.exitCode === ExitCode.unavailable) return error;
  return new UnavailableError(errorMessage(error), { cause: error });
}

function boundsOf(session: RunSession, step: PlannedStep): Bounds {
  return { stepId: step.id, timeout: step.spec.timeout, runSignal: session.options.signal };
}

function isInterrupt(session: RunSession, error: unknown): boolean {
  if (error instanceof InterruptedError) session.interrupt();
  // The disk, not the step, failed (an action's own file, the audit log...): stop, resumable.
  if (isStorageFailure(error)) {
    // Name the file when the system's error does (an open, a rename); a write on an open file does not.
    const file = storageCause(error)?.path;
    session.journal.reportStorageFailure(storageError(file ? `the file ${file}` : 'a file the step needed', error));
  }
  return session.interrupted;
}

/** The step's input, or the journaled failure when `with` cannot be evaluated or is invalid. */
export async function resolveOrFail(session: RunSession, step: PlannedStep, action: ActionDefinition): Promise<{ resolved: ResolvedInput } | { failed: StepResult }> {
  try {
    return { resolved: resolveStepInput(session, step, action) };
  } catch (error) {
    const attempt = session.step(step.id).attempts;
    return { failed: await recordFailure(session, step, action, error, { attempt, willRetry: false, retryable: false, startedAt: Date.now() }) };
  }
}

export async function executeStep(session: RunSession, step: PlannedStep, ui: StepUi): Promise<StepResult> {
  const action = session.action(step.uses);
  const input = await resolveOrFail(session, step, action);
  if ('failed' in input) return input.failed;
  if (session.dryRun && step.dryRun === 'plan') return planStep(session, step, action, input.resolved, ui);
  return runWithRetries(session, step, action, input.resolved, ui);
}

async function planStep(session: RunSession, step: PlannedStep, action: ActionDefinition, resolved: ResolvedInput, ui: StepUi): Promise<StepResult> {
  const startedAt = Date.now();
  const fail = (error: unknown): Promise<StepResult> => recordFailure(session, step, action, error, { attempt: 0, willRetry: false, retryable: false, startedAt });
  if (!action.plan) return fail(new ActionError(`${action.name} (${action.effect}) says nothing about what it would do, so a dry run refuses it`));
  try {
    const plan = await runBounded((signal) => action.plan!(actionContext(session, step, ui, signal), resolved.input), boundsOf(session, step));
    await session.journal.append('step.planned', { stepId: step.id, uses: step.uses, effect: action.effect, summary: plan.summary, outputs: plan.outputs ?? {}, ...instanceRef(step) });
    session.planned.push({ stepId: step.id, summary: plan.summary });
    return { kind: 'planned', summary: plan.summary };
  } catch (error) {
    if (isInterrupt(session, error)) return { kind: 'interrupted' };
    return fail(error);
  }
}

/** The engine's own guard: whatever path led here, a dry run never calls a write/notify run(). */
function guardedRun(session: RunSession, action: ActionDefinition, ...args: Parameters<ActionDefinition['run']>): Promise<Record<string, unknown>> {
  if (session.dryRun && (action.effect === 'write' || action.effect === 'notify')) {
    return Promise.reject(new InternalError(`refusing to call ${action.name} (${action.effect}) during a dry run`));
  }
  return action.run(...args);
}

async function runWithRetries(session: RunSession, step: PlannedStep, action: ActionDefinition, resolved: ResolvedInput, ui: StepUi): Promise<StepResult> {
  const maxAttempts = step.spec.retry?.attempts ?? 1;
  for (;;) {
    if (session.interrupted) return { kind: 'interrupted' };
    const state = session.step(step.id);
    if (action.effect === 'write' && state.attempts > 0 && !session.reconciledThisRun.has(step.id)) {
      // An earlier attempt may have reached the exchange before failing or being cut short.
      const seen = await reconcileStep(session, step, action, resolved, ui);
      if (seen !== 'not-done') return seen;
    }
    session.reconciledThisRun.delete(step.id);
    const attempt = state.attempts + 1;
    const failures = state.failures + 1; // if this attempt fails
    // An instance journals its own title (evaluated for its item); a step, the runbook's.
    const title = step.instance ? step.title : step.spec.title;
    await session.journal.append('step.started', { stepId: step.id, title, uses: step.uses, effect: action.effect, attempt, input: resolved.journaled, ...instanceRef(step) });
    const startedAt = Date.now();
    try {
      const outputs = await runBounded((signal) => guardedRun(session, action, actionContext(session, step, ui, signal), resolved.input), boundsOf(session, step));
      // Its evidence did not reach the disk: the step stays "started" and runs (or is reconciled) on resume.
      if (session.journal.storageFailure) return { kind: 'interrupted' };
      return await recordSucceeded(session, step, action, outputs, startedAt);
    } catch (error) {
      // Interrupted: no failure is journaled; the step stays "started" and resume settles it.
      if (isInterrupt(session, error)) return { kind: 'interrupted' };
      const retryable = isRetryable(action, error);
      const willRetry = retryable && failures < maxAttempts;
      // Out of attempts only because the exchange (or another service) does not answer: the step
      // has not failed for good. The run stops here, resumable, and the step runs again on resume.
      const waitForService = !willRetry && isServiceUnavailable(error) && !continuesOnError(session, step);
      const result = await recordFailure(session, step, action, error, { attempt, willRetry: willRetry || waitForService, retryable, startedAt });
      if (waitForService) {
        session.stopForUnavailable(asUnavailable(error));
        return { kind: 'interrupted' };
      }
      if (!willRetry) return result;
      const delay = retryDelayMs(step.spec.retry!, failures);
      ui.output(`attempt ${attempt} failed (${errorMessage(error)}); retrying in ${Math.round(delay / 100) / 10}s`);
      try {
        await sleep(delay, session.options.signal);
      } catch {
        session.interrupt();
        return { kind: 'interrupted' };
      }
    }
  }
}

/**
 * Asks a write action whether its effect already happened (after a crash, an interrupt or a
 * failed attempt). Done: the step is recorded as succeeded without acting again. Not done: the
 * caller may act. Cannot tell: the step fails, because acting blindly could do it twice.
 */
export async function reconcileStep(session: RunSession, step: PlannedStep, action: ActionDefinition, resolved: ResolvedInput, ui: StepUi): Promise<StepResult | 'not-done'> {
  const startedAt = Date.now();
  const attempt = session.step(step.id).attempts;
  const cannotTell = (why: string): Promise<StepResult> =>
    recordFailure(session, step, action, new ActionError(`cannot tell whether step ${step.id} (${action.name}) already happened: ${why}`, { hint: 'Check the account by hand, then run `kit resume` again.' }), { attempt, willRetry: false, retryable: false, startedAt });
  if (!action.reconcile) return cannotTell(`${action.name} cannot check the world`);
  await session.journal.append('step.reconciling', { stepId: step.id, uses: step.uses, ...instanceRef(step) });
  let seen;
  try {
    seen = await runBounded((signal) => action.reconcile!(actionContext(session, step, ui, signal), resolved.input), boundsOf(session, step));
  } catch (error) {
    if (isInterrupt(session, error)) return { kind: 'interrupted' };
    // The exchange did not answer the question: ask again on resume rather than give up on the step.
    if (isServiceUnavailable(error)) {
      session.stopForUnavailable(asUnavailable(error));
      return { kind: 'interrupted' };
    }
    return cannotTell(errorMessage(error));
  }
  await session.journal.append('step.reconciled', { stepId: step.id, uses: step.uses, done: seen.done, note: seen.note, ...instanceRef(step) });
  ui.output(seen.done ? `already done: ${seen.note}` : `not done yet: ${seen.note}`);
  if (seen.done) return recordSucceeded(session, step, action, seen.outputs, startedAt, true);
  session.reconciledThisRun.add(step.id);
  return 'not-done';
}
