// USDⓈ-M perpetual futures bookkeeping the fapi routes need: Binance's futures fees, and the
// one-way (positionSide BOTH) position that an account's futures fills build up in a symbol.
// Simple average-cost model: a fill in the position's direction (or from flat) moves the entry
// price to the size-weighted average; a fill against it closes up to the position's size at the
// entry price and realizes (fill price - entry price) x closed size (negated for a short); any
// rest opens a new position the other way at the fill price. No funding, no liquidations.
import type { SimTrade } from './types.js';

/** Binance USDⓈ-M VIP 0 fees, charged in USDT on the fill's notional. */
export const USDM_FEE = { maker: 0.0002, taker: 0.0005 } as const;

export interface FuturesPosition {
  /** Signed base quantity: positive long, negative short, 0 flat. */
  amount: number;
  /** Average entry price of the open position (0 when flat). */
  entryPrice: number;
  /** Time of the last fill (0 when there was none). */
  updateTime: number;
}

export interface PositionHistory {
  /** Realized PnL of each fill (0 for fills that only add to the position). */
  realizedPnl: Map<SimTrade, number>;
  position: FuturesPosition;
}

const EPSILON = 1e-12;
const cache = new WeakMap<readonly SimTrade[], { length: number; history: PositionHistory }>();

/** Replays a symbol's futures fills (oldest first). Cached per list until it grows. */
export function positionHistory(trades: readonly SimTrade[]): PositionHistory {
  const cached = cache.get(trades);
  if (cached && cached.length === trades.length) return cached.history;
  const realizedPnl = new Map<SimTrade, number>();
  let amount = 0;
  let entryPrice = 0;
  let updateTime = 0;
  for (const t of trades) {
    const signed = t.side === 'BUY' ? t.qty : -t.qty;
    let realized = 0;
    if (Math.abs(amount) < EPSILON || Math.sign(signed) === Math.sign(amount)) {
      entryPrice = (entryPrice * Math.abs(amount) + t.price * t.qty) / (Math.abs(amount) + t.qty);
      amount += signed;
    } else {
      const closed = Math.min(t.qty, Math.abs(amount));
      realized = closed * (t.price - entryPrice) * Math.sign(amount);
      const rest = amount + signed;
      if (Math.abs(rest) < EPSILON) {
        amount = 0;
        entryPrice = 0;
      } else {
        // Crossed through flat: the remainder is a new position at this fill's price.
        if (Math.sign(rest) !== Math.sign(amount)) entryPrice = t.price;
        amount = rest;
      }
    }
    realizedPnl.set(t, realized);
    updateTime = t.time;
  }
  const history = { realizedPnl, position: { amount, entryPrice, updateTime } };
  cache.set(trades, { length: trades.length, history });
  return history;
}
