// USDⓈ-M futures history with Binance's /fapi rules (weights: userTrades 5, allOrders 5, income 30).
//   userTrades, allOrders: symbol required; limit default 500, max 1000; startTime..endTime at most
//   7 days apart (-1127); with neither the last 7 days, with startTime only [startTime, +7d], with
//   endTime only [endTime - 7d, endTime]; within the window the OLDEST records first, up to limit.
//   userTrades: fromId (ids >= fromId, oldest first) cannot be combined with a time bound (-1106).
//   allOrders: orderId alone gives ids >= orderId oldest first (with a time bound it filters the window).
//   income: symbol, incomeType, startTime, endTime optional; limit default 100, max 1000; with no
//   time bound the last 7 days; otherwise [startTime, endTime] with either end open; oldest first.
import { positionHistory } from '../model/futures.js';
import type { SimOrder } from '../model/types.js';
import { DAY_MS } from '../util/duration.js';
import { binanceErrors } from './errors.js';
import { futuresOrderJson, futuresTradeJson, incomeJson, type IncomeRow } from './format-futures.js';
import { intParam, limitParam, perpetualParam } from './params.js';
import type { BinanceCall, BinanceRoute } from './types.js';
import { selectByTime, selectFromId } from './window.js';

const WEEK_MS = 7 * DAY_MS;
/**
 * Binance's allOrders rule: an order that is CANCELED or EXPIRED, has no fill, and was created more
 * than 3 days ago is no longer returned ("these orders will not be found").
 */
const FORGOTTEN_AFTER_MS = 3 * DAY_MS;

/** The [from, to] window of a userTrades / allOrders request, both ends inclusive. */
function weekWindow(call: BinanceCall): { from: number; to: number } {
  const start = intParam(call.params, 'startTime');
  const end = intParam(call.params, 'endTime');
  if (start !== undefined && end !== undefined) {
    if (end < start) throw binanceErrors.combination();
    if (end - start > WEEK_MS) throw binanceErrors.futuresIntervalTooBig();
    return { from: start, to: end };
  }
  if (start !== undefined) return { from: start, to: start + WEEK_MS };
  if (end !== undefined) return { from: end - WEEK_MS, to: end };
  return { from: call.now - WEEK_MS, to: call.now };
}

function userTrades(call: BinanceCall): unknown {
  const market = perpetualParam(call.state, call.params);
  const limit = limitParam(call.params, 500, 1000);
  const fromId = intParam(call.params, 'fromId');
  const orderId = intParam(call.params, 'orderId');
  const timeBound = ['startTime', 'endTime'].find((n) => call.params.has(n));
  if (fromId !== undefined && timeBound !== undefined) throw binanceErrors.notRequired(timeBound);
  const trades = call.state.tradesOf(call.key.account, market.symbol, 'usdm');
  const { realizedPnl } = positionHistory(trades);
  let page;
  if (fromId !== undefined) page = selectFromId(trades, fromId, limit);
  else if (orderId !== undefined) page = trades.filter((t) => t.orderId === String(orderId)).slice(0, limit);
  else {
    const { from, to } = weekWindow(call);
    page = selectByTime(trades, { startTime: from, endTime: to, limit });
  }
  return page.map((t) => futuresTradeJson(t, market, realizedPnl.get(t) ?? 0));
}

function stillFound(o: SimOrder, now: number): boolean {
  return !((o.status === 'CANCELED' || o.status === 'EXPIRED') && o.executedQty === 0 && o.time + FORGOTTEN_AFTER_MS < now);
}

function allOrders(call: BinanceCall): unknown {
  const market = perpetualParam(call.state, call.params);
  const limit = limitParam(call.params, 500, 1000);
  const orderId = intParam(call.params, 'orderId');
  const orders = call.state.ordersOf(call.key.account, market.symbol, 'usdm').filter((o) => stillFound(o, call.now));
  const timeBound = call.params.has('startTime') || call.params.has('endTime');
  let page;
  if (orderId !== undefined && !timeBound) page = selectFromId(orders, orderId, limit);
  else {
    const { from, to } = weekWindow(call);
    const candidates = orderId === undefined ? orders : orders.filter((o) => Number(o.id) >= orderId);
    page = selectByTime(candidates, { startTime: from, endTime: to, limit });
  }
  return page.map((o) => futuresOrderJson(o, market));
}

