// Proving a key dead. Each attempt builds a FRESH ccxt instance holding only this key (a reused
// Binance instance turns -2015 into DDoSProtection after one success, notes §A1) and makes the
// exchange's cheapest authenticated call. Dead only on an authentication-class answer about
// this key; transient answers are inconclusive; success means alive. Attempts repeat until
// dead or the deadline, because deletion does not propagate instantly everywhere.
import type { AuditSink } from '../audit/types.js';
import { InterruptedError, UsageError } from '../errors.js';
import type { Credentials } from '../secrets/types.js';
import { explainError, type ErrorKind } from './classify.js';
import { systemClock, type Clock } from './clock.js';
import { MissingCredentialsError } from './errors.js';
import { connect } from './gateway.js';
import { keyOperationsFor } from './keys/index.js';

export interface VerifyDeadOptions {
  baseUrl?: string;
  sandbox?: boolean;
  timeoutMs?: number;
  audit?: AuditSink;
  kitHome?: string;
  incidentId?: string;
  signal?: AbortSignal;
  /** Give up (not dead) after this long; default 60 s. */
  deadlineMs?: number;
  /** Pause between attempts; default 5 s. */
  intervalMs?: number;
  clock?: Clock;
  onAttempt?(attempt: DeadAttempt): void;
}

export interface DeadAttempt {
  n: number;
  at: string;
  endpoint: string;
  /** `alive` when the call succeeded; otherwise the classification of the answer. */
  answer: 'alive' | ErrorKind;
  code?: string;
  errorClass?: string;
  reason: string;
}

export type DeadVerdictKind = 'dead' | 'alive' | 'restricted' | 'inconclusive';

export interface DeadVerdict {
  dead: boolean;
  verdict: DeadVerdictKind;
  attempts: number;
  /** How kit knows: the attempt that decided (or the last one). */
  how: DeadAttempt & { caveat?: string };
  history: DeadAttempt[];
}

const CAVEATS: Record<string, Record<string, string>> = {
  binance: { '-2015': 'Binance answers -2015 for a deleted key and also for an IP or permission block; confirm on the API-management page that the key is gone.' },
};

export async function verifyDead(exchangeId: string, account: string, credentials: Credentials | undefined, options: VerifyDeadOptions = {}): Promise<DeadVerdict> {
  const ops = keyOperationsFor(exchangeId);
  if (!ops) throw new UsageError(`kit cannot check keys on ${exchangeId} through its API`, { hint: 'Run `kit exchanges` to see which exchanges kit can verify.' });
  if (!credentials?.apiKey || !credentials.secret) {
    throw new MissingCredentialsError(`no stored key for ${exchangeId}/${account} to verify`, { hint: 'verify-dead needs the old key (kept in the credential store) to ask the exchange about it.' });
  }
  const clock = options.clock ?? systemClock;
  const deadline = clock.now() + (options.deadlineMs ?? 60_000);
  const interval = options.intervalMs ?? 5_000;
  const history: DeadAttempt[] = [];
  for (let n = 1; ; n++) {
    const attempt = await probeOnce(n, exchangeId, account, credentials, ops.probe, options, clock);
    history.push(attempt);
    options.onAttempt?.(attempt);
    if (attempt.answer === 'local') throw new MissingCredentialsError(`could not ask ${exchangeId} about the key: ${attempt.reason}`);
    if (attempt.answer === 'dead') return verdictOf('dead', attempt, history, exchangeId);
    if (clock.now() + interval > deadline) {
      const kind: DeadVerdictKind = attempt.answer === 'alive' ? 'alive' : attempt.answer === 'restricted' ? 'restricted' : 'inconclusive';
      return verdictOf(kind, attempt, history, exchangeId);
    }
    await clock.sleep(interval, options.signal);
  }
}

function verdictOf(verdict: DeadVerdictKind, attempt: DeadAttempt, history: DeadAttempt[], exchangeId: string): DeadVerdict {
  const caveat = attempt.code ? CAVEATS[exchangeId]?.[attempt.code] : undefined;
  return { dead: verdict === 'dead', verdict, attempts: history.length, how: caveat ? { ...attempt, caveat } : attempt, history };
}

async function probeOnce(n: number, exchangeId: string, account: string, credentials: Credentials, probe: { endpoint: string; call: (ex: import('ccxt').Exchange) => Promise<unknown> }, options: VerifyDeadOptions, clock: Clock): Promise<DeadAttempt> {
  // A probe only reads: run it with the dry-run guard on, whatever the run mode.
  const exchange = await connect(exchangeId, account, credentials, {
    baseUrl: options.baseUrl,
    sandbox: options.sandbox,
    timeoutMs: options.timeoutMs,
    dryRun: true,
    audit: options.audit,
    kitHome: options.kitHome,
    signal: options.signal,
    incidentId: options.incidentId,
    // One probe, one answer: this loop polls by itself (but a clock off from the exchange's is fixed).
    requestRetry: 'clock',
  });
  const at = new Date(clock.now()).toISOString();
  try {
    await probe.call(exchange);
    return { n, at, endpoint: probe.endpoint, answer: 'alive', reason: `${probe.endpoint} succeeded: the key still works` };
  } catch (error) {
    if (error instanceof InterruptedError) throw error;
    const explained = explainError(error, { exchange: exchangeId });
    return { n, at, endpoint: probe.endpoint, answer: explained.kind, code: explained.code, errorClass: explained.errorClass, reason: explained.reason };
  }
}
