// The USDⓈ-M futures account: leverage brackets, positions (/fapi/v3/positionRisk, ccxt's default
// for fetchPositions) and the account with its wallet (/fapi/v3/account, ccxt's fetchBalance for
// type 'future'). Cross margin, one-way mode, 20x leverage everywhere; the wallet is the scenario's
// `futuresBalances`, which fills do not move (as spot balances), while positions come from the fills.
import { positionHistory, type FuturesPosition } from '../model/futures.js';
import type { SimMarket } from '../model/types.js';
import { fixed8 } from '../util/decimal.js';
import { DEFAULT_LEVERAGE, positionJson, qty } from './format-futures.js';
import { perpetualParam } from './params.js';
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

function leverageBracket(call: BinanceCall): unknown {
  const markets = call.params.has('symbol') ? [perpetualParam(call.state, call.params)] : [...call.state.markets.values()].filter((m) => m.futures);
  return markets.map((m) => ({
    symbol: m.symbol, notionalCoef: 1.0,
    brackets: BRACKETS.map(([floor, cap, leverage, mmr, cum], i) => ({
      bracket: i + 1, initialLeverage: leverage, notionalCap: cap, notionalFloor: floor, maintMarginRatio: mmr, cum,
    })),
  }));
}

interface OpenPosition {
  market: SimMarket;
  position: FuturesPosition;
  markPrice: number;
}

/**
 * Symbols with a position or open orders (what the v3 endpoints list), optionally just the request's
 * symbol; `everySymbol`: every perpetual, flat ones included (what /fapi/v2/positionRisk lists).
 */
function openPositions(call: BinanceCall, everySymbol = false): OpenPosition[] {
  const { state, key } = call;
  const only = call.params.has('symbol') ? perpetualParam(state, call.params).symbol : undefined;
  const withOrders = new Set(state.openOrders(key.account, undefined, 'usdm').map((o) => o.symbol));
  const perpetuals = everySymbol ? [...state.markets.values()].filter((m) => m.futures).map((m) => m.symbol) : [];
  const symbols = new Set([...perpetuals, ...state.tradeSymbols(key.account, 'usdm'), ...withOrders]);
  const rows: OpenPosition[] = [];
  for (const symbol of [...symbols].sort()) {
    const market = state.markets.get(symbol);
    if (!market || (only !== undefined && symbol !== only)) continue;
    const { position } = positionHistory(state.tradesOf(key.account, symbol, 'usdm'));
    if (position.amount === 0 && !withOrders.has(symbol) && !everySymbol) continue;
    rows.push({ market, position, markPrice: state.prices.price(market, call.now) });
  }
  return rows;
}

function positionRisk(call: BinanceCall): unknown {
  return openPositions(call).map(({ market, position, markPrice }) => {
    const notional = position.amount * markPrice;
    return positionJson(market, position, markPrice, maintMarginRatio(notional));
  });
}

/** The older v2 (ccxt's `useV2`): every perpetual, with leverage and margin type. */
function positionRiskV2(call: BinanceCall): unknown {
  return openPositions(call, true).map(({ market, position, markPrice }) => {
    const notional = position.amount * markPrice;
    return {
      ...positionJson(market, position, markPrice, maintMarginRatio(notional)),
      leverage: String(DEFAULT_LEVERAGE), marginType: 'cross', isAutoAddMargin: 'false', maxNotionalValue: String(BRACKETS[BRACKETS.length - 1][1]),
    };
  });
}

function account(call: BinanceCall): unknown {
  const positions = openPositions(call);
  const wallet = call.state.account(call.key.account).futuresBalances;
  let unrealized = 0;
  let initialMargin = 0;
  let maintMargin = 0;
  for (const { position, markPrice } of positions) {
    const notional = Math.abs(position.amount * markPrice);
    unrealized += (markPrice - position.entryPrice) * position.amount;
    initialMargin += notional / DEFAULT_LEVERAGE;
    maintMargin += notional * maintMarginRatio(notional);
  }
  // Every perpetual settles in USDT, so positions load the USDT row only.
  const assets = [...wallet.entries()].sort().map(([asset, balance]) => {
    const usdt = asset === 'USDT';
    const margin = balance + (usdt ? unrealized : 0);
    const available = Math.max(0, margin - (usdt ? initialMargin : 0));
    return {
      asset, walletBalance: fixed8(balance), unrealizedProfit: fixed8(usdt ? unrealized : 0), marginBalance: fixed8(margin),
      maintMargin: fixed8(usdt ? maintMargin : 0), initialMargin: fixed8(usdt ? initialMargin : 0), positionInitialMargin: fixed8(usdt ? initialMargin : 0),
      openOrderInitialMargin: fixed8(0), crossWalletBalance: fixed8(balance), crossUnPnl: fixed8(usdt ? unrealized : 0),
      availableBalance: fixed8(available), maxWithdrawAmount: fixed8(available), updateTime: call.now,
    };
  });
  const usdt = wallet.get('USDT') ?? 0;
  return {
    totalInitialMargin: fixed8(initialMargin), totalMaintMargin: fixed8(maintMargin), totalWalletBalance: fixed8(usdt),
    totalUnrealizedProfit: fixed8(unrealized), totalMarginBalance: fixed8(usdt + unrealized), totalPositionInitialMargin: fixed8(initialMargin),
    totalOpenOrderInitialMargin: fixed8(0), totalCrossWalletBalance: fixed8(usdt), totalCrossUnPnl: fixed8(unrealized),
    availableBalance: fixed8(Math.max(0, usdt + unrealized - initialMargin)), maxWithdrawAmount: fixed8(Math.max(0, usdt + unrealized - initialMargin)),
    assets,
    positions: positions.map(({ market, position, markPrice }) => {
      const notional = position.amount * markPrice;
      return {
        symbol: market.symbol, positionSide: 'BOTH', positionAmt: qty(market, position.amount), unrealizedProfit: fixed8((markPrice - position.entryPrice) * position.amount),
        isolatedMargin: '0', notional: fixed8(notional), isolatedWallet: '0', initialMargin: fixed8(Math.abs(notional) / DEFAULT_LEVERAGE),
        maintMargin: fixed8(Math.abs(notional) * maintMarginRatio(notional)), updateTime: position.updateTime,
      };
    }),
  };
}

const signed = { signed: true, pool: 'fapi', needs: ['futures'] } satisfies Partial<BinanceRoute>;

export const futuresAccountRoutes: BinanceRoute[] = [
  { method: 'GET', path: '/fapi/v1/leverageBracket', ...signed, weight: 1, handle: leverageBracket },
  { method: 'GET', path: '/fapi/v3/positionRisk', ...signed, weight: 5, handle: positionRisk },
  { method: 'GET', path: '/fapi/v2/positionRisk', ...signed, weight: 5, handle: positionRiskV2 },
  { method: 'GET', path: '/fapi/v3/account', ...signed, weight: 5, handle: account },
];
