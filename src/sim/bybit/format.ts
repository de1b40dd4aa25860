// Bybit v5 wire shapes: every number is a string (except a few flags), times are ms strings,
// prices carry the instrument's tick decimals.
import { decimalsOf, plain } from '../util/decimal.js';
import type { SimKey, SimMarket, SimOrder, SimTrade, SimTransfer, TransferStatus } from '../model/types.js';

export function price(m: SimMarket | undefined, value: number): string {
  return m ? value.toFixed(decimalsOf(m.tickSize)) : plain(value);
}

export function qty(m: SimMarket | undefined, value: number): string {
  return m ? plain(Number(value.toFixed(decimalsOf(m.stepSize)))) : plain(value);
}

export function orderStatus(o: SimOrder): string {
  switch (o.status) {
    case 'NEW': return 'New';
    case 'PARTIALLY_FILLED': return 'PartiallyFilled';
    case 'FILLED': return 'Filled';
    case 'REJECTED': return 'Rejected';
    default: return o.executedQty > 0 ? 'PartiallyFilledCanceled' : 'Cancelled';
  }
}

export function orderJson(o: SimOrder, m: SimMarket | undefined): Record<string, unknown> {
  const isMarket = o.type === 'MARKET';
  // A market buy placed in quote units reports qty in quote units.
  const amount = isMarket && marketUnit(o) === 'quoteCoin' ? (o.quoteQty ?? o.cumQuote) : o.origQty;
  const avg = o.executedQty > 0 ? o.cumQuote / o.executedQty : 0;
  const fee = o.executedQty > 0 ? (o.side === 'BUY' ? o.executedQty : o.cumQuote) * 0.001 : 0;
  const feeCoin = m ? (o.side === 'BUY' ? m.base : m.quote) : '';
  return {
    orderId: o.id, orderLinkId: o.clientOrderId, blockTradeId: '', symbol: o.symbol, price: isMarket ? '0' : price(m, o.price),
    qty: marketUnit(o) === 'quoteCoin' && isMarket ? plain(amount, 8) : qty(m, amount), side: o.side === 'BUY' ? 'Buy' : 'Sell', isLeverage: '0', positionIdx: 0, orderStatus: orderStatus(o),
    createType: 'CreateByUser', cancelType: o.status === 'CANCELED' ? 'CancelByUser' : 'UNKNOWN', rejectReason: 'EC_NoError',
    avgPrice: avg > 0 ? price(m, avg) : '', leavesQty: qty(m, o.status === 'NEW' || o.status === 'PARTIALLY_FILLED' ? o.origQty - o.executedQty : 0),
    leavesValue: plain((o.status === 'NEW' || o.status === 'PARTIALLY_FILLED' ? o.origQty - o.executedQty : 0) * o.price, 8),
    cumExecQty: qty(m, o.executedQty), cumExecValue: plain(o.cumQuote, 8), cumExecFee: plain(fee, 10),
    cumFeeDetail: fee > 0 ? { [feeCoin]: plain(fee, 10) } : {},
    timeInForce: o.type === 'LIMIT_MAKER' ? 'PostOnly' : isMarket ? 'IOC' : o.timeInForce, orderType: isMarket ? 'Market' : 'Limit',
    stopOrderType: '', orderIv: '',
    // Spot market orders say which unit qty is in (ccxt reads it: a market buy without it is quote-denominated).
    ...(isMarket ? { marketUnit: marketUnit(o) } : {}),
    triggerPrice: '0', takeProfit: '0', stopLoss: '0', tpTriggerBy: '', slTriggerBy: '', triggerDirection: 0, triggerBy: '',
    lastPriceOnCreated: '', reduceOnly: false, closeOnTrigger: false, smpType: 'None', smpGroup: 0, smpOrderId: '', tpslMode: '',
    tpLimitPrice: '0', slLimitPrice: '0', placeType: '', extraFees: '', slippageTolerance: '0', slippageToleranceType: 'UNKNOWN',
    createdTime: String(o.time), updatedTime: String(o.updateTime),
  };
}

function marketUnit(o: SimOrder): string {
  return o.quoteQty !== undefined && o.side === 'BUY' ? 'quoteCoin' : 'baseCoin';
}

