// Riding out a flaky exchange, request by request, below every action: a read that meets a
// transient failure (a 5xx, a dropped connection, a timeout, a rate-limit answer) is sent again,
// signed afresh, after a short backoff; a request refused for its timestamp (the local clock is
// off from the exchange's) resynchronises the clock and is sent again, write or read, since the
// exchange refused it unprocessed; so is a write refused for the request rate (429). A write that
// fails otherwise (a 5xx, no answer: it may have been carried out) is never resent here: the
// engine's step retry reconciles with the exchange before any second attempt.
import type { Exchange } from 'ccxt';
import { InterruptedError } from '../errors.js';
import { explainError } from './classify.js';
import type { RequestInfo } from './gateway.js';
import { signalNow, type SignalSource } from './signal-scope.js';

const READ_ATTEMPTS = 5;
const CLOCK_RESYNCS = 2;

/** The request each failed fetch was, so the retry above fetch2 knows whether it was a write. */
const failedRequests = new WeakMap<object, RequestInfo>();

export function rememberFailedRequest(error: unknown, request: RequestInfo): void {
  if (typeof error === 'object' && error !== null) failedRequests.set(error, request);
}

/** A timestamp refused as outside the exchange's receive window. */
export function isClockError(error: unknown, exchangeId: string): boolean {
  const name = error instanceof Error ? error.constructor.name : '';
  if (name === 'InvalidNonce') return true;
  const explained = explainError(error, { exchange: exchangeId });
  return explained.kind === 'transient' && /recv_?window|timestamp/i.test(explained.reason);
}

/** ccxt's network-level failures: no answer, a 5xx, a timeout, a rate-limit answer. */
function isNetworkFailure(error: unknown): boolean {
  for (let proto = error instanceof Error ? Object.getPrototypeOf(error) : null; proto && proto !== Error.prototype; proto = Object.getPrototypeOf(proto)) {
    if ((proto as { constructor: { name: string } }).constructor.name === 'NetworkError') return true;
  }
  return false;
}

/** The exchange refused the request for the request rate (429, Bybit 10006): it did nothing. */
function isRateLimitRefusal(error: unknown): boolean {
  return error instanceof Error && /RateLimitExceeded|DDoSProtection/.test(error.constructor.name);
}

function backoffMs(attempt: number, error: unknown): number {
  const rateLimited = isRateLimitRefusal(error);
  return Math.min(rateLimited ? 5_000 : 3_000, (rateLimited ? 1_000 : 200) * 2 ** (attempt - 1));
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const interrupted = (): InterruptedError => new InterruptedError('interrupted: the exchange request was cancelled', { hint: 'Resume the incident to continue where it stopped.' });
    if (signal?.aborted) return reject(interrupted());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(interrupted());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function installRequestRetry(exchange: Exchange, signalSource: SignalSource | undefined, scope: 'all' | 'clock' = 'all'): void {
  const target = exchange as unknown as { fetch2: (...args: unknown[]) => Promise<unknown>; loadTimeDifference: () => Promise<unknown> };
  const originalFetch2 = target.fetch2.bind(exchange);
  target.fetch2 = async (...args: unknown[]) => {
    let resyncs = 0;
    const signal = signalNow(signalSource);
    for (let attempt = 1; ; attempt++) {
      try {
        return await originalFetch2(...args);
      } catch (error) {
        const request = typeof error === 'object' && error !== null ? failedRequests.get(error) : undefined;
        // Only what the exchange says is passing (never a dead or restricted key) is worth another try.
        if (!request || signal?.aborted || explainError(error, { exchange: exchange.id }).kind !== 'transient') throw error;
        if (isClockError(error, exchange.id) && resyncs < CLOCK_RESYNCS) {
          resyncs++;
          await target.loadTimeDifference();
          continue;
        }
        if (scope === 'clock') throw error;
        // A rate-limit refusal was not carried out, so even a write may be sent again.
        const resend = request.mutating ? isRateLimitRefusal(error) : isNetworkFailure(error);
        if (!resend || attempt >= READ_ATTEMPTS) throw error;
        await sleep(backoffMs(attempt, error), signal);
      }
    }
  };
}
