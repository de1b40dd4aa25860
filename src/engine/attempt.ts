// One bounded attempt of an action call, and the retry policy around it. The timeout really
// aborts: the action's signal fires, and the attempt fails with a timeout error at that moment
// even if the action ignores the signal. Ctrl-C (the run's signal) ends an attempt the same way.
import { ActionError, type ActionDefinition } from '../actions/types.js';
import type { RetrySpec } from '../runbook/schema.js';
import { parseDuration } from '../runbook/duration.js';

export class StepTimeoutError extends ActionError {
  constructor(stepId: string, timeout: string) {
    super(`step ${stepId} timed out after ${timeout}`, { hint: 'Raise the step\'s `timeout`, or check why the exchange or service is slow.' });
    this.name = 'StepTimeoutError';
  }
}

export interface Bounds {
  stepId: string;
  /** The step's `timeout` (e.g. `60s`), if any. */
  timeout?: string;
  /** The run's signal: aborting it interrupts the attempt. */
  runSignal?: AbortSignal;
}

export async function runBounded<T>(work: (signal: AbortSignal) => Promise<T>, bounds: Bounds): Promise<T> {
  const controller = new AbortController();
  const cleanups: Array<() => void> = [];
  // Whichever ends the attempt first (timeout, interrupt) rejects `stop` BEFORE aborting the
  // action's signal, so the race below settles with our reason, not the action's reaction to it.
  const stop = new Promise<never>((_, reject) => {
    const end = (reason: unknown): void => {
      reject(reason);
      controller.abort(reason);
    };
    if (bounds.timeout) {
      const timer = setTimeout(() => end(new StepTimeoutError(bounds.stepId, bounds.timeout!)), parseDuration(bounds.timeout));
      cleanups.push(() => clearTimeout(timer));
    }
    const runSignal = bounds.runSignal;
    if (runSignal) {
      if (runSignal.aborted) end(runSignal.reason);
      const onAbort = (): void => end(runSignal.reason);
      runSignal.addEventListener('abort', onAbort, { once: true });
      cleanups.push(() => runSignal.removeEventListener('abort', onAbort));
    }
  });
  stop.catch(() => undefined);
  try {
    return await Promise.race([Promise.resolve().then(() => work(controller.signal)), stop]);
  } catch (error) {
    throw controller.signal.aborted ? controller.signal.reason : error;
  } finally {
    for (const cleanup of cleanups) cleanup();
  }
}

/** Only errors the action marks retryable are retried (ActionError.retryable or action.retryable()). */
export function isRetryable(action: ActionDefinition, error: unknown): boolean {
  if (error instanceof ActionError && error.retryable) return true;
  try {
    return Boolean(action.retryable?.(error));
  } catch {
    return false;
  }
}

const MAX_DELAY_MS = 10 * 60_000;

/** The pause before the next attempt, after `failures` failed ones (1, 2, ...). */
export function retryDelayMs(retry: RetrySpec, failures: number): number {
  const base = parseDuration(retry.delay);
  const factor = retry.backoff === 'fixed' ? 1 : retry.backoff === 'exponential' ? 2 : retry.backoff;
  return Math.min(MAX_DELAY_MS, base * factor ** Math.max(0, failures - 1));
}
