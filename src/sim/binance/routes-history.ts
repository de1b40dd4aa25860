// Trade, order, deposit and withdrawal history with Binance's parameter rules: myTrades and
// allOrders need a symbol, page at most 1000, accept only the documented parameter combinations
// and a startTime..endTime span of at most 24 hours; capital history windows span at most 90 days.
import { DAY_MS } from '../util/duration.js';
import { BinanceApiError, binanceErrors } from './errors.js';
import { depositJson, orderJson, tradeJson, withdrawalJson } from './format.js';
import { intParam, limitParam, marketParam } from './params.js';
import type { BinanceCall, BinanceRoute } from './types.js';
import { selectByTime, selectFromId } from './window.js';

// The documented combinations, each written as its sorted parameter names.
const SUPPORTED_TRADE_COMBINATIONS = new Set(['', 'orderId', 'startTime', 'endTime', 'fromId', 'endTime+startTime', 'fromId+orderId']);

function timeRange(call: BinanceCall): { startTime?: number; endTime?: number } {
  const startTime = intParam(call.params, 'startTime');
  const endTime = intParam(call.params, 'endTime');
  if (startTime !== undefined && endTime !== undefined) {
    if (endTime < startTime) throw binanceErrors.combination();
    if (endTime - startTime > DAY_MS) throw binanceErrors.intervalTooBig();
  }
  return { startTime, endTime };
}

function myTrades(call: BinanceCall): unknown {
  const market = marketParam(call.state, call.params);
  const present = ['endTime', 'fromId', 'orderId', 'startTime'].filter((n) => call.params.has(n));
  const combination = present.join('+');
  if (!SUPPORTED_TRADE_COMBINATIONS.has(combination)) throw binanceErrors.combination();
  const limit = limitParam(call.params, 500, 1000);
  const range = timeRange(call);
  const orderId = intParam(call.params, 'orderId');
  const fromId = intParam(call.params, 'fromId');
  let trades = call.state.tradesOf(call.key.account, market.symbol);
  if (orderId !== undefined) trades = trades.filter((t) => t.orderId === String(orderId));
  const page = fromId !== undefined ? selectFromId(trades, fromId, limit) : orderId !== undefined ? trades.slice(0, limit) : selectByTime(trades, { ...range, limit });
  return page.map(tradeJson);
}

function allOrders(call: BinanceCall): unknown {
  const market = marketParam(call.state, call.params);
  const limit = limitParam(call.params, 500, 1000);
  const range = timeRange(call);
  const orderId = intParam(call.params, 'orderId');
  const orders = call.state.ordersOf(call.key.account, market.symbol);
  if (orderId !== undefined && range.startTime === undefined && range.endTime === undefined) return selectFromId(orders, orderId, limit).map(orderJson);
  const filtered = orderId === undefined ? orders : orders.filter((o) => Number(o.id) >= orderId);
  return selectByTime(filtered, { ...range, limit }).map(orderJson);
}

/** Capital history window: default the last 90 days; at most 90 days between start and end. */
function capitalWindow(call: BinanceCall): { start: number; end: number } {
  const startTime = intParam(call.params, 'startTime');
  const endTime = intParam(call.params, 'endTime');
  const span = 90 * DAY_MS;
  const start = startTime ?? (endTime ?? call.now) - span;
  const end = endTime ?? (startTime !== undefined ? startTime + span : call.now);
  // ccxt sends exactly 90 days with `since`; Binance accepts that, so only a longer span is refused.
  if (end - start > span) throw new BinanceApiError(400, -1127, 'The time between startTime and endTime must be less than 90 days.');
  if (end < start) throw binanceErrors.combination();
  return { start, end };
}

function transferHistory(call: BinanceCall, kind: 'deposit' | 'withdrawal'): unknown {
  const { start, end } = capitalWindow(call);
  const coin = call.params.get('coin');
  const limit = limitParam(call.params, 1000, 1000);
  const offset = intParam(call.params, 'offset') ?? 0;
  const statusFilter = intParam(call.params, 'status');
  const format = kind === 'deposit' ? depositJson : withdrawalJson;
  const idList = call.params.get('idList')?.split(',');
  const txId = call.params.get('txId');
  const rows = call.state.transfersOf(call.key.account, kind)
    .filter((t) => t.time >= start && t.time <= end && (coin === undefined || t.coin === coin))
    .filter((t) => (idList === undefined || idList.includes(t.id)) && (txId === undefined || t.txId === txId))
    .map(format)
    .filter((row) => statusFilter === undefined || row.status === statusFilter)
    .reverse();
  // Newest first, paged by offset.
  return rows.slice(Math.max(0, offset), Math.max(0, offset) + limit);
}

export const historyRoutes: BinanceRoute[] = [
  { method: 'GET', path: '/api/v3/myTrades', signed: true, weight: (p) => (p.has('orderId') ? 5 : 20), pool: 'api', handle: myTrades },
  { method: 'GET', path: '/api/v3/allOrders', signed: true, weight: 20, pool: 'api', handle: allOrders },
  { method: 'GET', path: '/sapi/v1/capital/deposit/hisrec', signed: true, weight: 1, pool: 'sapi-ip', handle: (c) => transferHistory(c, 'deposit') },
  // Documented as "Weight 18000, 10 requests per second": modelled as the per-second cap.
  { method: 'GET', path: '/sapi/v1/capital/withdraw/history', signed: true, weight: 1, pool: 'sapi-uid', perSecond: 10, handle: (c) => transferHistory(c, 'withdrawal') },
];
