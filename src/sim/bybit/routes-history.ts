// Executions, closed orders, deposits, withdrawals and the UTA transaction log: newest first,
// cursor pages, Bybit's windows.
import { DAY_MS } from '../util/duration.js';
import type { SimOrder } from '../model/types.js';
import { ledgerJson, ledgerRows } from './ledger.js';
import { executionJson, orderJson, orderStatus, depositJson, withdrawalJson } from './format.js';
import { bybitWindow, limitParam, pageNewestFirst } from './paging.js';
import { category, spotMarket } from './routes-market.js';
import { bybitErrors } from './errors.js';
import type { BybitCall, BybitRoute } from './types.js';

function symbolsOf(call: BybitCall, kind: 'orders' | 'trades'): string[] {
  const symbol = call.params.get('symbol');
  if (symbol !== undefined) return [spotMarket(call, symbol).symbol];
  const all = kind === 'orders' ? call.state.orderSymbols(call.key.account) : call.state.tradeSymbols(call.key.account);
  const base = call.params.get('baseCoin');
  return all.filter((s) => base === undefined || call.state.markets.get(s)?.base === base);
}

function executions(call: BybitCall): unknown {
  const cat = category(call);
  const limit = limitParam(call.params, 50, 100);
  const window = bybitWindow(call.params, call.now, 7 * DAY_MS, '7 days');
  if (cat !== 'spot') return { nextPageCursor: '', category: cat, list: [] };
  const orderId = call.params.get('orderId');
  const trades = symbolsOf(call, 'trades').flatMap((s) => call.state.tradesOf(call.key.account, s))
    .filter((t) => t.time >= window.start && t.time <= window.end && (orderId === undefined || t.orderId === orderId));
  const { page, next } = pageNewestFirst(trades, (t) => ({ time: t.time, key: String(t.seq) }), call.params, limit);
  return {
    nextPageCursor: next, category: 'spot',
    list: page.map((t) => executionJson(t, call.state.findOrder(call.key.account, t.symbol, { id: t.orderId }), call.state.markets.get(t.symbol))),
  };
}

/** Bybit keeps unfilled cancelled/rejected orders visible for 24 hours only; filled ones stay. */
function visibleInHistory(o: SimOrder, now: number): boolean {
  if (o.status === 'NEW' || o.status === 'PARTIALLY_FILLED') return false;
  if (o.executedQty === 0 && now - o.updateTime > DAY_MS) return false;
  return true;
}

function orderHistory(call: BybitCall): unknown {
  const cat = category(call);
  const limit = limitParam(call.params, 20, 50);
  const window = bybitWindow(call.params, call.now, 7 * DAY_MS, '7 days');
  if (cat !== 'spot') return { nextPageCursor: '', category: cat, list: [] };
  const orderId = call.params.get('orderId');
  const linkId = call.params.get('orderLinkId');
  const status = call.params.get('orderStatus');
  const orders = symbolsOf(call, 'orders').flatMap((s) => call.state.ordersOf(call.key.account, s))
    .filter((o) => o.time >= window.start && o.time <= window.end && visibleInHistory(o, call.now))
    .filter((o) => (orderId === undefined || o.id === orderId) && (linkId === undefined || o.clientOrderId === linkId) && (status === undefined || orderStatus(o) === status));
  const { page, next } = pageNewestFirst(orders, (o) => ({ time: o.time, key: o.id }), call.params, limit);
  return { nextPageCursor: next, category: 'spot', list: page.map((o) => orderJson(o, call.state.markets.get(o.symbol))) };
}

function transfers(call: BybitCall, kind: 'deposit' | 'withdrawal'): unknown {
  const limit = limitParam(call.params, 50, 50);
  const window = bybitWindow(call.params, call.now, 30 * DAY_MS, '30 days');
  const coin = call.params.get('coin');
  const id = call.params.get(kind === 'deposit' ? 'id' : 'withdrawID');
  const txId = call.params.get('txID');
  const rows = call.state.transfersOf(call.key.account, kind)
    .filter((t) => t.time >= window.start && t.time <= window.end && (coin === undefined || t.coin === coin))
    .filter((t) => (id === undefined || t.id === id) && (txId === undefined || t.txId === txId));
  const { page, next } = pageNewestFirst(rows, (t) => ({ time: t.time, key: t.id }), call.params, limit);
  return { rows: page.map(kind === 'deposit' ? depositJson : withdrawalJson), nextPageCursor: next };
}

/** The UTA transaction log (rows: ledger.ts): 7-day windows, the last 24 hours by default, 20 rows a page (at most 50). */
function transactionLog(call: BybitCall): unknown {
  const accountType = call.params.get('accountType');
  if (accountType !== undefined && accountType !== 'UNIFIED') throw bybitErrors.params('accountType only supports UNIFIED');
  const cat = call.params.get('category') === undefined ? undefined : category(call);
  const limit = limitParam(call.params, 20, 50);
  const window = bybitWindow(call.params, call.now, 7 * DAY_MS, '7 days', DAY_MS);
  const currency = call.params.get('currency');
  const baseCoin = call.params.get('baseCoin');
  const type = call.params.get('type');
  const rows = ledgerRows(call.state, call.key.account)
    .filter((r) => r.time >= window.start && r.time <= Math.min(window.end, call.now))
    .filter((r) => (cat === undefined || (cat === 'spot' && r.trade !== undefined)) && (currency === undefined || r.coin === currency))
    .filter((r) => (baseCoin === undefined || r.baseCoin === baseCoin) && (type === undefined || r.type === type));
  const { page, next } = pageNewestFirst(rows, (r) => ({ time: r.time, key: r.id }), call.params, limit);
  return { nextPageCursor: next, list: page.map((r) => ledgerJson(call.state, r)) };
}

export const historyRoutes: BybitRoute[] = [
  { method: 'GET', path: '/v5/execution/list', signed: true, limit: 50, handle: executions },
  { method: 'GET', path: '/v5/order/history', signed: true, limit: 50, handle: orderHistory },
  { method: 'GET', path: '/v5/asset/deposit/query-record', signed: true, limit: 100, perMinute: true, handle: (c) => transfers(c, 'deposit') },
  // 30 requests per second: ccxt's cost 1.66 (of 20 ms); Bybit's per-endpoint table was not checked for it.
  { method: 'GET', path: '/v5/account/transaction-log', signed: true, limit: 30, handle: transactionLog },
  { method: 'GET', path: '/v5/asset/withdraw/query-record', signed: true, limit: 300, perMinute: true, handle: (c) => transfers(c, 'withdrawal') },
];
