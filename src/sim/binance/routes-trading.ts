// Account, open orders, place / query / cancel an order, cancel all of a symbol's orders.
import { cancelOrder, placeOrder } from '../model/engine.js';
import type { OrderSide, OrderType, SimOrder, Venue } from '../model/types.js';
import { BinanceApiError, binanceErrors } from './errors.js';
import { cancelJson, newOrderJson, orderJson } from './format.js';
import { decimalParam, intParam, marketParam, perpetualParam, requireParam } from './params.js';
import type { BinanceCall, BinanceRoute } from './types.js';

function account(call: BinanceCall): unknown {
  const { state, key } = call;
  const omitZero = call.params.get('omitZeroBalances') === 'true';
  const balances = state.assets(key.account)
    .map((asset) => ({ asset, ...state.balance(key.account, asset) }))
    .filter((b) => !omitZero || b.total > 0)
    .map((b) => ({ asset: b.asset, free: b.free.toFixed(8), locked: b.locked.toFixed(8) }));
  const canTrade = key.permissions.has('trade');
  return {
    makerCommission: 10, takerCommission: 10, buyerCommission: 0, sellerCommission: 0,
    commissionRates: { maker: '0.00100000', taker: '0.00100000', buyer: '0.00000000', seller: '0.00000000' },
    canTrade, canWithdraw: key.permissions.has('withdraw'), canDeposit: true, brokered: false, requireSelfTradePrevention: false,
    preventSor: false, updateTime: call.now, accountType: 'SPOT', balances, permissions: ['SPOT'], uid: state.account(key.account).uid,
  };
}

function openOrders(call: BinanceCall): unknown {
  const symbol = call.params.get('symbol');
  if (symbol !== undefined) marketParam(call.state, call.params);
  return call.state.openOrders(call.key.account, symbol).map(orderJson);
}

function isMultipleOf(value: number, step: number): boolean {
  const units = value / step;
  return Math.abs(units - Math.round(units)) < 1e-6;
}

function newClientOrderId(call: BinanceCall): string {
  // Binance's own ids are 22 alphanumerics; the time keeps them unique without a random source.
  const base = (call.now.toString(36) + Math.floor(call.now / 7).toString(36) + call.state.nextSeq().toString(36)).replace(/[^a-z0-9]/gi, '');
  return base.slice(-22).padStart(22, 'x');
}

function placeNewOrder(call: BinanceCall): unknown {
  const { params, state, key, now } = call;
  const market = marketParam(state, params);
  const side = requireParam(params, 'side').toUpperCase();
  if (side !== 'BUY' && side !== 'SELL') throw new BinanceApiError(400, -1117, 'Invalid side.');
  const type = requireParam(params, 'type').toUpperCase();
  if (type !== 'LIMIT' && type !== 'MARKET' && type !== 'LIMIT_MAKER') throw new BinanceApiError(400, -1116, 'Invalid orderType.');
  const quantity = decimalParam(params, 'quantity');
  const quoteOrderQty = decimalParam(params, 'quoteOrderQty');
  const price = decimalParam(params, 'price');
  const tifText = params.get('timeInForce');
  if (type === 'LIMIT') {
    if (tifText === undefined) throw binanceErrors.mandatory('timeInForce');
    if (quantity === undefined) throw binanceErrors.mandatory('quantity');
    if (price === undefined) throw binanceErrors.mandatory('price');
  } else if (type === 'LIMIT_MAKER') {
    if (quantity === undefined) throw binanceErrors.mandatory('quantity');
    if (price === undefined) throw binanceErrors.mandatory('price');
  } else if (quantity === undefined && quoteOrderQty === undefined) {
    throw new BinanceApiError(400, -1102, "Param 'quantity' or 'quoteOrderQty' must be sent, but both were empty/null!");
  }
  const timeInForce = (tifText ?? 'GTC').toUpperCase();
  if (timeInForce !== 'GTC' && timeInForce !== 'IOC' && timeInForce !== 'FOK') throw new BinanceApiError(400, -1115, 'Invalid timeInForce.');
  if (price !== undefined && type !== 'MARKET' && !isMultipleOf(price, market.tickSize)) throw binanceErrors.filter('PRICE_FILTER');
  if (quantity !== undefined && (quantity < market.stepSize || !isMultipleOf(quantity, market.stepSize))) throw binanceErrors.filter('LOT_SIZE');
  const clientOrderId = params.get('newClientOrderId') ?? newClientOrderId(call);
  if (!/^[.A-Za-z0-9:/_-]{1,36}$/.test(clientOrderId)) throw new BinanceApiError(400, -1100, "Illegal characters found in parameter 'newClientOrderId'; legal range is '^[\\.A-Z\\:/a-z0-9_-]{1,36}$'.");
  if (state.openOrders(key.account, market.symbol).some((o) => o.clientOrderId === clientOrderId)) throw new BinanceApiError(400, -2010, 'Duplicate order sent.');
  call.limiter.chargeOrder(key.account, now);
  const result = placeOrder(state, {
    account: key.account, market, side: side as OrderSide, type: type as OrderType, qty: quantity,
    quoteQty: quantity === undefined ? quoteOrderQty : undefined, price, timeInForce: timeInForce as 'GTC' | 'IOC' | 'FOK',
    clientOrderId, actor: 'client', time: now,
  });
  if (!result.ok) {
    if (result.reason === 'insufficient-balance') throw binanceErrors.insufficient();
    if (result.reason === 'would-take') throw binanceErrors.wouldTake();
    if (result.reason === 'min-notional') throw binanceErrors.filter('NOTIONAL');
    throw binanceErrors.filter('LOT_SIZE');
  }
  const respType = (params.get('newOrderRespType') ?? 'FULL').toUpperCase();
  return newOrderJson(result.order, result.trades, respType === 'ACK' || respType === 'RESULT' ? respType : 'FULL');
}

