// Time as a dependency, so pacing and deadlines are testable with a fake clock.
import { InterruptedError } from '../errors.js';

export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(new InterruptedError('interrupted while waiting'));
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, Math.max(0, ms));
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(new InterruptedError('interrupted while waiting'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};
