// Binance USDⓈ-M perpetual futures (/fapi): exchange info, open orders, querying an order and
// cancelling one or all of a symbol's orders. Every signed /fapi route needs the key's `futures`
// permission (Binance's enableFutures) and answers -2015 without it; every /fapi route is weighed
// in the /fapi pool. History: routes-futures-history.ts; positions and wallet: routes-futures-account.ts.
import { cancelOrder } from '../model/engine.js';
import { DAY_MS } from '../util/duration.js';
import { describeWindow } from '../server/windows.js';
import { binanceErrors } from './errors.js';
import { futuresCancelJson, futuresOrderJson, perpetualJson } from './format-futures.js';
import { perpetualParam } from './params.js';
import { findOrder } from './routes-trading.js';
import type { BinanceCall, BinanceRoute } from './types.js';

function exchangeInfo(call: BinanceCall): unknown {
  const minute = describeWindow(call.limiter.minuteMs);
  const tenSeconds = describeWindow(Math.max(1000, Math.round(call.limiter.minuteMs / 6)));
  const markets = [...call.state.markets.values()].filter((m) => m.futures);
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

function openOrders(call: BinanceCall): unknown {
  const symbol = call.params.has('symbol') ? perpetualParam(call.state, call.params).symbol : undefined;
  return call.state.openOrders(call.key.account, symbol, 'usdm').map((o) => futuresOrderJson(o, call.state.markets.get(o.symbol)));
}

function queryOrder(call: BinanceCall): unknown {
  const order = findOrder(call, binanceErrors.noSuchOrder, 'usdm');
  return futuresOrderJson(order, call.state.markets.get(order.symbol));
}

function cancelOne(call: BinanceCall): unknown {
  const order = findOrder(call, binanceErrors.cancelRejected, 'usdm');
  // A filled or already cancelled order cannot be cancelled either: the same "Unknown order sent."
  if (order.status !== 'NEW' && order.status !== 'PARTIALLY_FILLED') throw binanceErrors.cancelRejected();
  cancelOrder(call.state, order, call.now);
  return futuresCancelJson(order, call.state.markets.get(order.symbol));
}

function cancelAll(call: BinanceCall): unknown {
  const market = perpetualParam(call.state, call.params);
  for (const order of call.state.openOrders(call.key.account, market.symbol, 'usdm')) cancelOrder(call.state, order, call.now);
  // Unlike spot, fapi answers the same acknowledgement whether or not anything was open.
  return { code: 200, msg: 'The operation of cancel all open order is done.' };
}

const signed = { signed: true, pool: 'fapi', needs: ['futures'] } satisfies Partial<BinanceRoute>;

export const futuresRoutes: BinanceRoute[] = [
  { method: 'GET', path: '/fapi/v1/exchangeInfo', signed: false, weight: 1, pool: 'fapi', handle: exchangeInfo },
  { method: 'GET', path: '/fapi/v1/openOrders', ...signed, weight: (p) => (p.has('symbol') ? 1 : 40), handle: openOrders },
  { method: 'GET', path: '/fapi/v1/order', ...signed, weight: 1, handle: queryOrder },
  { method: 'DELETE', path: '/fapi/v1/order', ...signed, weight: 1, mutating: true, handle: cancelOne },
  { method: 'DELETE', path: '/fapi/v1/allOpenOrders', ...signed, weight: 1, mutating: true, handle: cancelAll },
];
