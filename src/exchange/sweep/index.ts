// The activity sweep: trades, orders, deposits and withdrawals (and ledger where the exchange
// has it) from `since` (minus the baseline) to now, complete, streamed to the evidence folder,
// resumable, paced by the exchange's real limits; then ONE activity bundle.
import type { Exchange } from 'ccxt';
import type { Candle } from '../../detect/types.js';
import { UsageError } from '../../errors.js';
import { systemClock } from '../clock.js';
import { gatewayOf } from '../gateway.js';
import { implicit } from '../keys/types.js';
import { BinanceSweep } from './binance.js';
import { BinanceFuturesSweep } from './binance-futures.js';
import { writeBundle } from './bundle.js';
import { BybitSweep } from './bybit.js';
import { recordUnswept } from './coverage.js';
import { keyPermissions } from '../products.js';
import { BINANCE_DEFAULT_BUCKETS, BYBIT_DEFAULT_BUCKETS, binanceWeights, installBinancePacing, installBybitPacing, type PacingHandle } from './limits.js';
import { Pacer } from './pacer.js';
import { errorText, isFatal, withRetries } from './runner.js';
import { SweepStore, type RecordKind } from './store.js';
import type { SweepEnv, SweepOptions, SweepProgress, SweepResult } from './types.js';

export type { SweepOptions, SweepProgress, SweepResult } from './types.js';

const MINUTE = 60_000;

export async function sweepActivity(exchange: Exchange, options: SweepOptions): Promise<SweepResult> {
  const clock = options.clock ?? systemClock;
  const started = clock.now();
  const gateway = gatewayOf(exchange);
  if (!gateway) throw new Error('sweepActivity needs an instance made by connect()');
  const until = options.until ?? clock.now();
  const from = options.since - (options.baselineMs ?? 0);
  if (!(from < until)) throw new UsageError(`nothing to sweep: the start (${new Date(from).toISOString()}) is not before the end (${new Date(until).toISOString()})`, { hint: 'Give a `since` in the past.' });
  const concurrency = options.pacing === 'ccxt' ? 1 : options.concurrency ?? 8;

  // Weight actually sent, whatever paces it (the bench compares both pacings).
  let weightUsed = 0;
  let rateLimited = 0;
  gateway.afterResponse.push((response) => {
    if (exchange.id === 'binance') weightUsed += binanceWeights(response).api ?? 0;
    else weightUsed += 1;
    if (response.status === 429 || response.status === 418) rateLimited++;
  });
  const requestsBefore = gateway.requests;
  // The span in which requests were made (the bundle is written after it).
  let firstRequestAt: number | undefined;
  let lastResponseAt: number | undefined;
  gateway.beforeRequest.unshift(() => {
    firstRequestAt ??= clock.now();
  });
  gateway.afterResponse.push(() => {
    lastResponseAt = clock.now();
  });

  let pacer: Pacer | undefined;
  let pacing: PacingHandle | undefined;
  if (options.pacing !== 'ccxt') {
    if (exchange.id === 'binance') {
      pacer = new Pacer(BINANCE_DEFAULT_BUCKETS, { clock, maxInFlight: concurrency });
      pacing = installBinancePacing(exchange, pacer, options.signal);
    } else if (exchange.id === 'bybit') {
      pacer = new Pacer(BYBIT_DEFAULT_BUCKETS, { clock, maxInFlight: concurrency });
      pacing = installBybitPacing(exchange, pacer, options.signal);
    }
  }

  // Reach the exchange before writing anything: a wrong base URL or a dead key leaves no files.
  await withRetries(exchange.id, clock, options.signal, () => exchange.loadMarkets(), 3);
  if (exchange.id === 'binance' && pacing && !pacing.declared) {
    // Markets were loaded before pacing was installed: ask for the declared limits once.
    await withRetries(exchange.id, clock, options.signal, () => implicit(exchange, 'publicGetExchangeInfo')(), 3);
  }
  const store = await SweepStore.open(options.evidenceDir, { exchange: options.exchange, account: options.account, from, until });
  const state: SweepProgress = { phase: 'context', symbolsDone: 0, symbolsTotal: 0, records: 0, requests: 0, weightUsed: 0 };
  const env: SweepEnv = {
    options,
    clock,
    pacer,
    progress(update) {
      Object.assign(state, update);
      state.records = (['trades', 'orders', 'deposits', 'withdrawals', 'ledger'] as RecordKind[]).reduce((n, k) => n + store.count(k), 0);
      state.requests = gateway.requests - requestsBefore;
      state.weightUsed = weightUsed;
      options.onProgress?.({ ...state });
    },
  };

  let balances: Record<string, number> | undefined;
  if (exchange.id === 'binance') {
    const sweep = new BinanceSweep(exchange, store, env);
    const context = await sweep.context();
    balances = context.balances;
    await sweep.transfers();
    const futures = new BinanceFuturesSweep(exchange, store, env);
    const perpetuals = futures.perpetuals().length > 0;
    // Spot and futures have separate limits: both run at once. A key Binance says may not trade
    // futures could not have used them (and every futures request would be refused); where the
    // permissions cannot be read, the futures requests are tried and a refusal becomes a gap.
    let futuresAllowed = false;
    if (perpetuals) {
      const permissions = await keyPermissions(exchange, (call) => withRetries(exchange.id, clock, options.signal, call))?.catch(() => undefined);
      futuresAllowed = permissions?.futures !== false;
    }
    // Both finish before a failure is passed on: nothing keeps writing after the sweep returned.
    const settled = await Promise.allSettled([sweep.symbols(await sweep.candidates(context), concurrency), futuresAllowed ? futures.run(concurrency) : undefined]);
    for (const outcome of settled) if (outcome.status === 'rejected') throw outcome.reason;
    await recordUnswept(exchange, store, env, { futures: perpetuals, margin: false });
  } else if (exchange.id === 'bybit') {
    const sweep = new BybitSweep(exchange, store, env);
    balances = await sweep.balances();
    await sweep.run(concurrency);
    // UTA margin trades are spot executions, which the sweep reads.
    await recordUnswept(exchange, store, env, { futures: sweep.contractCategories().length > 0, margin: true });
  } else {
    await genericSweep(exchange, store, env);
  }

  const windowSince = store.from + (options.baselineMs ?? 0);
  const ohlcv = options.ohlcv === false ? undefined : await candlesAroundWindow(exchange, store, env, windowSince);
  env.progress({ phase: 'bundle' });
  const { path } = await writeBundle(store, {
    exchange: options.exchange,
    account: options.account,
    // A resumed sweep keeps the range it started with.
    window: { since: windowSince, until: store.until },
    baseline: { since: store.from, until: windowSince },
    balances,
    ohlcv,
  });
  await store.markComplete();
  env.progress({ phase: 'done' });
  return {
    bundlePath: path,
    counts: { trades: store.count('trades'), orders: store.count('orders'), deposits: store.count('deposits'), withdrawals: store.count('withdrawals'), ledger: store.count('ledger') },
    gaps: store.gaps,
    symbols: { done: state.symbolsDone, total: state.symbolsTotal },
    requests: gateway.requests - requestsBefore,
    weightUsed,
    declaredLimit: pacing?.declared,
    rateLimited,
    requestSpanMs: firstRequestAt !== undefined && lastResponseAt !== undefined ? lastResponseAt - firstRequestAt : 0,
    resumed: store.resumed,
    durationMs: clock.now() - started,
  };
}

