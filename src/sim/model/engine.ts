// Order placement and cancellation with balance effects: used by live API calls and by attacker
// events (seeded or injected). There is no order book: a market order fills at the price path's
// price at that moment; a limit order rests unless it is marketable, in which case it fills at
// the market price as a taker. Fees (0.1 %) are charged in the asset received, as on both exchanges.
import { floorToStep, roundToStep } from '../util/decimal.js';
import type { SimState } from './state.js';
import type { Actor, OrderSide, OrderType, SimMarket, SimOrder, SimTrade } from './types.js';

export const FEE_RATE = 0.001;

export interface PlaceOrderRequest {
  account: string;
  market: SimMarket;
  side: OrderSide;
  type: OrderType;
  /** Base quantity; for market orders either this or quoteQty. */
  qty?: number;
  /** Market orders only: spend (buy) or receive (sell) this much quote. */
  quoteQty?: number;
  price?: number;
  timeInForce?: 'GTC' | 'IOC' | 'FOK';
  clientOrderId: string;
  actor: Actor;
  time: number;
  /** Override the fill price (attacker pumps fill at their own prices). */
  fillPrice?: number;
}

export type PlaceOrderResult =
  | { ok: true; order: SimOrder; trades: SimTrade[] }
  | { ok: false; reason: 'insufficient-balance' | 'invalid-quantity' | 'would-take' | 'min-notional'; message: string };

function fill(state: SimState, order: SimOrder, market: SimMarket, qty: number, price: number, isMaker: boolean, time: number): SimTrade {
  const quoteQty = qty * price;
  const commissionAsset = order.side === 'BUY' ? market.base : market.quote;
  const commission = (order.side === 'BUY' ? qty : quoteQty) * FEE_RATE;
  if (order.side === 'BUY') {
    state.adjustBalance(order.account, market.base, qty - commission);
    state.adjustBalance(order.account, market.quote, -quoteQty);
  } else {
    state.adjustBalance(order.account, market.base, -qty);
    state.adjustBalance(order.account, market.quote, quoteQty - commission);
  }
  order.executedQty += qty;
  order.cumQuote += quoteQty;
  order.status = order.executedQty + 1e-12 >= order.origQty ? 'FILLED' : 'PARTIALLY_FILLED';
  order.updateTime = time;
  const trade: SimTrade = {
    id: '', exchange: order.exchange, venue: order.venue, account: order.account, symbol: order.symbol, orderId: order.id, side: order.side,
    price, qty, quoteQty, commission, commissionAsset, feeRate: FEE_RATE, time, isMaker, seq: state.nextSeq(), actor: order.actor,
  };
  state.addTrade(trade, order);
  state.trackOpen(order);
  return trade;
}

export function placeOrder(state: SimState, req: PlaceOrderRequest): PlaceOrderResult {
  const { market } = req;
  const marketPrice = roundToStep(req.fillPrice ?? state.prices.price(market, req.time), market.tickSize) || market.tickSize;
  const isMarket = req.type === 'MARKET';
  const limitPrice = isMarket ? 0 : roundToStep(req.price ?? 0, market.tickSize);
  if (!isMarket && !(limitPrice > 0)) return { ok: false, reason: 'invalid-quantity', message: 'Invalid price.' };
  let qty = req.qty !== undefined ? floorToStep(req.qty, market.stepSize) : undefined;
  if (isMarket && qty === undefined && req.quoteQty !== undefined) qty = floorToStep(req.quoteQty / marketPrice, market.stepSize);
  if (qty === undefined || !(qty > 0)) return { ok: false, reason: 'invalid-quantity', message: 'Filter failure: LOT_SIZE' };
  const marketable = isMarket || (req.side === 'BUY' ? limitPrice >= marketPrice : limitPrice <= marketPrice);
  if (req.type === 'LIMIT_MAKER' && marketable) return { ok: false, reason: 'would-take', message: 'Order would immediately match and take.' };
  const execPrice = isMarket ? marketPrice : marketable ? marketPrice : limitPrice;
  const notional = qty * (isMarket ? marketPrice : limitPrice);
  if (notional < market.minNotional) return { ok: false, reason: 'min-notional', message: 'Filter failure: NOTIONAL' };
  const need = req.side === 'BUY' ? { asset: market.quote, amount: qty * (marketable ? execPrice : limitPrice) } : { asset: market.base, amount: qty };
  if (state.balance(req.account, need.asset).free + 1e-12 < need.amount) {
    return { ok: false, reason: 'insufficient-balance', message: 'Account has insufficient balance for requested action.' };
  }
  const account = state.account(req.account);
  const order: SimOrder = {
    id: '', exchange: account.exchange, venue: 'spot', account: req.account, symbol: market.symbol, clientOrderId: req.clientOrderId,
    side: req.side, type: req.type, timeInForce: isMarket ? 'GTC' : (req.timeInForce ?? 'GTC'), price: limitPrice, origQty: qty,
    executedQty: 0, cumQuote: 0, status: 'NEW', time: req.time, updateTime: req.time, actor: req.actor,
    quoteQty: req.quoteQty,
  };
  state.addOrder(order);
  const trades: SimTrade[] = [];
  if (marketable) trades.push(fill(state, order, market, qty, execPrice, false, req.time));
  else if (order.timeInForce !== 'GTC') {
    // IOC/FOK that cannot fill now expire at once.
    order.status = 'EXPIRED';
    state.trackOpen(order);
  }
  return { ok: true, order, trades };
}

export function cancelOrder(state: SimState, order: SimOrder, time: number): void {
  order.status = 'CANCELED';
  order.updateTime = time;
  state.trackOpen(order);
}
