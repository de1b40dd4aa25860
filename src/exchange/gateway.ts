// The gateway: the one way kit obtains a ccxt instance. Rate limiting on, a timeout, sandbox
// only where ccxt really has one, a base-URL override that reaches every `urls.api` entry,
// and ONE hook that every request passes (ccxt's instance `fetch`, which both implicit
// methods and `request()` reach through fetch2 -> sign -> fetch, with the final method and
// URL). That hook refuses mutating requests in a dry run, records an audit entry, lets pacers
// wait before a request and observe the response headers after it.
import { shareMarkets } from './market-cache.js';
import { fastConstructing, type ExchangeClass } from './construct.js';
import { AsyncLocalStorage } from 'node:async_hooks';
import { setMaxListeners } from 'node:events';
import type { Exchange } from 'ccxt';
import type { AuditSink } from '../audit/types.js';
import { InterruptedError, UsageError } from '../errors.js';
import type { Credentials } from '../secrets/types.js';
import { registerSecret } from '../secrets/redact.js';
import { createAuditSink } from '../audit/audit-log.js';
import { resolveKitHome } from '../util/kit-home.js';
import { explainError } from './classify.js';
import { DryRunViolation } from './errors.js';
import { keyFingerprint } from './fingerprint.js';
import { endpointOf, isMutatingRequest } from './mutating.js';
import { closeNames } from './names.js';
import { normaliseBaseUrl, rewriteApiUrls, type UrlTree } from './urls.js';
import { installRequestRetry, rememberFailedRequest } from './request-retry.js';
import { signalNow, type SignalSource } from './signal-scope.js';

/** The ccxt instance type, for modules outside exchange/ (which never import ccxt themselves). */
export type ExchangeInstance = Exchange;

export interface ConnectOptions {
  /** Replaces scheme+host of every `urls.api` entry (the simulator, a proxy). */
  baseUrl?: string;
  /** Use the exchange's testnet; refused where ccxt has none. */
  sandbox?: boolean;
  /** Per-request timeout (ms); default 10 000. */
  timeoutMs?: number;
  dryRun: boolean;
  /** Where audit records go; default the audit log under $KIT_HOME/audit/ (src/audit: daily files, size caps, 90-day retention). */
  audit?: AuditSink;
  kitHome?: string;
  /**
   * Aborts waiting and in-flight requests (the caller's step timeout or Ctrl-C). A function
   * for an instance that serves several steps: read at each request (signal-scope.ts).
   */
  signal?: SignalSource;
  incidentId?: string;
  /**
   * Send a read again after a transient failure, and any request refused for its timestamp or
   * the request rate (request-retry.ts); default true. `clock`: only resynchronise the clock,
   * where one request must stay one answer (a dead-key probe, which polls on its own); false: never.
   */
  requestRetry?: boolean | 'clock';
  /** Extra ccxt `options` merged into the instance (e.g. `{ fetchMarkets: ['spot'] }`). */
  ccxtOptions?: Record<string, unknown>;
}

export interface RequestInfo {
  method: string;
  url: string;
  /** Path without query string. */
  endpoint: string;
  mutating: boolean;
}

export interface ResponseInfo extends RequestInfo {
  status?: number;
  /** Response headers, names lower-cased. */
  headers: Record<string, string>;
  /** Raw response body (observers read e.g. Binance's declared rate limits from exchangeInfo). */
  body?: string;
  durationMs: number;
  error?: unknown;
}

export interface GatewayState {
  exchangeId: string;
  account: string;
  keyFingerprint?: string;
  dryRun: boolean;
  /** Awaited before each request is sent (pacers). */
  beforeRequest: Array<(request: RequestInfo) => Promise<void> | void>;
  /** Called after each response or failure (pacers, counters). */
  afterResponse: Array<(response: ResponseInfo) => void>;
  requests: number;
}

const states = new WeakMap<object, GatewayState>();

