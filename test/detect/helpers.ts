// Small real-shaped data for the detection tests: the real ccxt records from
// test/fixtures/detect/ccxt, and builders that vary only what a test is about.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ActivityBundle, BundleOrder, BundleTrade, BundleTransfer, Candle } from '../../src/detect/types.js';

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
