// Binance USDⓈ-M futures (/fapi) wire shapes. They differ from spot's: prices and quantities are
// printed to the contract's precision (not 8 decimals), orders carry cumQuote/avgPrice and
// positionSide, trades say buyer/maker (not isBuyer/isMaker, whose presence makes ccxt treat a
// trade as spot) and carry realizedPnl. Positions are one-way (positionSide BOTH).
import { decimalsOf, fixed8, plain } from '../util/decimal.js';
import type { FuturesPosition } from '../model/futures.js';
import type { SimMarket, SimOrder, SimTrade } from '../model/types.js';

/** Binance's deliveryDate for perpetuals (2100-12-25), which ccxt also reads as "no expiry". */
export const PERPETUAL_DELIVERY_DATE = 4133404800000;
/** The leverage the sim's accounts use on every perpetual (Binance's default is 20x). */
export const DEFAULT_LEVERAGE = 20;

const price = (m: SimMarket | undefined, v: number): string => v.toFixed(m ? decimalsOf(m.tickSize) : 8);
/** A quantity to the contract's quantity precision. */
export const qty = (m: SimMarket | undefined, v: number): string => v.toFixed(m ? decimalsOf(m.stepSize) : 8);

/** The fields every futures order answer shares (query, open orders, all orders, cancel). */
function orderFields(o: SimOrder, m: SimMarket | undefined): Record<string, unknown> {
  return {
    orderId: Number(o.id), symbol: o.symbol, status: o.status, clientOrderId: o.clientOrderId, price: price(m, o.price),
    avgPrice: price(m, o.executedQty > 0 ? o.cumQuote / o.executedQty : 0), origQty: qty(m, o.origQty), executedQty: qty(m, o.executedQty),
    cumQuote: plain(o.cumQuote, 8), timeInForce: o.timeInForce, type: o.type, reduceOnly: false, closePosition: false, side: o.side,
    positionSide: 'BOTH', stopPrice: '0', workingType: 'CONTRACT_PRICE', priceProtect: false, origType: o.type, priceMatch: 'NONE',
    selfTradePreventionMode: 'EXPIRE_MAKER', goodTillDate: 0,
  };
}

export function futuresOrderJson(o: SimOrder, m: SimMarket | undefined): Record<string, unknown> {
  return { ...orderFields(o, m), time: o.time, updateTime: o.updateTime };
}

/** DELETE /fapi/v1/order: no `time`, plus `cumQty`; clientOrderId stays the order's own. */
export function futuresCancelJson(o: SimOrder, m: SimMarket | undefined): Record<string, unknown> {
  return { ...orderFields(o, m), cumQty: qty(m, o.executedQty), updateTime: o.updateTime };
}

export function futuresTradeJson(t: SimTrade, m: SimMarket | undefined, realizedPnl: number): Record<string, unknown> {
  return {
    buyer: t.side === 'BUY', commission: fixed8(t.commission), commissionAsset: t.commissionAsset, id: Number(t.id), maker: t.isMaker,
    orderId: Number(t.orderId), price: price(m, t.price), qty: qty(m, t.qty), quoteQty: plain(t.quoteQty, 8), realizedPnl: fixed8(realizedPnl),
    side: t.side, positionSide: 'BOTH', symbol: t.symbol, time: t.time,
  };
}

export type IncomeType = 'COMMISSION' | 'REALIZED_PNL';

export interface IncomeRow {
  symbol: string;
  incomeType: IncomeType;
  income: number;
  asset: string;
  time: number;
  tranId: number;
  tradeId: string;
}

export function incomeJson(row: IncomeRow): Record<string, unknown> {
  return {
    symbol: row.symbol, incomeType: row.incomeType, income: fixed8(row.income), asset: row.asset, info: row.incomeType, time: row.time,
    tranId: row.tranId, tradeId: row.tradeId,
  };
}

/** /fapi/v3/positionRisk, cross margin, one-way mode. */
export function positionJson(m: SimMarket, p: FuturesPosition, markPrice: number, maintMarginRatio: number): Record<string, unknown> {
  const notional = p.amount * markPrice;
  const initialMargin = Math.abs(notional) / DEFAULT_LEVERAGE;
  return {
    symbol: m.symbol, positionSide: 'BOTH', positionAmt: qty(m, p.amount), entryPrice: price(m, p.entryPrice),
    breakEvenPrice: price(m, p.entryPrice), markPrice: fixed8(markPrice), unRealizedProfit: fixed8((markPrice - p.entryPrice) * p.amount),
    liquidationPrice: '0', isolatedMargin: '0', notional: fixed8(notional), marginAsset: m.quote, isolatedWallet: '0',
    initialMargin: fixed8(initialMargin), maintMargin: fixed8(Math.abs(notional) * maintMarginRatio), positionInitialMargin: fixed8(initialMargin),
    openOrderInitialMargin: '0', adl: 0, bidNotional: '0', askNotional: '0', updateTime: p.updateTime,
  };
}

/** A perpetual in /fapi/v1/exchangeInfo: every field ccxt's parseMarket reads for a linear swap. */
export function perpetualJson(m: SimMarket, onboardDate: number): Record<string, unknown> {
  const maxQty = Math.floor(Math.min(90_000_000, 9_000_000_000 / m.price));
  return {
    symbol: m.symbol, pair: m.symbol, contractType: 'PERPETUAL', deliveryDate: PERPETUAL_DELIVERY_DATE, onboardDate, status: 'TRADING',
    maintMarginPercent: '2.5000', requiredMarginPercent: '5.0000', baseAsset: m.base, quoteAsset: m.quote, marginAsset: m.quote,
    pricePrecision: decimalsOf(m.tickSize), quantityPrecision: decimalsOf(m.stepSize), baseAssetPrecision: 8, quotePrecision: 8,
    underlyingType: 'COIN', underlyingSubType: [], settlePlan: 0, triggerProtect: '0.0500', liquidationFee: '0.012500',
    marketTakeBound: '0.05', maxMoveOrderLimit: 10000,
    filters: [
      { filterType: 'PRICE_FILTER', minPrice: price(m, m.tickSize), maxPrice: price(m, m.price * 1000), tickSize: price(m, m.tickSize) },
      { filterType: 'LOT_SIZE', minQty: qty(m, m.stepSize), maxQty: qty(m, maxQty), stepSize: qty(m, m.stepSize) },
      { filterType: 'MARKET_LOT_SIZE', minQty: qty(m, m.stepSize), maxQty: qty(m, maxQty / 10), stepSize: qty(m, m.stepSize) },
      { filterType: 'MAX_NUM_ORDERS', limit: 200 },
      { filterType: 'MAX_NUM_ALGO_ORDERS', limit: 10 },
      { filterType: 'MIN_NOTIONAL', notional: '5' },
      { filterType: 'PERCENT_PRICE', multiplierUp: '1.0500', multiplierDown: '0.9500', multiplierDecimal: '4' },
    ],
    orderTypes: ['LIMIT', 'MARKET', 'STOP', 'STOP_MARKET', 'TAKE_PROFIT', 'TAKE_PROFIT_MARKET', 'TRAILING_STOP_MARKET'],
    timeInForce: ['GTC', 'IOC', 'FOK', 'GTX', 'GTD'], permissionSets: ['GRID', 'COPY'],
  };
}