/** The gateway state of an instance made by connect(); undefined for any other object. */
export function gatewayOf(exchange: object): GatewayState | undefined {
  return states.get(exchange);
}

type CcxtModule = typeof import('ccxt');
let ccxtModule: Promise<CcxtModule> | undefined;
/** ccxt is loaded on first use only, so commands that never talk to an exchange start fast. */
export function loadCcxt(): Promise<CcxtModule> {
  ccxtModule ??= import('ccxt').then((m) => ((m as unknown as { default?: CcxtModule }).default ?? m));
  return ccxtModule;
}

/** ccxt ids (its `exchanges` is an array at run time, typed as a map). */
export async function knownExchangeIds(): Promise<string[]> {
  const list = (await loadCcxt()).exchanges as unknown;
  return Array.isArray(list) ? (list as string[]) : Object.keys(list as object);
}

/** The ccxt id for `exchangeId`, or a UsageError listing close names. */
export async function checkExchangeId(exchangeId: string): Promise<string> {
  const known = await knownExchangeIds();
  const id = exchangeId.trim().toLowerCase();
  if (known.includes(id)) return id;
  const close = closeNames(id, known);
  throw new UsageError(`unknown exchange "${exchangeId}"`, {
    hint: close.length ? `Did you mean ${close.join(', ')}? Run \`kit exchanges\` for the list kit supports.` : 'Run `kit exchanges` for the list kit supports (ids are ccxt ids, e.g. binance, bybit, okx).',
    details: { exchange: exchangeId, suggestions: close },
  });
}

export async function connect(exchangeId: string, account: string, credentials: Credentials | undefined, options: ConnectOptions): Promise<Exchange> {
  const ccxt = await loadCcxt();
  const id = await checkExchangeId(exchangeId);
  const baseOrigin = options.baseUrl !== undefined ? normaliseBaseUrl(options.baseUrl) : undefined;
  if (credentials) {
    registerSecret(credentials.apiKey);
    registerSecret(credentials.secret);
    registerSecret(credentials.password);
  }
  const ExchangeClass = fastConstructing((ccxt as unknown as Record<string, ExchangeClass>)[id]);
  const exchange = new ExchangeClass({
    enableRateLimit: true,
    // Pace by the exchange's real window rather than ccxt's default leaky bucket, which spaces
    // every call by cost x rateLimit (an 80-weight Binance call then blocks the next one for
    // 800 ms). The rolling window allows what the exchange allows per window (Binance 6000
    // weight a minute), so containment sends its few calls at once. Exchanges that declare no
    // window (rollingWindowSize 0) keep the leaky bucket: ccxt falls back by itself.
    rateLimiterAlgorithm: 'rollingWindow',
    timeout: options.timeoutMs ?? 10_000,
    ...(credentials ? { apiKey: credentials.apiKey, secret: credentials.secret, password: credentials.password, uid: credentials.uid } : {}),
    // The exchange's clock, not ours, decides whether a signed request is fresh: learn the offset
    // when markets load (and again when a request is refused for its timestamp: request-retry.ts).
    options: { adjustForTimeDifference: true, ...(options.ccxtOptions ?? {}) },
  });
  if (options.sandbox) enableSandbox(exchange, id);
  if (baseOrigin) exchange.urls.api = rewriteApiUrls(exchange.urls.api as UrlTree, baseOrigin) as typeof exchange.urls.api;
  const state: GatewayState = {
    exchangeId: id,
    account,
    keyFingerprint: keyFingerprint(credentials?.apiKey),
    dryRun: options.dryRun,
    beforeRequest: [],
    afterResponse: [],
    requests: 0,
  };
  states.set(exchange, state);
  shareMarkets(exchange, `${id}|${baseOrigin ?? 'default'}|${options.sandbox ? 'sandbox' : 'live'}`);
  installRequestHook(exchange, state, options.audit ?? createAuditSink(resolveKitHome(options.kitHome)), options);
  installPacingBeforeSigning(exchange, state, options.signal);
  if (options.requestRetry !== false) installRequestRetry(exchange, options.signal, options.requestRetry === 'clock' ? 'clock' : 'all');
  // Every request in flight listens to the step's signal: a sweep of many symbols is not a leak.
  if (options.signal instanceof AbortSignal) setMaxListeners(0, options.signal);
  return exchange;
}

