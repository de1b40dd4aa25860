// Binance USDⓈ-M perpetual futures (/fapi): exchange info, leverage brackets, open orders,
// cancelling one or all of a symbol's orders, and positions. Every signed route needs the key's
// `futures` permission (Binance's enableFutures) and answers -2015 without it; every route is
// weighed in the /fapi pool. The history routes are in routes-futures-history.ts.
import { cancelOrder } from '../model/engine.js';
import { positionHistory } from '../model/futures.js';
import type { SimOrder } from '../model/types.js';
import { DAY_MS } from '../util/duration.js';
import { describeWindow } from '../server/windows.js';
import { BinanceApiError, binanceErrors } from './errors.js';
import { futuresCancelJson, futuresOrderJson, perpetualJson, positionJson } from './format-futures.js';
import { intParam, perpetualParam } from './params.js';
import type { BinanceCall, BinanceRoute } from './types.js';

/** Binance's first brackets for a large perpetual: [notional floor, cap, max leverage, maintenance margin ratio, cum]. */
const BRACKETS: Array<[number, number, number, number, number]> = [
  [0, 50_000, 125, 0.004, 0],
  [50_000, 600_000, 100, 0.005, 50],
  [600_000, 3_000_000, 75, 0.0065, 950],
];

function maintMarginRatio(notional: number): number {
  let ratio = BRACKETS[0][3];
  for (const [floor, , , mmr] of BRACKETS) if (Math.abs(notional) >= floor) ratio = mmr;
  return ratio;
}

function perpetuals(call: BinanceCall) {
  return [...call.state.markets.values()].filter((m) => m.futures);
}

function exchangeInfo(call: BinanceCall): unknown {
  const minute = describeWindow(call.limiter.minuteMs);
  const tenSeconds = describeWindow(Math.max(1000, Math.round(call.limiter.minuteMs / 6)));
  const markets = perpetuals(call);
  // Listed long before any history the scenario can hold (at most 730 days).
  const onboardDate = call.state.anchor - 1000 * DAY_MS;
  return {
    timezone: 'UTC', serverTime: call.now, futuresType: 'U_MARGINED',
    // Declared as enforced (REQUEST_WEIGHT) or as Binance declares them (ORDERS), in the scenario's minute.
    rateLimits: [
      { rateLimitType: 'REQUEST_WEIGHT', interval: minute.name, intervalNum: minute.num, limit: call.limiter.settings.fapiRequestWeightPerMinute },
      { rateLimitType: 'ORDERS', interval: minute.name, intervalNum: minute.num, limit: 1200 },
      { rateLimitType: 'ORDERS', interval: tenSeconds.name, intervalNum: tenSeconds.num, limit: 300 },
    ],
    exchangeFilters: [],
    assets: markets.length > 0 ? [{ asset: 'USDT', marginAvailable: true, autoAssetExchange: '-10000' }] : [],
    symbols: markets.map((m) => perpetualJson(m, onboardDate)),
  };
}

function leverageBracket(call: BinanceCall): unknown {
  const markets = call.params.has('symbol') ? [perpetualParam(call.state, call.params)] : perpetuals(call);
  return markets.map((m) => ({
    symbol: m.symbol, notionalCoef: 1.0,
    brackets: BRACKETS.map(([floor, cap, leverage, mmr, cum], i) => ({
      bracket: i + 1, initialLeverage: leverage, notionalCap: cap, notionalFloor: floor, maintMarginRatio: mmr, cum,
    })),
  }));
}

function openOrders(call: BinanceCall): unknown {
  const symbol = call.params.has('symbol') ? perpetualParam(call.state, call.params).symbol : undefined;
  return call.state.openOrders(call.key.account, symbol, 'usdm').map((o) => futuresOrderJson(o, call.state.markets.get(o.symbol)));
}

function findOpenOrder(call: BinanceCall): SimOrder {
  const market = perpetualParam(call.state, call.params);
  const orderId = intParam(call.params, 'orderId');
  const clientOrderId = call.params.get('origClientOrderId');
  if (orderId === undefined && clientOrderId === undefined) {
    throw new BinanceApiError(400, -1102, "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!");
  }
  const by = orderId !== undefined ? { id: String(orderId) } : { clientOrderId };
  const order = call.state.findOrder(call.key.account, market.symbol, by, 'usdm');
  // A filled or already cancelled order cannot be cancelled either: the same "Unknown order sent."
  if (!order || (order.status !== 'NEW' && order.status !== 'PARTIALLY_FILLED')) throw binanceErrors.cancelRejected();
  return order;
}

function cancelOne(call: BinanceCall): unknown {
  const order = findOpenOrder(call);
  cancelOrder(call.state, order, call.now);
  return futuresCancelJson(order, call.state.markets.get(order.symbol));
}

function cancelAll(call: BinanceCall): unknown {
  const market = perpetualParam(call.state, call.params);
  for (const order of call.state.openOrders(call.key.account, market.symbol, 'usdm')) cancelOrder(call.state, order, call.now);
  // Unlike spot, fapi answers the same acknowledgement whether or not anything was open.
  return { code: 200, msg: 'The operation of cancel all open order is done.' };
}

function positionRisk(call: BinanceCall): unknown {
  const { state, key } = call;
  const only = call.params.has('symbol') ? perpetualParam(state, call.params).symbol : undefined;
  const symbols = new Set([...state.tradeSymbols(key.account, 'usdm'), ...state.openOrders(key.account, undefined, 'usdm').map((o) => o.symbol)]);
  const rows: unknown[] = [];
  for (const symbol of [...symbols].sort()) {
    const market = state.markets.get(symbol);
    if (!market || (only !== undefined && symbol !== only)) continue;
    const { position } = positionHistory(state.tradesOf(key.account, symbol, 'usdm'));
    const hasOpenOrders = state.openOrders(key.account, symbol, 'usdm').length > 0;
    // v3 lists only symbols with a position or open orders.
    if (position.amount === 0 && !hasOpenOrders) continue;
    const markPrice = state.prices.price(market, call.now);
    rows.push(positionJson(market, position, markPrice, maintMarginRatio(position.amount * markPrice)));
  }
  return rows;
}

const signed = { signed: true, pool: 'fapi', needs: ['futures'] } satisfies Partial<BinanceRoute>;

export const futuresRoutes: BinanceRoute[] = [
  { method: 'GET', path: '/fapi/v1/exchangeInfo', signed: false, weight: 1, pool: 'fapi', handle: exchangeInfo },
  { method: 'GET', path: '/fapi/v1/leverageBracket', ...signed, weight: 1, handle: leverageBracket },
  { method: 'GET', path: '/fapi/v1/openOrders', ...signed, weight: (p) => (p.has('symbol') ? 1 : 40), handle: openOrders },
  { method: 'DELETE', path: '/fapi/v1/order', ...signed, weight: 1, mutating: true, handle: cancelOne },
  { method: 'DELETE', path: '/fapi/v1/allOpenOrders', ...signed, weight: 1, mutating: true, handle: cancelAll },
  { method: 'GET', path: '/fapi/v3/positionRisk', ...signed, weight: 5, handle: positionRisk },
];
