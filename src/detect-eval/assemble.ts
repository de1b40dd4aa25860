// Puts a simulated account and its markets together into an activity bundle, as
// exchange.fetch-activity would write it: candles for every market the account touched in the
// window (from a day before it), balances and reference prices at the time of the sweep.
import type { ActivityBundle, BundleConfig } from '../detect/types.js';
import type { AccountBuilder } from './account-builder.js';
import { DAY, type MarketPath } from './market-path.js';

export interface AssembleOptions {
  exchange: string;
  window: { since: number; until: number };
  baseline: { since: number; until: number };
  markets: MarketPath[];
  /** Markets whose price the account's own fills set (illiquid, manipulated). */
  followAccount?: string[];
  balances: Record<string, number>;
  referencePrices: Record<string, number>;
  config: BundleConfig;
}

export function assemble(account: AccountBuilder, o: AssembleOptions): ActivityBundle {
  const inWindow = new Set(account.trades.filter((t) => t.timestamp >= o.window.since).map((t) => t.symbol));
  const ohlcv: ActivityBundle['ohlcv'] = {};
  for (const m of o.markets) {
    if (!inWindow.has(m.symbol)) continue;
    ohlcv[m.symbol] = m.candles(o.window.since - DAY, o.window.until, account.trades, o.followAccount?.includes(m.symbol));
  }
  const byTime = <T extends { timestamp: number }>(list: T[]): T[] => [...list].sort((a, b) => a.timestamp - b.timestamp);
  return {
    format: 'kit-activity-bundle',
    version: 1,
    exchange: o.exchange,
    account: 'main',
    generatedAt: new Date(o.window.until).toISOString(),
    window: o.window,
    baseline: o.baseline,
    trades: byTime(account.trades),
    orders: byTime(account.orders),
    deposits: byTime(account.deposits),
    withdrawals: byTime(account.withdrawals),
    balances: o.balances,
    ohlcv,
    referencePrices: o.referencePrices,
    config: o.config,
  };
}