function enableSandbox(exchange: Exchange, id: string): void {
  const test = (exchange.urls as { test?: unknown }).test;
  // ccxt 4.5.84 does not refuse setSandboxMode on exchanges without a testnet: it empties
  // urls.api and every later call fails obscurely (notes §A6). Check first.
  if (exchange.has.sandbox === true || Boolean(test)) {
    exchange.setSandboxMode(true);
    return;
  }
  throw new UsageError(`${id} has no sandbox (testnet) that ccxt can use`, {
    hint: 'Drop --sandbox, or point kit at the simulator with a base URL (kit sim). Exchanges with a testnet: binance, bybit, okx, ...',
    details: { exchange: id },
  });
}

interface InFlight {
  status?: number;
  headers: Record<string, string>;
  body?: string;
}

const inFlight = new AsyncLocalStorage<InFlight>();
/** Set while fetch2 runs a request its pacers already let through (fetch must not wait again). */
const pacedCall = new AsyncLocalStorage<{ fetched: boolean }>();

function lowerCaseKeys(headers: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) out[k.toLowerCase()] = String(v);
  return out;
}

/** Signatures travel in URLs (Binance); they are not secrets for long, but never leave kit. */
export function scrubSignatures(text: string): string {
  return text.replace(/([?&](?:signature|sign)=)[^&\s"]+/gi, '$1[REDACTED]');
}

/**
 * An audit record that cannot be written (a full disk) must not turn the exchange's answer into
 * a failure: a write that reached the exchange would be reported as failed and never reconciled.
 * The failure is said once on stderr; the run's journal, on the same disk, stops the run.
 */
function auditOrWarn(sink: AuditSink): AuditSink {
  let warned = false;
  return (record) => {
    try {
      sink(record);
    } catch (error) {
      if (warned) return;
      warned = true;
      process.stderr.write(`kit: warning: cannot write the audit log: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  };
}

function installRequestHook(exchange: Exchange, state: GatewayState, sink: AuditSink, options: ConnectOptions): void {
  const target = exchange as unknown as {
    fetch: (url: string, method?: string, headers?: unknown, body?: unknown) => Promise<unknown>;
    onRestResponse: (status: number, statusText: string, url: string, method: string, responseHeaders: Record<string, unknown>, responseBody: string, ...rest: unknown[]) => string;
  };
  const originalFetch = target.fetch.bind(exchange);
  const originalOnRestResponse = target.onRestResponse.bind(exchange);
  target.onRestResponse = (status, statusText, url, method, responseHeaders, responseBody, ...rest) => {
    const current = inFlight.getStore();
    if (current) {
      current.status = status;
      current.headers = lowerCaseKeys(responseHeaders);
      current.body = responseBody;
    }
    return originalOnRestResponse(status, statusText, url, method, responseHeaders, responseBody, ...rest);
  };
  const base = { exchange: state.exchangeId, account: state.account, keyFingerprint: state.keyFingerprint, incidentId: options.incidentId, dryRun: state.dryRun };
  const audit = auditOrWarn(sink);
  target.fetch = async (url, method = 'GET', headers, body) => {
    const request: RequestInfo = { method: method.toUpperCase(), url, endpoint: endpointOf(url), mutating: isMutatingRequest(state.exchangeId, method, url) };
    if (state.dryRun && request.mutating) {
      const refusal = new DryRunViolation(state.exchangeId, state.account, request.method, request.endpoint);
      audit({ ...base, type: 'api', endpoint: request.endpoint, method: request.method, mutating: true, durationMs: 0, errorClass: 'DryRunViolation', errorKind: 'local' });
      throw refusal;
    }
    const signal = signalNow(options.signal);
    const paced = pacedCall.getStore();
    if (paced) paced.fetched = true;
    else await waitForPacers(state, request, signal);
    const record: InFlight = { headers: {} };
    const started = performance.now();
    state.requests++;
    try {
      const response = await inFlight.run(record, () => raceAbort(originalFetch(url, method, headers, body), signal));
      const durationMs = Math.round(performance.now() - started);
      audit({ ...base, type: 'api', endpoint: request.endpoint, method: request.method, status: record.status, durationMs, mutating: request.mutating });
      for (const observe of state.afterResponse) observe({ ...request, status: record.status, headers: record.headers, body: record.body, durationMs });
      return response;
    } catch (error) {
      const durationMs = Math.round(performance.now() - started);
      const explained = explainError(error, { exchange: state.exchangeId });
      audit({ ...base, type: 'api', endpoint: request.endpoint, method: request.method, status: record.status, durationMs, mutating: request.mutating, errorClass: explained.errorClass, errorKind: explained.kind });
      for (const observe of state.afterResponse) observe({ ...request, status: record.status, headers: record.headers, body: record.body, durationMs, error });
      if (error instanceof Error) error.message = scrubSignatures(error.message);
      rememberFailedRequest(error, request);
      throw error;
    }
  };
}

async function waitForPacers(state: GatewayState, request: RequestInfo, signal: AbortSignal | undefined): Promise<void> {
  throwIfAborted(signal);
  for (const wait of state.beforeRequest) await wait(request);
  throwIfAborted(signal);
}

/**
 * Pacers wait before ccxt signs the request, where ccxt's own throttle waits: a request signed
 * first and then held for the next rate-limit window would reach the exchange with a stale
 * timestamp (Binance -1021, outside recvWindow) and be refused. The request is signed once to
 * learn what it is (endpoint and weight), then fetch2 signs it afresh once the pacers let it go.
 */
function installPacingBeforeSigning(exchange: Exchange, state: GatewayState, signalSource: SignalSource | undefined): void {
  const target = exchange as unknown as {
    fetch2: (path: unknown, api?: unknown, method?: string, params?: unknown, headers?: unknown, body?: unknown, config?: unknown) => Promise<unknown>;
    sign: (path: unknown, api: unknown, method: string, params: unknown, headers: unknown, body: unknown) => { url: string; method: string };
  };
  const originalFetch2 = target.fetch2.bind(exchange);
  target.fetch2 = async (path, api = 'public', method = 'GET', params = {}, headers = undefined, body = undefined, config = {}) => {
    const call = (): Promise<unknown> => originalFetch2(path, api, method, params, headers, body, config);
    if (state.beforeRequest.length === 0) return call();
    let request: RequestInfo;
    try {
      const signed = target.sign.call(exchange, path, api, method, params, headers, body);
      request = { method: signed.method.toUpperCase(), url: signed.url, endpoint: endpointOf(signed.url), mutating: isMutatingRequest(state.exchangeId, signed.method, signed.url) };
    } catch {
      return call(); // it cannot be signed (no credentials): fetch2 throws the same, unpaced
    }
    // A dry run refuses this one in fetch, before any pacer would count it.
    if (state.dryRun && request.mutating) return call();
    await waitForPacers(state, request, signalNow(signalSource));
    const paced = { fetched: false };
    try {
      return await pacedCall.run(paced, call);
    } catch (error) {
      // Let go what the pacers hold for a request that never reached fetch.
      if (!paced.fetched) for (const observe of state.afterResponse) observe({ ...request, headers: {}, durationMs: 0, error });
      throw error;
    }
  };
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new InterruptedError('interrupted: the exchange request was cancelled', { hint: 'Resume the incident to continue where it stopped.' });
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new InterruptedError('interrupted: the exchange request was cancelled', { hint: 'Resume the incident to continue where it stopped.' }));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
