// Running sweep work: transient failures are retried (the pacer already waits out 429s),
// a dead key stops the sweep, anything else becomes a gap in the bundle.
import { explainError } from '../classify.js';
import type { Clock } from '../clock.js';
import { InterruptedError } from '../../errors.js';
import { isStorageFailure } from '../../util/storage-failure.js';

export class SweepAborted extends Error {}

/**
 * Errors that stop the whole sweep (a dead key, an interruption, a disk that refuses the
 * evidence) rather than leave a gap: a gap for a full disk would hide records the exchange did
 * send, and the sweep resumes from its checkpoint once the disk is fixed.
 */
export function isFatal(error: unknown): boolean {
  return error instanceof SweepAborted || error instanceof InterruptedError || isStorageFailure(error);
}

export async function withRetries<T>(exchangeId: string, clock: Clock, signal: AbortSignal | undefined, call: () => Promise<T>, attempts = 6): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw new InterruptedError('interrupted: the sweep stopped; resume to continue where it stopped');
    try {
      return await call();
    } catch (error) {
      if (error instanceof InterruptedError) throw error;
      const explained = explainError(error, { exchange: exchangeId });
      if (explained.kind === 'dead') throw new SweepAborted(`the exchange refused the key (${explained.reason}); the sweep stopped`, { cause: error });
      if (explained.kind !== 'transient' || attempt >= attempts) throw error;
      await clock.sleep(Math.min(30_000, 250 * 2 ** attempt), signal);
    }
  }
}

/** Runs tasks with at most `concurrency` at once, in the given order. */
export async function runPool(tasks: Array<() => Promise<void>>, concurrency: number): Promise<void> {
  let next = 0;
  let failure: unknown;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < tasks.length) {
      const task = tasks[next++];
      try {
        await task();
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, tasks.length)) }, worker));
  if (failure !== undefined) throw failure;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? `${error.constructor.name}: ${error.message}`.slice(0, 300) : String(error);
}
