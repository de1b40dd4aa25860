// Deterministic price paths: value noise over several time scales around each market's reference
// price, so any candle or trade price at any time is computed in O(1) without storing candles
// (300 markets x 90 days of minutes would not fit). Attacker pumps add "shocks" on top.
// Time is measured from the anchor, so the same seed gives the same path whatever the start time.
import { hashNoise } from '../util/prng.js';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../util/duration.js';
import type { SimMarket } from './types.js';

export interface PriceShock {
  start: number;
  end: number;
  /** Multiple of the normal price reached at `end`. */
  peak: number;
  /** After `end` the excess decays with this time constant (ms). */
  decayMs: number;
}

/** [scale in ms, amplitude as a multiple of daily volatility] */
const SCALES: Array<[number, number]> = [
  [7 * DAY_MS, 2.0], [DAY_MS, 1.0], [4 * HOUR_MS, 0.5], [HOUR_MS, 0.25], [15 * MINUTE_MS, 0.12], [MINUTE_MS, 0.05],
];

function valueNoise(seed: number, octave: number, x: number): number {
  const i = Math.floor(x);
  const f = x - i;
  const s = f * f * (3 - 2 * f);
  const a = hashNoise(seed, octave, i);
  const b = hashNoise(seed, octave, i + 1);
  return a + (b - a) * s;
}

export class PricePaths {
  private readonly shocks = new Map<string, PriceShock[]>();
  constructor(readonly anchor: number) {}

  addShock(symbol: string, shock: PriceShock): void {
    const list = this.shocks.get(symbol) ?? [];
    list.push(shock);
    this.shocks.set(symbol, list);
  }

  private logOffset(market: SimMarket, t: number): number {
    const dt = t - this.anchor;
    let sum = 0;
    SCALES.forEach(([scale, amp], octave) => {
      sum += amp * market.volatility * (valueNoise(market.pathSeed, octave, dt / scale) - valueNoise(market.pathSeed, octave, 0));
    });
    return sum;
  }

  private shockFactor(symbol: string, t: number): number {
    let factor = 1;
    for (const s of this.shocks.get(symbol) ?? []) {
      if (t < s.start) continue;
      const excess = s.peak - 1;
      if (t <= s.end) factor *= 1 + (excess * (t - s.start)) / Math.max(1, s.end - s.start);
      else factor *= 1 + excess * Math.exp(-(t - s.end) / s.decayMs);
    }
    return factor;
  }

  /** The market price at time t (ms). */
  price(market: SimMarket, t: number): number {
    return market.price * Math.exp(this.logOffset(market, t)) * this.shockFactor(market.symbol, t);
  }

  /** A candle [openTime, open, high, low, close, volume (base), quote volume, trade count]. */
  candle(market: SimMarket, openTime: number, intervalMs: number): [number, number, number, number, number, number, number, number] {
    const samples = Math.max(2, Math.min(60, Math.round(intervalMs / MINUTE_MS)));
    const stepMs = intervalMs / samples;
    const open = this.price(market, openTime);
    let high = open;
    let low = open;
    let close = open;
    for (let i = 1; i <= samples; i++) {
      close = this.price(market, openTime + Math.min(intervalMs - 1, i * stepMs));
      high = Math.max(high, close);
      low = Math.min(low, close);
    }
    // Intra-sample excursions, so high/low are not just the sampled extremes.
    const wiggle = 1 + Math.abs(hashNoise(market.pathSeed, 99, Math.floor(openTime / MINUTE_MS))) * market.volatility * 0.05;
    high *= wiggle;
    low /= wiggle;
    const minutes = intervalMs / MINUTE_MS;
    const liquidity = market.illiquid ? 0.02 : 1;
    const baseVolumePerMinute = (2000 / market.price) * liquidity * (1.2 + hashNoise(market.pathSeed, 98, Math.floor(openTime / MINUTE_MS)));
    const volume = baseVolumePerMinute * minutes;
    const tradeCount = Math.max(1, Math.round(minutes * 20 * liquidity * (1.5 + hashNoise(market.pathSeed, 97, openTime / MINUTE_MS))));
    return [openTime, open, high, low, close, volume, volume * (open + close) / 2, tradeCount];
  }
}

/** Interval name (Binance `1m`..`1M`, Bybit `1`..`M`) to milliseconds; months as 30 days. */
export function intervalMs(name: string): number | undefined {
  const table: Record<string, number> = {
    '1s': 1000, '1m': MINUTE_MS, '3m': 3 * MINUTE_MS, '5m': 5 * MINUTE_MS, '15m': 15 * MINUTE_MS, '30m': 30 * MINUTE_MS,
    '1h': HOUR_MS, '2h': 2 * HOUR_MS, '4h': 4 * HOUR_MS, '6h': 6 * HOUR_MS, '8h': 8 * HOUR_MS, '12h': 12 * HOUR_MS,
    '1d': DAY_MS, '3d': 3 * DAY_MS, '1w': 7 * DAY_MS, '1M': 30 * DAY_MS,
  };
  return table[name];
}

/** Open time of the candle containing t. Weeks start on Monday 00:00 UTC as on the exchanges. */
export function candleOpen(t: number, interval: number): number {
  if (interval === 7 * DAY_MS) {
    const mondayOffset = 4 * DAY_MS; // 1970-01-01 was a Thursday; Monday 1970-01-05.
    return Math.floor((t - mondayOffset) / interval) * interval + mondayOffset;
  }
  return Math.floor(t / interval) * interval;
}
