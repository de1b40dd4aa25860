// Public market data and the account probes ccxt runs (coin info, account info). The sim trades
// spot only: linear, inverse and option categories answer with empty lists.
import { candleOpen } from '../model/price.js';
import { defaultNetwork, withdrawFee } from '../model/baseline.js';
import { DAY_MS, MINUTE_MS } from '../util/duration.js';
import { plain } from '../util/decimal.js';
import type { SimMarket } from '../model/types.js';
import { bybitErrors } from './errors.js';
import { instrumentJson, price } from './format.js';
import { limitParam } from './paging.js';
import type { BybitCall, BybitRoute } from './types.js';

const CATEGORIES = new Set(['spot', 'linear', 'inverse', 'option']);

export function category(call: BybitCall, fallback?: string): string {
  const value = call.params.get('category') ?? fallback;
  if (value === undefined || !CATEGORIES.has(value)) throw bybitErrors.params('category is invalid');
  return value;
}

export function spotMarket(call: BybitCall, symbol: string | undefined): SimMarket {
  const market = symbol === undefined ? undefined : call.state.markets.get(symbol);
  if (!market) throw bybitErrors.badSymbol();
  return market;
}

function instruments(call: BybitCall): unknown {
  const cat = category(call);
  if (cat !== 'spot') return { category: cat, list: [], nextPageCursor: '' };
  const symbol = call.params.get('symbol');
  const base = call.params.get('baseCoin');
  const list = [...call.state.markets.values()].filter((m) => (symbol === undefined || m.symbol === symbol) && (base === undefined || m.base === base));
  return { category: 'spot', list: list.map(instrumentJson) };
}

const INTERVALS: Record<string, number> = {
  '1': MINUTE_MS, '3': 3 * MINUTE_MS, '5': 5 * MINUTE_MS, '15': 15 * MINUTE_MS, '30': 30 * MINUTE_MS, '60': 60 * MINUTE_MS,
  '120': 120 * MINUTE_MS, '240': 240 * MINUTE_MS, '360': 360 * MINUTE_MS, '720': 720 * MINUTE_MS, D: DAY_MS, W: 7 * DAY_MS, M: 30 * DAY_MS,
};

function klines(call: BybitCall): unknown {
  const cat = category(call, 'linear');
  const symbol = call.params.get('symbol');
  if (symbol === undefined) throw bybitErrors.params('symbol is required');
  if (cat !== 'spot') throw bybitErrors.badSymbol();
  const market = spotMarket(call, symbol);
  const interval = INTERVALS[call.params.get('interval') ?? ''];
  if (interval === undefined) throw bybitErrors.params('interval is invalid');
  const limit = limitParam(call.params, 200, 1000);
  const startText = call.params.get('start');
  const endText = call.params.get('end');
  const start = startText === undefined ? undefined : Number(startText);
  const end = Math.min(call.now, endText === undefined ? call.now : Number(endText));
  if ((start !== undefined && !Number.isFinite(start)) || !Number.isFinite(end)) throw bybitErrors.params('start or end is invalid');
  const opens: number[] = [];
  const first = start === undefined ? undefined : candleOpen(start, interval) < start ? candleOpen(start, interval) + interval : candleOpen(start, interval);
  // Newest first: the most recent `limit` candles in [start, end].
  for (let t = candleOpen(end, interval); opens.length < limit && (first === undefined || t >= first); t -= interval) opens.push(t);
  const list = opens.map((t) => {
    const c = call.state.prices.candle(market, t, interval);
    return [String(c[0]), price(market, c[1]), price(market, c[2]), price(market, c[3]), price(market, c[4]), plain(c[5], 6), plain(c[6], 4)];
  });
  return { symbol: market.symbol, category: 'spot', list };
}

function tickers(call: BybitCall): unknown {
  const cat = category(call);
  if (cat !== 'spot') return { category: cat, list: [] };
  const symbol = call.params.get('symbol');
  const markets = symbol === undefined ? [...call.state.markets.values()] : [spotMarket(call, symbol)];
  return {
    category: 'spot',
    list: markets.map((m) => {
      const last = call.state.prices.price(m, call.now);
      const day = call.state.prices.candle(m, call.now - DAY_MS, DAY_MS);
      return {
        symbol: m.symbol, bid1Price: price(m, last * 0.9999), bid1Size: '1', ask1Price: price(m, last * 1.0001), ask1Size: '1',
        lastPrice: price(m, last), prevPrice24h: price(m, day[1]), price24hPcnt: plain((last - day[1]) / day[1], 4),
        highPrice24h: price(m, day[2]), lowPrice24h: price(m, day[3]), turnover24h: plain(day[6], 4), volume24h: plain(day[5], 6), usdIndexPrice: '',
      };
    }),
  };
}

function coinInfo(call: BybitCall): unknown {
  const wanted = call.params.get('coin');
  const coins = new Set<string>();
  for (const m of call.state.markets.values()) coins.add(m.base).add(m.quote);
  return {
    rows: [...coins].sort().filter((c) => wanted === undefined || c === wanted).map((coin) => ({
      name: coin, coin, remainAmount: '10000000',
      chains: [{
        chainType: defaultNetwork(coin), confirmation: '6', withdrawFee: plain(withdrawFee(coin)), depositMin: '0',
        withdrawMin: plain(withdrawFee(coin) * 2), chain: defaultNetwork(coin), chainDeposit: '1', chainWithdraw: '1', minAccuracy: '8',
        withdrawPercentageFee: '0', contractAddress: '', safeConfirmNumber: '6', withdrawMax: '10000000',
      }],
    })),
  };
}

function accountInfo(call: BybitCall): unknown {
  return {
    marginMode: 'REGULAR_MARGIN', updatedTime: String(call.state.account(call.key.account).createdAt), unifiedMarginStatus: 5,
    dcpStatus: 'OFF', timeWindow: 10, smpGroup: 0, isMasterTrader: false, spotHedgingStatus: 'OFF',
  };
}

export const marketRoutes: BybitRoute[] = [
  { method: 'GET', path: '/v5/market/time', signed: false, handle: (c) => ({ timeSecond: String(Math.floor(c.now / 1000)), timeNano: `${c.now}000000` }) },
  { method: 'GET', path: '/v5/market/instruments-info', signed: false, handle: instruments },
  { method: 'GET', path: '/v5/market/kline', signed: false, handle: klines },
  { method: 'GET', path: '/v5/market/tickers', signed: false, handle: tickers },
  { method: 'GET', path: '/v5/asset/coin/query-info', signed: true, limit: 5, handle: coinInfo },
  { method: 'GET', path: '/v5/account/info', signed: true, limit: 50, handle: accountInfo },
];
