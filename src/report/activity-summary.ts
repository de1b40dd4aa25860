// The account activity as the report shows it. Large incidents stay readable: every flagged
// trade up to a cap, the largest trades, and per symbol/side/UTC-hour aggregates; the complete
// data stays in the evidence files the report names.
import type { ActivityLabel, BundleTrade, BundleTransfer } from '../detect/types.js';
import type { AccountInputs } from './activity-inputs.js';
import type { AggregateRow, Report, TradeRow, TransferRow } from './schema.js';

export const LIMITS = { flaggedTrades: 500, topTrades: 25, aggregates: 100, transfers: 200, timelineBuckets: 96 } as const;

const HOUR = 3_600_000;
const BUCKET_SIZES = [HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, 24 * HOUR, 7 * 24 * HOUR];

export type ActivitySummary = Pick<Report, 'trades' | 'transfers' | 'activityTimeline' | 'attackWindow' | 'findings'> & {
  /** Records without a usable time, symbol, price or amount: left out, and the report says so. */
  malformed: Array<{ bundlePath: string; trades: number; transfers: number }>;
};

const usableTrade = (t: BundleTrade): boolean =>
  typeof t === 'object' && t !== null && typeof t.symbol === 'string' && Number.isFinite(t.timestamp) && Number.isFinite(t.price) && Number.isFinite(t.amount);
const usableTransfer = (t: BundleTransfer): boolean =>
  typeof t === 'object' && t !== null && typeof t.currency === 'string' && Number.isFinite(t.timestamp) && Number.isFinite(t.amount);

/**
 * Converts a trade's cost into a common quote, when reference prices allow (else its cost as is),
 * so the largest trades across symbols can be compared. One rate per symbol, looked up once.
 */
function valuer(prices: Record<string, number> | undefined): (trade: BundleTrade) => number {
  const rates = new Map<string, number>();
  return (trade) => {
    let rate = rates.get(trade.symbol);
    if (rate === undefined) {
      const quote = trade.symbol.split('/')[1]?.split(':')[0];
      rate = (quote ? (prices?.[quote] ?? (/^(USDT?|USDC|BUSD|FDUSD|DAI)$/.test(quote) ? 1 : undefined)) : undefined) ?? 1;
      rates.set(trade.symbol, rate);
    }
    return (trade.cost ?? trade.price * trade.amount) * rate;
  };
}

/** Sums of floats carry noise (0.1 + 0.2); twelve significant digits is more than any exchange quotes. */
const tidy = (value: number): number => Number(value.toPrecision(12));

const str = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

function tradeRow(a: AccountInputs, t: BundleTrade, label: ActivityLabel, rules: string[]): TradeRow {
  return {
    exchange: a.exchange, account: a.account, id: String(t.id), time: new Date(t.timestamp).toISOString(), symbol: String(t.symbol), side: t.side === 'sell' ? 'sell' : 'buy',
    type: str(t.type), price: Number(t.price), amount: Number(t.amount), cost: t.cost ?? null, clientOrderId: str(t.clientOrderId), label, rules,
  };
}

function transferRow(a: AccountInputs, t: BundleTransfer, label: ActivityLabel): TransferRow {
  return {
    exchange: a.exchange, account: a.account, id: String(t.id), type: t.type === 'deposit' ? 'deposit' : 'withdrawal', time: new Date(t.timestamp).toISOString(),
    currency: String(t.currency), amount: Number(t.amount), address: str(t.address), network: str(t.network), status: str(t.status), label,
  };
}

