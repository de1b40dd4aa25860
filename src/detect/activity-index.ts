// The one pass that prepares a bundle for the rules: records split into baseline and window,
// sorted by time, grouped by symbol, candles keyed by time. Every rule reads this index, so the
// analysis touches each record a small, fixed number of times (linear in the bundle's size).
import { marketParts } from './symbols.js';
import { mergeConfig, resolveThresholds } from './thresholds.js';
import type { ActivityBundle, BundleConfig, BundleOrder, BundleTrade, BundleTransfer, Candle, DetectionThresholds } from './types.js';

export interface Split<T> {
  baseline: T[];
  window: T[];
}

export interface SymbolActivity {
  symbol: string;
  base: string;
  quote: string;
  trades: Split<BundleTrade>;
  orders: Split<BundleOrder>;
}

export interface CandleSeries {
  candles: Candle[];
  /** Candle length in ms (the smallest spacing seen). */
  timeframe: number;
  /** Candle start -> index. */
  byStart: Map<number, number>;
}

export interface ActivityIndex {
  bundle: ActivityBundle;
  config: BundleConfig;
  thresholds: DetectionThresholds;
  windowStart: number;
  trades: Split<BundleTrade>;
  orders: Split<BundleOrder>;
  withdrawals: Split<BundleTransfer>;
  deposits: Split<BundleTransfer>;
  symbols: Map<string, SymbolActivity>;
  candles: Map<string, CandleSeries>;
  orderById: Map<string, BundleOrder>;
  /** Symbols and assets the account traded or ordered in the baseline. */
  baselineSymbols: Set<string>;
  baselineAssets: Set<string>;
  /** Things the rules could not check, for the reader. */
  notes: string[];
}

const byTime = (a: { timestamp: number }, b: { timestamp: number }): number => a.timestamp - b.timestamp;

function sortedByTime<T extends { timestamp: number }>(list: T[]): T[] {
  for (let i = 1; i < list.length; i++) if (list[i - 1].timestamp > list[i].timestamp) return list.sort(byTime);
  return list;
}

function split<T extends { timestamp: number }>(records: readonly T[], windowStart: number): Split<T> {
  const out: Split<T> = { baseline: [], window: [] };
  for (const r of records) (r.timestamp < windowStart ? out.baseline : out.window).push(r);
  out.baseline = sortedByTime(out.baseline);
  out.window = sortedByTime(out.window);
  return out;
}

export function buildIndex(bundle: ActivityBundle, configOverride?: BundleConfig): ActivityIndex {
  const config = mergeConfig(bundle.config, configOverride);
  const windowStart = bundle.window.since;
  const trades = split(bundle.trades, windowStart);
  const orders = split(bundle.orders, windowStart);
  const symbols = new Map<string, SymbolActivity>();
  const symbolOf = (symbol: string): SymbolActivity => {
    let s = symbols.get(symbol);
    if (!s) {
      s = { symbol, ...marketParts(symbol), trades: { baseline: [], window: [] }, orders: { baseline: [], window: [] } };
      symbols.set(symbol, s);
    }
    return s;
  };
  // Pushing in global time order keeps every per-symbol list sorted too.
  for (const t of trades.baseline) symbolOf(t.symbol).trades.baseline.push(t);
  for (const t of trades.window) symbolOf(t.symbol).trades.window.push(t);
  for (const o of orders.baseline) symbolOf(o.symbol).orders.baseline.push(o);
  for (const o of orders.window) symbolOf(o.symbol).orders.window.push(o);

  const baselineSymbols = new Set<string>();
  const baselineAssets = new Set<string>();
  for (const s of symbols.values()) {
    if (s.trades.baseline.length > 0 || s.orders.baseline.some((o) => (o.filled ?? 0) > 0 || o.status === 'closed')) {
      baselineSymbols.add(s.symbol);
      baselineAssets.add(s.base).add(s.quote);
    }
  }
  const orderById = new Map<string, BundleOrder>();
  for (const o of bundle.orders) orderById.set(o.id, o);

  return {
    bundle,
    config,
    thresholds: resolveThresholds(config),
    windowStart,
    trades,
    orders,
    withdrawals: split(bundle.withdrawals, windowStart),
    deposits: split(bundle.deposits, windowStart),
    symbols,
    candles: indexCandles(bundle.ohlcv ?? {}),
    orderById,
    baselineSymbols,
    baselineAssets,
    notes: [],
  };
}

function indexCandles(ohlcv: Record<string, Candle[]>): Map<string, CandleSeries> {
  const out = new Map<string, CandleSeries>();
  for (const [symbol, raw] of Object.entries(ohlcv)) {
    if (raw.length === 0) continue;
    const candles = raw.every((c, i) => i === 0 || raw[i - 1][0] < c[0]) ? raw : [...raw].sort((a, b) => a[0] - b[0]);
    let timeframe = Infinity;
    const byStart = new Map<number, number>();
    candles.forEach((c, i) => {
      byStart.set(c[0], i);
      if (i > 0 && c[0] - candles[i - 1][0] > 0) timeframe = Math.min(timeframe, c[0] - candles[i - 1][0]);
    });
    out.set(symbol, { candles, timeframe: Number.isFinite(timeframe) ? timeframe : 60_000, byStart });
  }
  return out;
}

/** Start of the candle containing `ts`. */
export function candleStart(series: CandleSeries, ts: number): number {
  return ts - (((ts % series.timeframe) + series.timeframe) % series.timeframe);
}

/** Index of the last candle starting strictly before `ts`, or -1. */
export function lastCandleBefore(series: CandleSeries, ts: number): number {
  let lo = 0;
  let hi = series.candles.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (series.candles[mid][0] < ts) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/** The fill's value in its quote currency. */
export function tradeCost(t: BundleTrade): number {
  return t.cost ?? t.price * t.amount;
}

/** The order type behind a fill: the trade's own, or its order's. */
export function tradeType(index: ActivityIndex, t: BundleTrade): string | undefined {
  if (t.type) return t.type;
  return t.order ? index.orderById.get(t.order)?.type : undefined;
}
