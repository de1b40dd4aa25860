// Wallet balance, open orders, place / cancel one / cancel all (per category, optionally per symbol).
import { parseDecimal, plain } from '../util/decimal.js';
import { cancelOrder, placeOrder } from '../model/engine.js';
import { usdPrice } from '../model/markets.js';
import type { SimOrder } from '../model/types.js';
import { bybitErrors } from './errors.js';
import { orderJson } from './format.js';
import { limitParam, pageNewestFirst } from './paging.js';
import { category, spotMarket } from './routes-market.js';
import type { BybitCall, BybitRoute } from './types.js';

function walletBalance(call: BybitCall): unknown {
  const accountType = call.params.get('accountType');
  if (accountType === undefined) throw bybitErrors.params('accountType is required');
  if (accountType !== 'UNIFIED') throw bybitErrors.params('accountType only support UNIFIED');
  const wanted = call.params.get('coin')?.split(',');
  const { state, key } = call;
  let equity = 0;
  const coins = state.assets(key.account).filter((c) => wanted === undefined || wanted.includes(c)).map((coin) => {
    const b = state.balance(key.account, coin);
    const usd = b.total * usdPrice(state.markets, coin);
    equity += usd;
    return {
      coin, walletBalance: plain(b.total), locked: plain(b.locked), totalOrderIM: '0', totalPositionIM: '0', equity: plain(b.total),
      usdValue: plain(usd, 4), availableToWithdraw: '', availableToBorrow: '', borrowAmount: '0', accruedInterest: '0',
      totalPositionMM: '0', unrealisedPnl: '0', cumRealisedPnl: '0', bonus: '0', collateralSwitch: true, marginCollateral: true,
      spotHedgingQty: '0', spotBorrow: '0',
    };
  });
  const total = plain(equity, 4);
  return {
    list: [{
      totalEquity: total, accountIMRate: '0', totalMarginBalance: total, totalInitialMargin: '0', accountType: 'UNIFIED',
      totalAvailableBalance: total, accountMMRate: '0', totalPerpUPL: '0', totalWalletBalance: total, accountLTV: '0',
      totalMaintenanceMargin: '0', coin: coins,
    }],
  };
}

function openOrders(call: BybitCall): unknown {
  const cat = category(call);
  const symbol = call.params.get('symbol');
  if (cat !== 'spot') {
    if (symbol === undefined && !call.params.has('baseCoin') && !call.params.has('settleCoin')) throw bybitErrors.params('symbol, baseCoin or settleCoin is required');
    return { category: cat, list: [], nextPageCursor: '' };
  }
  if (symbol !== undefined) spotMarket(call, symbol);
  const orderId = call.params.get('orderId');
  const linkId = call.params.get('orderLinkId');
  const baseCoin = call.params.get('baseCoin');
  const open = call.state.openOrders(call.key.account, symbol).filter((o) =>
    (orderId === undefined || o.id === orderId) && (linkId === undefined || o.clientOrderId === linkId)
    && (baseCoin === undefined || call.state.markets.get(o.symbol)?.base === baseCoin));
  const { page, next } = pageNewestFirst(open, (o) => ({ time: o.time, key: o.id }), call.params, limitParam(call.params, 20, 50));
  return { category: 'spot', list: page.map((o) => orderJson(o, call.state.markets.get(o.symbol))), nextPageCursor: next };
}

function isMultipleOf(value: number, step: number): boolean {
  const units = value / step;
  return Math.abs(units - Math.round(units)) < 1e-6;
}