export function summarizeActivity(accounts: readonly AccountInputs[]): ActivitySummary {
  const flagged: Array<{ row: TradeRow; ts: number }> = [];
  const top: Array<{ row: TradeRow; value: number }> = [];
  // Per account and side: symbol -> UTC hour -> totals, so no key string is built per trade.
  const groups: Array<Map<string, Map<number, AggregateRow>>> = [];
  const transfers: TransferRow[] = [];
  const findings: ActivitySummary['findings'] = [];
  const times: number[] = [];
  let total = 0;
  let windowFrom = Infinity;
  let windowTo = -Infinity;
  let attackFrom = Infinity;
  let attackTo = -Infinity;
  const flaggedTimes: number[] = [];
  const withdrawalTimes: number[] = [];
  const symbolsByTime: Array<{ ts: number; symbol: string }> = [];
  const malformed: ActivitySummary['malformed'] = [];

  for (const a of accounts) {
    const labels = a.findings?.labels;
    const rulesByTrade = new Map<string, string[]>();
    for (const f of a.findings?.findings ?? []) {
      if (typeof f !== 'object' || f === null) continue;
      for (const id of f.tradeIds ?? []) rulesByTrade.set(String(id), [...(rulesByTrade.get(String(id)) ?? []), f.rule]);
      findings.push({
        exchange: a.exchange, account: a.account, rule: String(f.rule), severity: f.severity, score: Number(f.score), signal: String(f.signal), sentence: String(f.sentence),
        from: typeof f.from === 'number' ? new Date(f.from).toISOString() : null, to: typeof f.to === 'number' ? new Date(f.to).toISOString() : null,
        trades: f.tradeIds?.length ?? 0, orders: f.orderIds?.length ?? 0, withdrawals: f.withdrawalIds?.length ?? 0,
      });
      if (typeof f.from === 'number') attackFrom = Math.min(attackFrom, f.from);
      if (typeof f.to === 'number') attackTo = Math.max(attackTo, f.to);
    }
    const bundle = a.bundle;
    if (!bundle) continue;
    windowFrom = Math.min(windowFrom, bundle.window.since);
    windowTo = Math.max(windowTo, bundle.window.until);
    const valueOf = valuer(bundle.referencePrices);
    const lanes = { buy: new Map<string, Map<number, AggregateRow>>(), sell: new Map<string, Map<number, AggregateRow>>() };
    groups.push(lanes.buy, lanes.sell);
    // Keep the largest trades with a bounded buffer: sort only when it doubles.
    let topFloor = -Infinity;
    let badTrades = 0;
    let badTransfers = 0;
    for (const t of bundle.trades) {
      if (!usableTrade(t)) {
        badTrades++;
        continue;
      }
      total++;
      const id = String(t.id);
      const label: ActivityLabel = labels?.trades?.[id] ?? 'normal';
      const isFlagged = label !== 'normal';
      times.push(t.timestamp);
      if (isFlagged) {
        flaggedTimes.push(t.timestamp);
        flagged.push({ row: tradeRow(a, t, label, rulesByTrade.get(id) ?? []), ts: t.timestamp });
        attackFrom = Math.min(attackFrom, t.timestamp);
        attackTo = Math.max(attackTo, t.timestamp);
        symbolsByTime.push({ ts: t.timestamp, symbol: String(t.symbol) });
      }
      const value = valueOf(t);
      if (value > topFloor) {
        top.push({ row: tradeRow(a, t, label, rulesByTrade.get(id) ?? []), value });
        if (top.length >= LIMITS.topTrades * 4) {
          top.sort((x, y) => y.value - x.value).length = LIMITS.topTrades;
          topFloor = top[top.length - 1].value;
        }
      }
      const hour = Math.floor(t.timestamp / HOUR) * HOUR;
      const side = t.side === 'sell' ? 'sell' : 'buy';
      let hours = lanes[side].get(t.symbol);
      if (!hours) lanes[side].set(t.symbol, (hours = new Map()));
      let g = hours.get(hour);
      if (!g) {
        g = { exchange: a.exchange, account: a.account, symbol: String(t.symbol), side, hour: new Date(hour).toISOString(), trades: 0, flagged: 0, amount: 0, cost: 0, avgPrice: 0 };
        hours.set(hour, g);
      }
      g.trades++;
      if (isFlagged) g.flagged++;
      g.amount += Number(t.amount);
      g.cost += t.cost ?? t.price * t.amount;
    }
    for (const w of [...(bundle.withdrawals ?? []), ...(bundle.deposits ?? [])]) {
      if (!usableTransfer(w)) {
        badTransfers++;
        continue;
      }
      const label: ActivityLabel = (w.type === 'withdrawal' ? labels?.withdrawals?.[String(w.id)] : undefined) ?? 'normal';
      transfers.push(transferRow(a, w, label));
      if (w.type === 'withdrawal') withdrawalTimes.push(w.timestamp);
      if (label !== 'normal') {
        attackFrom = Math.min(attackFrom, w.timestamp);
        attackTo = Math.max(attackTo, w.timestamp);
      }
    }
    if (badTrades + badTransfers > 0) malformed.push({ bundlePath: a.bundlePath ?? `${a.exchange}/${a.account}`, trades: badTrades, transfers: badTransfers });
  }

  flagged.sort((x, y) => x.ts - y.ts);
  top.sort((x, y) => y.value - x.value);
  const aggregates = groups.flatMap((bySymbol) => [...bySymbol.values()].flatMap((hours) => [...hours.values()]))
    .map((g) => ({ ...g, amount: tidy(g.amount), cost: tidy(g.cost), avgPrice: g.amount > 0 ? tidy(g.cost / g.amount) : 0 }))
    .sort((x, y) => y.flagged - x.flagged || y.trades - x.trades || x.hour.localeCompare(y.hour));
  transfers.sort((x, y) => Number(y.label !== 'normal') - Number(x.label !== 'normal') || x.time.localeCompare(y.time));
  const severityRank = { critical: 0, high: 1, medium: 2, low: 3 } as const;
  findings.sort((x, y) => (severityRank[x.severity] ?? 4) - (severityRank[y.severity] ?? 4) || y.score - x.score);

  return {
    malformed,
    findings,
    attackWindow: Number.isFinite(attackFrom) ? { from: new Date(attackFrom).toISOString(), to: new Date(attackTo).toISOString() } : null,
    trades: {
      total,
      flagged: { total: flagged.length, shown: Math.min(flagged.length, LIMITS.flaggedTrades), rows: flagged.slice(0, LIMITS.flaggedTrades).map((f) => f.row) },
      top: { total, shown: Math.min(top.length, LIMITS.topTrades), rows: top.slice(0, LIMITS.topTrades).map((t) => t.row) },
      aggregates: { total: aggregates.length, shown: Math.min(aggregates.length, LIMITS.aggregates), rows: aggregates.slice(0, LIMITS.aggregates) },
    },
    transfers: { total: transfers.length, shown: Math.min(transfers.length, LIMITS.transfers), rows: transfers.slice(0, LIMITS.transfers) },
    activityTimeline: activityTimeline(times, flaggedTimes, withdrawalTimes, symbolsByTime, windowFrom, windowTo),
  };
}

