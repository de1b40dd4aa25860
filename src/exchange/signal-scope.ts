// Which step a request belongs to. A ccxt instance kept for the whole run serves one step after
// another (and steps side by side), so it cannot hold one step's abort signal: each request
// reads the signal of the step it was sent for, from the async context that step runs in.
import { AsyncLocalStorage } from 'node:async_hooks';

/** A fixed signal, or where to read it at the time of each request. */
export type SignalSource = AbortSignal | (() => AbortSignal | undefined);

const scope = new AsyncLocalStorage<AbortSignal>();

/** Runs `body` (and everything it starts) as the work of the step that `signal` aborts. */
export function withStepSignal<T>(signal: AbortSignal, body: () => Promise<T>): Promise<T> {
  return scope.run(signal, body);
}

/** The signal of the step the current code runs for, if it runs inside withStepSignal(). */
export function stepSignal(): AbortSignal | undefined {
  return scope.getStore();
}

/** The signal a source stands for right now. */
export function signalNow(source: SignalSource | undefined): AbortSignal | undefined {
  return typeof source === 'function' ? source() : source;
}
