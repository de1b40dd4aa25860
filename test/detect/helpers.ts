// Small real-shaped data for the detection tests: the real ccxt records from
// test/fixtures/detect/ccxt, and builders that vary only what a test is about.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIndex } from '../../src/detect/activity-index.js';
import type { Rule } from '../../src/detect/rules/rule.js';
import type { ActivityBundle, BundleOrder, BundleTrade, BundleTransfer, Candle, Finding } from '../../src/detect/types.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const fixturesDir = path.join(here, '..', 'fixtures', 'detect');

export function ccxtFixture<T = unknown>(name: string): T[] {
  const raw = JSON.parse(readFileSync(path.join(fixturesDir, 'ccxt', `${name}.json`), 'utf8')) as { parsedResponse: T[] };
  return raw.parsedResponse;
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
/** 2023-10-24 00:00 UTC, the day of the real Binance LTC/USDT trade. */
export const T0 = Date.UTC(2023, 9, 24);

/** The real Binance trade (id 309520010), with the fields a test changes. */
export function trade(over: Partial<BundleTrade> & { id: string }): BundleTrade {
  const [real] = ccxtFixture<BundleTrade>('binance.fetchMyTrades');
  const { info: _info, ...shape } = real;
  return { ...shape, ...over };
}

/** The real Binance order (LTC/USDT limit), with the fields a test changes. */
export function order(over: Partial<BundleOrder> & { id: string }): BundleOrder {
  const [real] = ccxtFixture<BundleOrder>('binance.fetchOrders');
  const { info: _info, ...shape } = real;
  return { ...shape, status: 'closed', ...over };
}

/** The real Binance USDT/TRX withdrawal, with the fields a test changes. */
export function withdrawal(over: Partial<BundleTransfer> & { id: string }): BundleTransfer {
  const [real] = ccxtFixture<BundleTransfer>('binance.fetchWithdrawals');
  const { info: _info, ...shape } = real;
  return { ...shape, ...over };
}

/** Flat one-minute candles at `price` from `from` for `minutes`, with `volume` per minute. */
export function flatCandles(from: number, minutes: number, price: number, volume = 1000): Candle[] {
  const out: Candle[] = [];
  for (let m = 0; m < minutes; m++) out.push([from + m * MINUTE, price, price * 1.001, price * 0.999, price, volume]);
  return out;
}

export function bundle(over: Partial<ActivityBundle> = {}): ActivityBundle {
  return {
    format: 'kit-activity-bundle',
    version: 1,
    exchange: 'binance',
    account: 'main',
    generatedAt: new Date(T0 + 2 * DAY).toISOString(),
    window: { since: T0, until: T0 + DAY },
    baseline: { since: T0 - 30 * DAY, until: T0 },
    trades: [],
    orders: [],
    deposits: [],
    withdrawals: [],
    ...over,
  };
}

/**
 * A bot's limit/maker activity on `symbols`, `perDay` fills a symbol a day from `from` for
 * `days` days, spread over every hour; each fill has its order (client id `gridbot-...`).
 */
export function botActivity(symbols: string[], from: number, days: number, perDay = 24, price = 70, idBase = 1_000_000): { trades: BundleTrade[]; orders: BundleOrder[] } {
  const trades: BundleTrade[] = [];
  const orders: BundleOrder[] = [];
  let n = idBase;
  for (let d = 0; d < days; d++) {
    for (const symbol of symbols) {
      for (let k = 0; k < perDay; k++) {
        const ts = from + d * DAY + Math.floor(((k + 0.5) * DAY) / perDay) + symbols.indexOf(symbol) * 1000;
        const side = k % 2 === 0 ? 'buy' : 'sell';
        const id = String(n++);
        orders.push(order({ id: `o${id}`, clientOrderId: `gridbot-${id}`, timestamp: ts - 5000, symbol, side, type: 'limit', price, amount: 1, filled: 1, average: price }));
        trades.push(trade({ id, order: `o${id}`, timestamp: ts, symbol, side, takerOrMaker: 'maker', price, amount: 1, cost: price, clientOrderId: `gridbot-${id}` }));
      }
    }
  }
  return { trades, orders };
}

/** Runs one rule over a bundle, as analyze() would with no earlier findings. */
export function runRule(rule: Rule, b: ActivityBundle, prior: Finding[] = []): { findings: Finding[]; notes: string[] } {
  const index = buildIndex(b);
  return { findings: rule.run({ index, prior }), notes: index.notes };
}