function createOrder(call: BybitCall): unknown {
  const cat = category(call);
  if (cat !== 'spot') throw bybitErrors.badSymbol();
  const market = spotMarket(call, call.params.get('symbol'));
  const side = call.params.get('side');
  if (side !== 'Buy' && side !== 'Sell') throw bybitErrors.params('side is invalid');
  const orderType = call.params.get('orderType');
  if (orderType !== 'Limit' && orderType !== 'Market') throw bybitErrors.params('orderType is invalid');
  const amount = parseDecimal(call.params.get('qty'));
  if (amount === undefined || amount <= 0) throw bybitErrors.params('qty is invalid');
  const tif = call.params.get('timeInForce') ?? (orderType === 'Market' ? 'IOC' : 'GTC');
  if (!['GTC', 'IOC', 'FOK', 'PostOnly'].includes(tif)) throw bybitErrors.params('timeInForce is invalid');
  const linkId = call.params.get('orderLinkId') ?? '';
  if (linkId.length > 36) throw bybitErrors.params('orderLinkId is too long');
  if (linkId !== '' && call.state.ordersOf(call.key.account, market.symbol).some((o) => o.clientOrderId === linkId)) throw bybitErrors.duplicateLinkId();
  let price: number | undefined;
  if (orderType === 'Limit') {
    price = parseDecimal(call.params.get('price'));
    if (price === undefined || price <= 0) throw bybitErrors.params('price is invalid');
    if (!isMultipleOf(price, market.tickSize)) throw bybitErrors.priceDecimals();
  }
  // Spot market buys are in quote units unless marketUnit says otherwise (Bybit's default).
  const unit = call.params.get('marketUnit') ?? (side === 'Buy' ? 'quoteCoin' : 'baseCoin');
  if (unit !== 'baseCoin' && unit !== 'quoteCoin') throw bybitErrors.params('marketUnit is invalid');
  const inQuote = orderType === 'Market' && unit === 'quoteCoin';
  if (!inQuote && !isMultipleOf(amount, market.stepSize)) throw bybitErrors.tooManyDecimals();
  const result = placeOrder(call.state, {
    account: call.key.account, market, side: side === 'Buy' ? 'BUY' : 'SELL',
    type: orderType === 'Market' ? 'MARKET' : tif === 'PostOnly' ? 'LIMIT_MAKER' : 'LIMIT',
    qty: inQuote ? undefined : amount, quoteQty: inQuote ? amount : undefined, price,
    timeInForce: tif === 'IOC' || tif === 'FOK' ? tif : 'GTC', clientOrderId: linkId, actor: 'client', time: call.now,
  });
  if (!result.ok) {
    if (result.reason === 'insufficient-balance') throw bybitErrors.insufficient();
    if (result.reason === 'would-take') throw bybitErrors.postOnlyWouldTake();
    if (result.reason === 'min-notional') throw bybitErrors.orderValueTooLow();
    throw bybitErrors.tooManyDecimals();
  }
  return { orderId: result.order.id, orderLinkId: result.order.clientOrderId };
}

function isOpen(o: SimOrder): boolean {
  return o.status === 'NEW' || o.status === 'PARTIALLY_FILLED';
}

function cancelOne(call: BybitCall): unknown {
  const cat = category(call);
  if (cat !== 'spot') throw bybitErrors.orderNotFound();
  const market = spotMarket(call, call.params.get('symbol'));
  const orderId = call.params.get('orderId');
  const linkId = call.params.get('orderLinkId');
  if (orderId === undefined && linkId === undefined) throw bybitErrors.params('orderId or orderLinkId is required');
  const order = call.state.findOrder(call.key.account, market.symbol, orderId !== undefined ? { id: orderId } : { clientOrderId: linkId });
  if (!order || !isOpen(order)) throw bybitErrors.orderNotFound();
  cancelOrder(call.state, order, call.now);
  return { orderId: order.id, orderLinkId: order.clientOrderId };
}

function cancelAll(call: BybitCall): unknown {
  const cat = category(call);
  if (cat !== 'spot') return { list: [], success: '1' };
  const symbol = call.params.get('symbol');
  if (symbol !== undefined) spotMarket(call, symbol);
  const baseCoin = call.params.get('baseCoin');
  const open = call.state.openOrders(call.key.account, symbol).filter((o) => baseCoin === undefined || call.state.markets.get(o.symbol)?.base === baseCoin);
  for (const order of open) cancelOrder(call.state, order, call.now);
  return { list: open.map((o) => ({ orderId: o.id, orderLinkId: o.clientOrderId })), success: '1' };
}

export const tradingRoutes: BybitRoute[] = [
  { method: 'GET', path: '/v5/account/wallet-balance', signed: true, limit: 50, handle: walletBalance },
  { method: 'GET', path: '/v5/order/realtime', signed: true, limit: 50, handle: openOrders },
  { method: 'POST', path: '/v5/order/create', signed: true, limit: 20, mutating: true, needs: ['trade'], handle: createOrder },
  { method: 'POST', path: '/v5/order/cancel', signed: true, limit: 20, mutating: true, needs: ['trade'], handle: cancelOne },
  { method: 'POST', path: '/v5/order/cancel-all', signed: true, limit: 20, mutating: true, needs: ['trade'], handle: cancelAll },
];