function activityTimeline(
  times: number[], flaggedTimes: number[], withdrawalTimes: number[], flaggedSymbols: Array<{ ts: number; symbol: string }>, windowFrom: number, windowTo: number,
): Report['activityTimeline'] {
  const all = [...times, ...withdrawalTimes];
  if (all.length === 0) return { bucketMs: HOUR, buckets: [], rows: [] };
  let min = Number.isFinite(windowFrom) ? windowFrom : Infinity;
  let max = Number.isFinite(windowTo) ? windowTo : -Infinity;
  for (const t of all) {
    if (t < min) min = t;
    if (t > max) max = t;
  }
  const span = Math.max(1, max - min);
  const bucketMs = BUCKET_SIZES.find((size) => span / size <= LIMITS.timelineBuckets) ?? BUCKET_SIZES[BUCKET_SIZES.length - 1];
  const buckets = new Map<number, { trades: number; flagged: number; withdrawals: number; symbols: Set<string> }>();
  const bucket = (t: number) => {
    const key = Math.floor(t / bucketMs) * bucketMs;
    let b = buckets.get(key);
    if (!b) buckets.set(key, (b = { trades: 0, flagged: 0, withdrawals: 0, symbols: new Set() }));
    return b;
  };
  for (const t of times) bucket(t).trades++;
  for (const t of flaggedTimes) bucket(t).flagged++;
  for (const t of withdrawalTimes) bucket(t).withdrawals++;
  for (const { ts, symbol } of flaggedSymbols) bucket(ts).symbols.add(symbol);
  // Quiet stretches (nothing flagged, no withdrawal) are merged into one row, so the table
  // reads as a timeline of what happened rather than a page of identical hours.
  const rows: Report['activityTimeline']['rows'] = [];
  const sorted = [...buckets.entries()].sort((x, y) => x[0] - y[0]);
  for (const [from, b] of sorted) {
    const quiet = b.flagged === 0 && b.withdrawals === 0;
    const last = rows[rows.length - 1];
    if (quiet && last && last.flagged === 0 && last.withdrawals === 0 && Date.parse(last.to) === from) {
      last.trades += b.trades;
      last.to = new Date(from + bucketMs).toISOString();
      continue;
    }
    rows.push({ from: new Date(from).toISOString(), to: new Date(from + bucketMs).toISOString(), trades: b.trades, flagged: b.flagged, withdrawals: b.withdrawals, symbols: [...b.symbols].sort() });
  }
  const perBucket = sorted.map(([from, b]) => ({ from: new Date(from).toISOString(), trades: b.trades, flagged: b.flagged, withdrawals: b.withdrawals, symbols: [...b.symbols].sort() }));
  return { bucketMs, buckets: perBucket, rows };
}