/** Per state and account: the income rows of a symbol, rebuilt only when its fills grew. */
const incomeCache = new WeakMap<object, Map<string, { fills: number; rows: IncomeRow[] }>>();

/**
 * A symbol's income flow: one COMMISSION row (negative) per futures fill, and a REALIZED_PNL row
 * for each fill that reduced the position (model/futures.ts). tranIds are unique per account:
 * derived from the fill's exchange-wide sequence number, one slot per income type.
 */
function symbolIncome(call: BinanceCall, symbol: string): IncomeRow[] {
  let perAccount = incomeCache.get(call.state);
  if (!perAccount) incomeCache.set(call.state, (perAccount = new Map()));
  const trades = call.state.tradesOf(call.key.account, symbol, 'usdm');
  const key = `${call.key.account}\n${symbol}`;
  const cached = perAccount.get(key);
  if (cached && cached.fills === trades.length) return cached.rows;
  const { realizedPnl } = positionHistory(trades);
  const rows: IncomeRow[] = [];
  for (const t of trades) {
    const base = { symbol, asset: t.commissionAsset, time: t.time, tradeId: t.id };
    rows.push({ ...base, incomeType: 'COMMISSION', income: -t.commission, tranId: 9_000_000_000 + 2 * t.seq });
    const pnl = realizedPnl.get(t) ?? 0;
    if (pnl !== 0) rows.push({ ...base, incomeType: 'REALIZED_PNL', income: pnl, tranId: 9_000_000_001 + 2 * t.seq });
  }
  perAccount.set(key, { fills: trades.length, rows });
  return rows;
}

function incomeRows(call: BinanceCall, symbols: string[]): IncomeRow[] {
  return symbols.flatMap((symbol) => symbolIncome(call, symbol)).sort((a, b) => a.time - b.time || a.tranId - b.tranId);
}

const INCOME_TYPES = new Set(['TRANSFER', 'WELCOME_BONUS', 'REALIZED_PNL', 'FUNDING_FEE', 'COMMISSION', 'INSURANCE_CLEAR', 'REFERRAL_KICKBACK',
  'COMMISSION_REBATE', 'API_REBATE', 'CONTEST_REWARD', 'CROSS_COLLATERAL_TRANSFER', 'OPTIONS_PREMIUM_FEE', 'OPTIONS_SETTLE_PROFIT',
  'INTERNAL_TRANSFER', 'AUTO_EXCHANGE', 'DELIVERED_SETTELMENT', 'COIN_SWAP_DEPOSIT', 'COIN_SWAP_WITHDRAW', 'POSITION_LIMIT_INCREASE_FEE']);

function income(call: BinanceCall): unknown {
  const symbols = call.params.has('symbol') ? [perpetualParam(call.state, call.params).symbol] : call.state.tradeSymbols(call.key.account, 'usdm');
  const incomeType = call.params.get('incomeType');
  if (incomeType !== undefined && !INCOME_TYPES.has(incomeType)) throw binanceErrors.badValue('incomeType');
  const limit = limitParam(call.params, 100, 1000);
  const start = intParam(call.params, 'startTime');
  const end = intParam(call.params, 'endTime');
  if (start !== undefined && end !== undefined && end < start) throw binanceErrors.combination();
  const noBound = start === undefined && end === undefined;
  const rows = incomeRows(call, symbols).filter((r) => incomeType === undefined || r.incomeType === incomeType);
  const page = selectByTime(rows, { startTime: noBound ? call.now - WEEK_MS : (start ?? 0), endTime: end, limit });
  return page.map(incomeJson);
}

const signed = { signed: true, pool: 'fapi', needs: ['futures'] } satisfies Partial<BinanceRoute>;

export const futuresHistoryRoutes: BinanceRoute[] = [
  { method: 'GET', path: '/fapi/v1/userTrades', ...signed, weight: 5, handle: userTrades },
  { method: 'GET', path: '/fapi/v1/allOrders', ...signed, weight: 5, handle: allOrders },
  { method: 'GET', path: '/fapi/v1/income', ...signed, weight: 30, handle: income },
];
