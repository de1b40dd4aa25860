// The owner's normal history, generated from the seed: a grid bot's limit orders (filled,
// cancelled, and a few still resting), occasional manual market trades, deposits and
// withdrawals, and bulk fills for benchmarks. Baseline records do not move balances: the
// scenario's balances are the holdings at "now".
import { floorToStep, roundToStep } from '../util/decimal.js';
import { DAY_MS, HOUR_MS, MINUTE_MS, parseDuration } from '../util/duration.js';
import type { Prng } from '../util/prng.js';
import type { Scenario } from '../scenario/schema.js';
import { FEE_RATE } from './engine.js';
import { USDM_FEE } from './futures.js';
import { usdPrice } from './markets.js';
import type { SimState } from './state.js';
import type { Actor, OrderSide, OrderStatus, OrderType, SimMarket, SimOrder, SimTrade, Venue } from './types.js';

interface HistoricOrder {
  account: string;
  market: SimMarket;
  side: OrderSide;
  type: OrderType;
  price: number;
  qty: number;
  placedAt: number;
  /** When it filled or was cancelled; undefined = still open. */
  closedAt?: number;
  outcome: 'filled' | 'canceled' | 'open';
  clientOrderId: string;
  actor: Actor;
  venue: Venue;
}

/** The fee of a fill: spot charges the received asset, USDⓈ-M futures charge USDT on the notional. */
function fillFee(h: HistoricOrder, quoteQty: number): { commission: number; commissionAsset: string; feeRate: number } {
  if (h.venue === 'usdm') {
    const feeRate = h.type === 'MARKET' ? USDM_FEE.taker : USDM_FEE.maker;
    return { commission: quoteQty * feeRate, commissionAsset: h.market.quote, feeRate };
  }
  return { commission: (h.side === 'BUY' ? h.qty : quoteQty) * FEE_RATE, commissionAsset: h.side === 'BUY' ? h.market.base : h.market.quote, feeRate: FEE_RATE };
}

function addHistoricOrder(state: SimState, h: HistoricOrder): SimOrder {
  const exchange = state.account(h.account).exchange;
  const status: OrderStatus = h.outcome === 'filled' ? 'FILLED' : h.outcome === 'canceled' ? 'CANCELED' : 'NEW';
  const order: SimOrder = {
    id: '', exchange, venue: h.venue, account: h.account, symbol: h.market.symbol, clientOrderId: h.clientOrderId, side: h.side, type: h.type,
    timeInForce: 'GTC', price: h.type === 'MARKET' ? 0 : h.price, origQty: h.qty, executedQty: 0, cumQuote: 0, status,
    time: h.placedAt, updateTime: h.closedAt ?? h.placedAt, actor: h.actor,
  };
  if (h.outcome === 'filled') {
    order.executedQty = h.qty;
    order.cumQuote = h.qty * h.price;
  }
  state.addOrder(order);
  if (h.outcome === 'filled') {
    const quoteQty = h.qty * h.price;
    const trade: SimTrade = {
      id: '', exchange, venue: h.venue, account: h.account, symbol: h.market.symbol, orderId: '', side: h.side, price: h.price, qty: h.qty, quoteQty,
      ...fillFee(h, quoteQty), time: h.closedAt ?? h.placedAt, isMaker: h.type !== 'MARKET', seq: state.nextSeq(), actor: h.actor,
    };
    state.addTrade(trade, order);
  }
  return order;
}

function market(state: SimState, unified: string): SimMarket {
  const m = state.markets.get(unified.replace('/', ''));
  if (!m) throw new Error(`unknown market ${unified}`);
  return m;
}

function qtyFor(state: SimState, m: SimMarket, usdValue: number, price: number): number {
  const quoteUsd = usdPrice(state.markets, m.quote);
  return Math.max(m.stepSize, floorToStep(usdValue / (price * quoteUsd), m.stepSize));
}

function clientId(prng: Prng, exchange: string, prefix: string | undefined): string {
  if (prefix !== undefined) return prefix + prng.alnum(14);
  // Orders placed on the web page: Binance shows web_<hex>, Bybit has no link id.
  return exchange === 'binance' ? 'web_' + prng.hex(32) : '';
}