/** Exchanges without a dedicated sweep: ccxt's unified calls once each, and an honest gap. */
async function genericSweep(exchange: Exchange, store: SweepStore, env: SweepEnv): Promise<void> {
  const calls: Array<[RecordKind, () => Promise<unknown>]> = [
    ['trades', () => exchange.fetchMyTrades(undefined, store.from)],
    ['orders', () => exchange.fetchClosedOrders(undefined, store.from)],
    ['deposits', () => exchange.fetchDeposits(undefined, store.from)],
    ['withdrawals', () => exchange.fetchWithdrawals(undefined, store.from)],
  ];
  for (const [kind, call] of calls) {
    if (store.isDone(kind)) continue;
    try {
      await store.append(kind, (await withRetries(exchange.id, env.clock, env.options.signal, call)) as Array<{ id: string }>);
      await store.markDone(kind);
    } catch (error) {
      if (isFatal(error)) throw error;
      await store.addGap(kind, errorText(error));
    }
  }
  await store.addGap(`${exchange.id} completeness`, 'no page-by-page sweep for this exchange yet: one unified call per kind, later pages may be missing');
}

/** 1m candles around the window's trades (for judging fill prices), a few requests per symbol. */
async function candlesAroundWindow(exchange: Exchange, store: SweepStore, env: SweepEnv, since: number): Promise<Record<string, Candle[]> | undefined> {
  if (!exchange.has.fetchOHLCV) return undefined;
  const trades = (await store.read<{ symbol: string; timestamp: number }>('trades')).filter((t) => t.timestamp >= since);
  const spans = new Map<string, { first: number; last: number }>();
  for (const t of trades) {
    const span = spans.get(t.symbol) ?? { first: t.timestamp, last: t.timestamp };
    span.first = Math.min(span.first, t.timestamp);
    span.last = Math.max(span.last, t.timestamp);
    spans.set(t.symbol, span);
  }
  env.progress({ phase: 'ohlcv' });
  const out: Record<string, Candle[]> = {};
  for (const [symbol, span] of [...spans.entries()].slice(0, 30)) {
    const start = Math.floor((span.first - 30 * MINUTE) / MINUTE) * MINUTE;
    const end = Math.min(span.last + 30 * MINUTE, store.until);
    const candles: Candle[] = [];
    try {
      for (let t = start, calls = 0; t <= end && calls < 3; calls++) {
        const page = (await withRetries(exchange.id, env.clock, env.options.signal, () => exchange.fetchOHLCV(symbol, '1m', t, 1000, { until: end }))) as Candle[];
        candles.push(...page.map((c) => c.slice(0, 6).map(Number) as Candle));
        if (page.length < 1000) break;
        t = page[page.length - 1][0] + MINUTE;
      }
      out[symbol] = candles;
    } catch (error) {
      if (isFatal(error)) throw error;
      await store.addGap(`ohlcv ${symbol}`, errorText(error));
    }
  }
  return out;
}
