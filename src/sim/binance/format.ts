// Binance wire shapes for the simulator's records (field names, order and JSON types as Binance
// sends them: ids and times are numbers, amounts are 8-decimal strings).
import { decimalsOf, fixed8, plain } from '../util/decimal.js';
import type { SimMarket, SimOrder, SimTrade, SimTransfer, TransferStatus } from '../model/types.js';

export function orderJson(o: SimOrder): Record<string, unknown> {
  return {
    symbol: o.symbol, orderId: Number(o.id), orderListId: -1, clientOrderId: o.clientOrderId, price: fixed8(o.price),
    origQty: fixed8(o.origQty), executedQty: fixed8(o.executedQty), cummulativeQuoteQty: fixed8(o.cumQuote), status: o.status,
    timeInForce: o.timeInForce, type: o.type, side: o.side, stopPrice: fixed8(0), icebergQty: fixed8(0), time: o.time,
    updateTime: o.updateTime, isWorking: o.status === 'NEW' || o.status === 'PARTIALLY_FILLED' || o.status === 'FILLED' || o.status === 'CANCELED',
    workingTime: o.time, origQuoteOrderQty: fixed8(o.quoteQty ?? 0), selfTradePreventionMode: 'EXPIRE_MAKER',
  };
}

/** The answer to a cancel: the order with `origClientOrderId` and the cancel's own `clientOrderId`. */
export function cancelJson(o: SimOrder, cancelClientOrderId: string, now: number): Record<string, unknown> {
  return {
    symbol: o.symbol, origClientOrderId: o.clientOrderId, orderId: Number(o.id), orderListId: -1, clientOrderId: cancelClientOrderId,
    transactTime: now, price: fixed8(o.price), origQty: fixed8(o.origQty), executedQty: fixed8(o.executedQty),
    origQuoteOrderQty: fixed8(o.quoteQty ?? 0), cummulativeQuoteQty: fixed8(o.cumQuote), status: o.status, timeInForce: o.timeInForce,
    type: o.type, side: o.side, selfTradePreventionMode: 'EXPIRE_MAKER',
  };
}

export function newOrderJson(o: SimOrder, trades: SimTrade[], respType: 'ACK' | 'RESULT' | 'FULL'): Record<string, unknown> {
  const ack = { symbol: o.symbol, orderId: Number(o.id), orderListId: -1, clientOrderId: o.clientOrderId, transactTime: o.time };
  if (respType === 'ACK') return ack;
  const result = {
    ...ack, price: fixed8(o.price), origQty: fixed8(o.origQty), executedQty: fixed8(o.executedQty), origQuoteOrderQty: fixed8(o.quoteQty ?? 0),
    cummulativeQuoteQty: fixed8(o.cumQuote), status: o.status, timeInForce: o.timeInForce, type: o.type, side: o.side,
    workingTime: o.time, selfTradePreventionMode: 'EXPIRE_MAKER',
  };
  if (respType === 'RESULT') return result;
  return {
    ...result,
    fills: trades.map((t) => ({ price: fixed8(t.price), qty: fixed8(t.qty), commission: fixed8(t.commission), commissionAsset: t.commissionAsset, tradeId: Number(t.id) })),
  };
}

export function tradeJson(t: SimTrade): Record<string, unknown> {
  return {
    symbol: t.symbol, id: Number(t.id), orderId: Number(t.orderId), orderListId: -1, price: fixed8(t.price), qty: fixed8(t.qty),
    quoteQty: fixed8(t.quoteQty), commission: fixed8(t.commission), commissionAsset: t.commissionAsset, time: t.time,
    isBuyer: t.side === 'BUY', isMaker: t.isMaker, isBestMatch: true,
  };
}

const DEPOSIT_STATUS: Record<TransferStatus, number> = { completed: 1, pending: 0, failed: 7, canceled: 7, rejected: 7 };
const WITHDRAW_STATUS: Record<TransferStatus, number> = { completed: 6, pending: 4, failed: 5, canceled: 1, rejected: 3 };