export function generateBaseline(state: SimState, scenario: Scenario, prng: Prng): void {
  const now = state.anchor;
  const start = now - scenario.historyDays * DAY_MS;
  const span = now - start;

  scenario.baseline.gridBots.forEach((bot, b) => {
    const p = prng.fork(`grid/${b}`);
    const exchange = state.account(bot.account).exchange;
    for (const unified of bot.symbols) {
      const m = market(state, unified);
      const fills = Math.round(bot.fillsPerDay * scenario.historyDays);
      const cancels = Math.round((fills * bot.cancelShare) / (1 - bot.cancelShare));
      for (let i = 0; i < fills + cancels; i++) {
        const closedAt = start + HOUR_MS + Math.floor(p.next() * (span - 2 * HOUR_MS));
        const placedAt = Math.max(start, closedAt - p.int(5 * MINUTE_MS, 2 * DAY_MS));
        const side: OrderSide = p.chance(0.5) ? 'BUY' : 'SELL';
        const filled = i < fills;
        // A filled grid order traded at the market price of its fill time; a cancelled one sat 2 % off the market.
        const price = roundToStep(state.prices.price(m, filled ? closedAt : placedAt) * (filled ? 1 : side === 'BUY' ? 0.98 : 1.02), m.tickSize);
        addHistoricOrder(state, {
          account: bot.account, market: m, side, type: 'LIMIT', price, qty: qtyFor(state, m, bot.orderValue, price),
          placedAt, closedAt, outcome: filled ? 'filled' : 'canceled', clientOrderId: clientId(p, exchange, bot.clientOrderIdPrefix), actor: 'bot',
          venue: bot.venue,
        });
      }
      for (let i = 0; i < bot.openOrdersPerSymbol; i++) {
        const placedAt = now - p.int(10 * MINUTE_MS, 20 * HOUR_MS);
        const side: OrderSide = i % 2 === 0 ? 'BUY' : 'SELL';
        const offset = 1 + (side === 'BUY' ? -1 : 1) * p.range(0.01, 0.04);
        const price = roundToStep(state.prices.price(m, now) * offset, m.tickSize);
        addHistoricOrder(state, {
          account: bot.account, market: m, side, type: 'LIMIT', price, qty: qtyFor(state, m, bot.orderValue, price),
          placedAt, outcome: 'open', clientOrderId: clientId(p, exchange, bot.clientOrderIdPrefix), actor: 'bot', venue: bot.venue,
        });
      }
    }
  });

  scenario.baseline.manual.forEach((manual, n) => {
    const p = prng.fork(`manual/${n}`);
    const exchange = state.account(manual.account).exchange;
    const count = Math.round((manual.tradesPerWeek * scenario.historyDays) / 7);
    for (let i = 0; i < count; i++) {
      const day = Math.floor((start + p.next() * (span - DAY_MS)) / DAY_MS) * DAY_MS;
      const time = day + p.int(manual.hours[0] * HOUR_MS, manual.hours[1] * HOUR_MS - 1);
      if (time >= now || time < start) continue;
      const m = market(state, p.pick(manual.symbols));
      const price = roundToStep(state.prices.price(m, time), m.tickSize);
      addHistoricOrder(state, {
        account: manual.account, market: m, side: p.chance(0.5) ? 'BUY' : 'SELL', type: 'MARKET', price,
        qty: qtyFor(state, m, manual.orderValue, price), placedAt: time, closedAt: time, outcome: 'filled',
        clientOrderId: clientId(p, exchange, undefined), actor: 'owner', venue: 'spot',
      });
    }
  });

  scenario.baseline.bulk.forEach((bulk, n) => {
    const p = prng.fork(`bulk/${n}`);
    // usdm: `all` is every market with a perpetual.
    const all = [...state.markets.values()].filter((m) => bulk.venue === 'spot' || m.futures);
    const symbols = bulk.symbols === 'all' ? all : bulk.symbols.map((s) => market(state, s));
    for (let i = 0; i < bulk.trades; i++) {
      const m = symbols[i % symbols.length];
      const time = start + Math.floor(p.next() * span);
      const price = roundToStep(state.prices.price(m, time), m.tickSize);
      const isLimit = p.chance(0.7);
      addHistoricOrder(state, {
        account: bulk.account, market: m, side: p.chance(0.5) ? 'BUY' : 'SELL', type: isLimit ? 'LIMIT' : 'MARKET', price,
        qty: qtyFor(state, m, p.range(20, 500), price), placedAt: isLimit ? Math.max(start, time - p.int(MINUTE_MS, 6 * HOUR_MS)) : time,
        closedAt: time, outcome: 'filled', clientOrderId: bulk.clientOrderIdPrefix + p.alnum(14), actor: 'bot', venue: bulk.venue,
      });
    }
  });

  scenario.baseline.transfers.forEach((spec, n) => {
    const p = prng.fork(`transfers/${n}`);
    const exchange = state.account(spec.account).exchange;
    for (const d of spec.deposits) {
      const time = now + (parseDuration(d.at) ?? 0);
      state.addTransfer({
        id: '', exchange, account: spec.account, kind: 'deposit', coin: d.coin, network: d.network ?? defaultNetwork(d.coin),
        amount: d.amount, fee: 0, address: depositAddress(p, d.coin), txId: '', status: 'completed', time,
        completeTime: time + p.int(2, 30) * MINUTE_MS, actor: 'owner',
      });
    }
    for (const w of spec.withdrawals) {
      const time = now + (parseDuration(w.at) ?? 0);
      state.addTransfer({
        id: '', exchange, account: spec.account, kind: 'withdrawal', coin: w.coin, network: w.network ?? defaultNetwork(w.coin),
        amount: w.amount, fee: withdrawFee(w.coin), address: w.address, txId: '', status: w.status, time,
        completeTime: time + p.int(2, 30) * MINUTE_MS, actor: 'owner',
      });
    }
  });
}

export function defaultNetwork(coin: string): string {
  const table: Record<string, string> = { BTC: 'BTC', ETH: 'ETH', USDT: 'ETH', USDC: 'ETH', SOL: 'SOL', BNB: 'BSC', XRP: 'XRP', TRX: 'TRX', DOGE: 'DOGE', LTC: 'LTC' };
  return table[coin] ?? 'ETH';
}

export function withdrawFee(coin: string): number {
  const table: Record<string, number> = { BTC: 0.0002, ETH: 0.0015, USDT: 4, USDC: 4, SOL: 0.01, BNB: 0.0005 };
  return table[coin] ?? 1;
}

function depositAddress(prng: Prng, coin: string): string {
  return coin === 'BTC' ? 'bc1q' + prng.hex(38) : '0x' + prng.hex(40);
}