/** The order a query or cancel names (orderId or origClientOrderId), spot or USDⓈ-M. */
export function findOrder(call: BinanceCall, notFound: () => BinanceApiError, venue: Venue = 'spot'): SimOrder {
  const market = venue === 'usdm' ? perpetualParam(call.state, call.params) : marketParam(call.state, call.params);
  const orderId = intParam(call.params, 'orderId');
  const clientOrderId = call.params.get('origClientOrderId');
  if (orderId === undefined && clientOrderId === undefined) {
    throw new BinanceApiError(400, -1102, "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!");
  }
  const order = call.state.findOrder(call.key.account, market.symbol, orderId !== undefined ? { id: String(orderId) } : { clientOrderId }, venue);
  if (!order) throw notFound();
  return order;
}

function queryOrder(call: BinanceCall): unknown {
  return orderJson(findOrder(call, binanceErrors.noSuchOrder));
}

function cancelOne(call: BinanceCall): unknown {
  const order = findOrder(call, binanceErrors.cancelRejected);
  if (order.status !== 'NEW' && order.status !== 'PARTIALLY_FILLED') throw binanceErrors.cancelRejected();
  cancelOrder(call.state, order, call.now);
  return cancelJson(order, call.params.get('newClientOrderId') ?? newClientOrderId(call), call.now);
}

function cancelAll(call: BinanceCall): unknown {
  const market = marketParam(call.state, call.params);
  const open = call.state.openOrders(call.key.account, market.symbol);
  // Binance answers a cancel-all with nothing to cancel as an unknown order.
  if (open.length === 0) throw binanceErrors.cancelRejected();
  return open.map((order) => {
    cancelOrder(call.state, order, call.now);
    return cancelJson(order, newClientOrderId(call), call.now);
  });
}

export const tradingRoutes: BinanceRoute[] = [
  { method: 'GET', path: '/api/v3/account', signed: true, weight: 20, pool: 'api', handle: account },
  { method: 'GET', path: '/api/v3/openOrders', signed: true, weight: (p) => (p.has('symbol') ? 6 : 80), pool: 'api', handle: openOrders },
  { method: 'POST', path: '/api/v3/order', signed: true, weight: 1, pool: 'api', mutating: true, needs: ['trade'], placesOrder: true, handle: placeNewOrder },
  { method: 'GET', path: '/api/v3/order', signed: true, weight: 4, pool: 'api', handle: queryOrder },
  { method: 'DELETE', path: '/api/v3/order', signed: true, weight: 1, pool: 'api', mutating: true, needs: ['trade'], handle: cancelOne },
  { method: 'DELETE', path: '/api/v3/openOrders', signed: true, weight: 1, pool: 'api', mutating: true, needs: ['trade'], handle: cancelAll },
];
