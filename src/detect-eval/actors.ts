// Who trades on a simulated account: the operator's bot, the owner by hand, and the attacker.
import type { AccountBuilder, Fill } from './account-builder.js';
import { DAY, HOUR, type MarketPath } from './market-path.js';
import type { Rng } from './random.js';

/** The operator's bot: limit orders resting on the book (maker fills), client ids with its prefix. */
export function runBot(account: AccountBuilder, rng: Rng, markets: MarketPath[], from: number, to: number, opts: { perHour: number; prefix: string; quoteSize: number }): void {
  for (const market of markets) {
    const count = Math.round(((to - from) / HOUR) * opts.perHour);
    const times = Array.from({ length: count }, () => Math.floor(rng.between(from, to))).sort((a, b) => a - b);
    for (const ts of times) {
      const side = rng.next() < 0.5 ? 'buy' : 'sell';
      const price = market.priceAt(ts) * (side === 'buy' ? 0.9996 : 1.0004);
      account.order({ symbol: market.symbol, side, ts, type: 'limit', clientOrderId: `${opts.prefix}${rng.hex(12)}`, takerOrMaker: 'maker', fills: [{ price, amount: (opts.quoteSize / price) * rng.between(0.5, 1.5), delay: rng.int(1_000, 600_000) }] });
    }
  }
}

/** The owner trading by hand in the web app: a few limit orders a weekday, within usual hours. */
export function runOwner(account: AccountBuilder, rng: Rng, markets: MarketPath[], from: number, to: number, opts: { perDay: number; hours: [number, number]; quoteSize: number }): void {
  for (let day = from - (from % DAY); day < to; day += DAY) {
    const weekday = new Date(day).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    for (let k = 0; k < opts.perDay; k++) {
      const ts = day + rng.int(opts.hours[0], opts.hours[1] - 1) * HOUR + rng.int(0, HOUR - 1);
      if (ts < from || ts >= to) continue;
      const market = rng.pick(markets);
      const side = rng.next() < 0.5 ? 'buy' : 'sell';
      const price = market.priceAt(ts);
      account.order({ symbol: market.symbol, side, ts, type: 'limit', clientOrderId: `web_${rng.hex(24)}`, takerOrMaker: 'maker', fills: [{ price, amount: (opts.quoteSize / price) * rng.between(0.5, 1.5), delay: rng.int(2_000, 900_000) }] });
    }
  }
}

/**
 * A market order sweeping the book: `levels` fills in one millisecond, each at a worse price,
 * from `startPrice` (buys climb, sells fall) by `step` per level.
 */
export function sweep(amount: number, startPrice: number, levels: number, step: number, side: 'buy' | 'sell'): Fill[] {
  const fills: Fill[] = [];
  for (let i = 0; i < levels; i++) {
    const price = side === 'buy' ? startPrice * (1 + step * i) : startPrice * (1 - step * i);
    fills.push({ price, amount: amount / levels, delay: 4 });
  }
  return fills;
}

/** ccxt's default client-order-id prefix for Binance, as an attacker using ccxt gets it. */
export function ccxtClientId(rng: Rng): string {
  return `x-R4BD3S82${rng.hex(22)}`;
}

/**
 * The attacker sells holdings at market, one sweeping order per asset `spacingMs` apart;
 * returns the proceeds in the quote asset.
 */
export function liquidate(account: AccountBuilder, rng: Rng, holdings: ReadonlyArray<readonly [MarketPath, number]>, at: number, opts: { spacingMs: number; levels: number; step: number; clientId: () => string }): number {
  let proceeds = 0;
  holdings.forEach(([market, amount], i) => {
    const fills = sweep(amount, market.priceAt(at), opts.levels, opts.step, 'sell');
    proceeds += fills.reduce((s, f) => s + f.price * f.amount, 0);
    account.order({ symbol: market.symbol, side: 'sell', ts: at + i * opts.spacingMs, type: 'market', clientOrderId: opts.clientId(), takerOrMaker: 'taker', fills, attacker: true });
  });
  return proceeds;
}

/** How much of a market's base asset the account bought. */
export function boughtIn(account: AccountBuilder, symbol: string): number {
  return account.trades.filter((t) => t.symbol === symbol && t.side === 'buy').reduce((s, t) => s + t.amount, 0);
}
