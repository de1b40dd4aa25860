// Reading the market around the account: what an asset is worth in the bundle's reference
// quote, and how liquid a market was before the window (so the attack's own volume does not
// make a dead market look liquid).
import { marketParts } from '../symbols.js';
import type { ActivityIndex } from '../activity-index.js';
import { amount, plural } from '../format.js';
import type { BundleTrade } from '../types.js';

const DOLLAR_LIKE = new Set(['USD', 'USDT', 'USDC', 'BUSD', 'DAI', 'TUSD', 'FDUSD']);
const DAY = 86_400_000;

/** Price of one unit of `asset` in the reference quote; dollar-like coins default to 1. */
export function referencePrice(index: ActivityIndex, asset: string): number | undefined {
  const p = index.bundle.referencePrices?.[asset];
  if (p !== undefined && p > 0) return p;
  return DOLLAR_LIKE.has(asset) ? 1 : undefined;
}

/** The last close before the window, in the reference quote, from any market with `asset` as base. */
export function preWindowPrice(index: ActivityIndex, asset: string): number | undefined {
  for (const [symbol, series] of index.candles) {
    const { base, quote } = marketParts(symbol);
    if (base !== asset) continue;
    const quotePrice = referencePrice(index, quote);
    if (quotePrice === undefined) continue;
    let last: number | undefined;
    for (const c of series.candles) {
      if (c[0] >= index.windowStart) break;
      last = c[4];
    }
    if (last !== undefined) return last * quotePrice;
  }
  return undefined;
}

/**
 * Quote volume of the 24 hours before `until` (the account's first activity in that market), in
 * the reference quote, scaled to a day when fewer candles exist; undefined when it cannot be
 * known. Measured before the account's own activity, so an attack's volume cannot make a dead
 * market look liquid.
 */
export function dailyQuoteVolume(index: ActivityIndex, symbol: string, until: number): number | undefined {
  const series = index.candles.get(symbol);
  const quotePrice = referencePrice(index, marketParts(symbol).quote);
  if (!series || quotePrice === undefined) return undefined;
  const sample = series.candles.filter((c) => c[0] + series.timeframe <= until && c[0] >= until - DAY);
  if (sample.length === 0) return undefined;
  const span = Math.min(DAY, sample[sample.length - 1][0] - sample[0][0] + series.timeframe);
  const volume = sample.reduce((sum, c) => sum + c[4] * c[5], 0);
  return (volume * quotePrice * DAY) / span;
}

/** "Bought 41,000 VIA", "Sold 3 LTC", "Bought 10 and sold 5 DMG". */
export function fillSummary(trades: readonly BundleTrade[], base: string): string {
  let bought = 0;
  let sold = 0;
  for (const t of trades) if (t.side === 'buy') bought += t.amount;
  else sold += t.amount;
  if (bought > 0 && sold > 0) return `Bought ${amount(bought)} and sold ${amount(sold)} ${base}`;
  return bought > 0 ? `Bought ${amount(bought)} ${base}` : `Sold ${amount(sold)} ${base}`;
}

/** "12 fills and 3 orders" */
export function recordCount(trades: number, orders: number): string {
  const parts = [];
  if (trades > 0) parts.push(plural(trades, 'fill'));
  if (orders > 0) parts.push(plural(orders, 'order'));
  return parts.join(' and ') || 'no records';
}
