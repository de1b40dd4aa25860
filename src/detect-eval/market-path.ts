// A simulated market: a minute-by-minute price path (a small random walk, with events such as
// a market-wide pump laid on top) and the candles an exchange would serve for it. The account's
// own fills are folded into the candles afterwards, as they are part of the market's volume.
import type { BundleTrade, Candle } from '../detect/types.js';
import type { Rng } from './random.js';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export class MarketPath {
  private readonly closes: Float64Array;
  private readonly volumeBoost: Float64Array;
  readonly start: number;

  constructor(
    readonly symbol: string,
    start: number,
    end: number,
    price0: number,
    /** Base-asset volume the rest of the market trades in an ordinary minute. */
    readonly volumePerMinute: number,
    private readonly rng: Rng,
    volatility = 0.0008,
  ) {
    this.start = start - (start % MINUTE);
    const minutes = Math.ceil((end - this.start) / MINUTE) + 1;
    this.closes = new Float64Array(minutes);
    this.volumeBoost = new Float64Array(minutes).fill(1);
    let p = price0;
    for (let i = 0; i < minutes; i++) {
      p *= 1 + volatility * (rng.next() * 2 - 1);
      this.closes[i] = p;
    }
  }

  private minuteIndex(ts: number): number {
    return Math.max(0, Math.min(this.closes.length - 1, Math.floor((ts - this.start) / MINUTE)));
  }

  priceAt(ts: number): number {
    return this.closes[this.minuteIndex(ts)];
  }

  /** A market-wide move: prices multiplied by shape(0..1) over [from, to), volume boosted. */
  move(from: number, to: number, shape: (progress: number) => number, volumeBoost = 1): void {
    const a = this.minuteIndex(from);
    const b = this.minuteIndex(to);
    for (let i = a; i < b; i++) {
      this.closes[i] *= shape((i - a) / Math.max(1, b - a));
      this.volumeBoost[i] = volumeBoost;
    }
  }

  /** One-minute candles over [from, to), with the account's fills in that market folded in. */
  candles(from: number, to: number, accountFills: readonly BundleTrade[], followAccount = false): Candle[] {
    const out: Candle[] = [];
    const byMinute = new Map<number, BundleTrade[]>();
    for (const t of accountFills) {
      if (t.symbol !== this.symbol) continue;
      const m = t.timestamp - (t.timestamp % MINUTE);
      let list = byMinute.get(m);
      if (!list) byMinute.set(m, (list = []));
      list.push(t);
    }
    let prevClose = this.priceAt(from - MINUTE);
    for (let ts = from - (from % MINUTE); ts < to; ts += MINUTE) {
      const i = this.minuteIndex(ts);
      let close = this.closes[i];
      const open = prevClose;
      let high = Math.max(open, close) * (1 + 0.0004 * this.rng.next());
      let low = Math.min(open, close) * (1 - 0.0004 * this.rng.next());
      let volume = this.volumePerMinute * this.volumeBoost[i] * this.rng.between(0.5, 1.5);
      for (const t of byMinute.get(ts) ?? []) {
        high = Math.max(high, t.price);
        low = Math.min(low, t.price);
        volume += t.amount;
        // In a market the account itself moves (a manipulated, illiquid one), the last fill sets the close.
        if (followAccount) close = t.price;
      }
      out.push([ts, open, high, low, close, volume]);
      prevClose = followAccount ? this.closes[i] : close;
    }
    return out;
  }
}