export function depositJson(t: SimTransfer): Record<string, unknown> {
  return {
    id: t.id, amount: plain(t.amount), coin: t.coin, network: t.network, status: DEPOSIT_STATUS[t.status], address: t.address,
    addressTag: '', txId: t.txId, insertTime: t.time, completeTime: t.completeTime, transferType: 0, confirmTimes: '2/2',
    unlockConfirm: 2, walletType: 0,
  };
}

/** "2024-06-09 10:20:30" in UTC, as Binance prints withdrawal times. */
export function binanceDateTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}

export function withdrawalJson(t: SimTransfer): Record<string, unknown> {
  const done = t.status === 'completed';
  return {
    id: t.id, amount: fixed8(t.amount), transactionFee: plain(t.fee), coin: t.coin, status: WITHDRAW_STATUS[t.status],
    address: t.address, txId: t.txId, applyTime: binanceDateTime(t.time), network: t.network, transferType: 0, info: '',
    confirmNo: done ? 12 : 0, walletType: 0, txKey: '', ...(done ? { completeTime: binanceDateTime(t.completeTime) } : {}),
  };
}

export function symbolJson(m: SimMarket): Record<string, unknown> {
  const priceDecimals = 8;
  const maxQty = Math.floor(Math.min(90_000_000, 9_000_000_000 / m.price));
  return {
    symbol: m.symbol, status: 'TRADING', baseAsset: m.base, baseAssetPrecision: 8, quoteAsset: m.quote, quotePrecision: 8,
    quoteAssetPrecision: 8, baseCommissionPrecision: 8, quoteCommissionPrecision: 8,
    orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT'],
    icebergAllowed: true, ocoAllowed: true, otoAllowed: true, quoteOrderQtyMarketAllowed: true, allowTrailingStop: true,
    cancelReplaceAllowed: true, amendAllowed: true, isSpotTradingAllowed: true, isMarginTradingAllowed: false,
    filters: [
      { filterType: 'PRICE_FILTER', minPrice: m.tickSize.toFixed(priceDecimals), maxPrice: fixed8(m.price * 1000), tickSize: m.tickSize.toFixed(priceDecimals) },
      { filterType: 'LOT_SIZE', minQty: m.stepSize.toFixed(8), maxQty: fixed8(maxQty), stepSize: m.stepSize.toFixed(8) },
      { filterType: 'ICEBERG_PARTS', limit: 10 },
      { filterType: 'MARKET_LOT_SIZE', minQty: fixed8(0), maxQty: fixed8(maxQty / 100), stepSize: fixed8(0) },
      { filterType: 'NOTIONAL', minNotional: fixed8(m.minNotional), applyMinToMarket: true, maxNotional: fixed8(9_000_000), applyMaxToMarket: false, avgPriceMins: 5 },
      { filterType: 'MAX_NUM_ORDERS', maxNumOrders: 200 },
    ],
    permissions: [], permissionSets: [['SPOT', 'MARGIN']], defaultSelfTradePreventionMode: 'EXPIRE_MAKER',
    allowedSelfTradePreventionModes: ['EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH'],
  };
}

/** A kline row: prices with the market's tick decimals printed to 8 places, as Binance does. */
export function klineJson(m: SimMarket, c: [number, number, number, number, number, number, number, number], intervalMs: number): unknown[] {
  const p = (v: number): string => Number(v.toFixed(decimalsOf(m.tickSize))).toFixed(8);
  const v = (x: number): string => Number(x.toFixed(decimalsOf(m.stepSize))).toFixed(8);
  return [c[0], p(c[1]), p(c[2]), p(c[3]), p(c[4]), v(c[5]), c[0] + intervalMs - 1, fixed8(c[6]), c[7], v(c[5] * 0.5), fixed8(c[6] * 0.5), '0'];
}