export function executionJson(t: SimTrade, o: SimOrder | undefined, m: SimMarket | undefined): Record<string, unknown> {
  return {
    symbol: t.symbol, orderType: o?.type === 'MARKET' ? 'Market' : 'Limit', underlyingPrice: '', orderLinkId: o?.clientOrderId ?? '',
    side: t.side === 'BUY' ? 'Buy' : 'Sell', indexPrice: '', orderId: t.orderId, stopOrderType: '', leavesQty: '0',
    execTime: String(t.time), feeCurrency: t.commissionAsset, isMaker: t.isMaker, execFee: plain(t.commission, 10),
    feeRate: plain(t.feeRate), execId: t.id, tradeIv: '', blockTradeId: '', markPrice: '', execPrice: price(m, t.price), markIv: '',
    orderQty: qty(m, o?.origQty ?? t.qty), orderPrice: o && o.type !== 'MARKET' ? price(m, o.price) : '0', execValue: plain(t.quoteQty, 8),
    execType: 'Trade', execQty: qty(m, t.qty), closedSize: '', seq: t.seq, marketUnit: o?.type === 'MARKET' ? marketUnit(o) : '',
  };
}

const DEPOSIT_STATUS: Record<TransferStatus, number> = { completed: 3, pending: 1, failed: 4, canceled: 4, rejected: 4 };
const WITHDRAW_STATUS: Record<TransferStatus, string> = { completed: 'success', pending: 'Pending', failed: 'Fail', canceled: 'CancelByUser', rejected: 'Reject' };

export function depositJson(t: SimTransfer): Record<string, unknown> {
  return {
    coin: t.coin, chain: t.network, amount: plain(t.amount), txID: t.txId, status: DEPOSIT_STATUS[t.status], toAddress: t.address,
    tag: '', depositFee: '', successAt: String(t.status === 'completed' ? t.completeTime : t.time), confirmations: '50', txIndex: '0',
    blockHash: '', batchReleaseLimit: '-1', depositType: '0', fromAddress: '', taxDepositRecordsId: '0', taxStatus: 0, id: t.id,
  };
}

export function withdrawalJson(t: SimTransfer): Record<string, unknown> {
  return {
    coin: t.coin, chain: t.network, amount: plain(t.amount), txID: t.txId, status: WITHDRAW_STATUS[t.status], toAddress: t.address,
    tag: '', withdrawFee: plain(t.fee), createTime: String(t.time), updateTime: String(t.status === 'pending' ? t.time : t.completeTime),
    withdrawId: t.id, withdrawType: 0, fee: '', tax: '', taxRate: '', taxType: '',
  };
}

/** Bybit's permission map for a key. */
export function permissionsJson(k: SimKey): Record<string, string[]> {
  const wallet: string[] = [];
  if (k.permissions.has('transfer')) wallet.push('AccountTransfer');
  if (k.permissions.has('subaccount-transfer')) wallet.push('SubMemberTransfer');
  if (k.permissions.has('withdraw')) wallet.push('Withdraw');
  const futures = k.permissions.has('futures');
  return {
    ContractTrade: futures ? ['Order', 'Position'] : [], Spot: k.permissions.has('trade') ? ['SpotTrade'] : [], Wallet: wallet, Options: [],
    Derivatives: futures ? ['DerivativesTrade'] : [],
    CopyTrading: [], BlockTrade: [], Exchange: [], NFT: [], Affiliate: [], Earn: [],
  };
}

export function isReadOnly(k: SimKey): boolean {
  return !['trade', 'withdraw', 'transfer', 'subaccount-transfer', 'futures'].some((p) => k.permissions.has(p as 'trade'));
}

export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function instrumentJson(m: SimMarket): Record<string, unknown> {
  return {
    symbol: m.symbol, baseCoin: m.base, quoteCoin: m.quote, innovation: m.illiquid ? '1' : '0', status: 'Trading',
    marginTrading: m.illiquid ? 'none' : 'utaOnly', stTag: '0',
    lotSizeFilter: {
      basePrecision: plain(m.stepSize), quotePrecision: '0.00000001',
      minOrderQty: plain(m.stepSize), maxOrderQty: plain(Math.floor(Math.min(90_000_000, 9_000_000_000 / m.price))),
      minOrderAmt: plain(m.minNotional), maxOrderAmt: '8000000',
    },
    priceFilter: { tickSize: plain(m.tickSize) },
    riskParameters: { priceLimitRatioX: '0.05', priceLimitRatioY: '0.1' },
  };
}
