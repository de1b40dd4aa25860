// Public market data, plus the other endpoints ccxt's loadMarkets asks for (currencies, margin
// pairs, COIN-M futures exchangeInfo answered as empty markets: the sim has no COIN-M contracts;
// USDⓈ-M futures are in routes-futures.ts).
import { candleOpen, intervalMs } from '../model/price.js';
import { defaultNetwork, withdrawFee } from '../model/baseline.js';
import { describeWindow } from '../server/windows.js';
import { binanceErrors } from './errors.js';
import { klineJson, symbolJson } from './format.js';
import { intParam, limitParam, marketParam, requireParam } from './params.js';
import type { BinanceCall, BinanceRoute } from './types.js';

function exchangeInfo(call: BinanceCall): unknown {
  const w = describeWindow(call.limiter.minuteMs);
  const s = call.limiter.settings;
  const wanted = new Set<string>();
  const one = call.params.get('symbol');
  if (one) wanted.add(one);
  const many = call.params.get('symbols');
  if (many) {
    try {
      for (const item of JSON.parse(many) as unknown[]) wanted.add(String(item));
    } catch {
      throw binanceErrors.badValue('symbols');
    }
  }
  const markets = [...call.state.markets.values()].filter((m) => wanted.size === 0 || wanted.has(m.symbol));
  if (wanted.size > 0 && markets.length !== wanted.size) throw binanceErrors.badSymbol();
  const orderWindow = describeWindow(Math.max(1000, Math.round(call.limiter.minuteMs / 6)));
  return {
    timezone: 'UTC',
    serverTime: call.now,
    // Declared exactly as the limiter enforces them (the "minute" may be time-scaled).
    rateLimits: [
      { rateLimitType: 'REQUEST_WEIGHT', interval: w.name, intervalNum: w.num, limit: s.requestWeightPerMinute },
      { rateLimitType: 'ORDERS', interval: orderWindow.name, intervalNum: orderWindow.num, limit: s.ordersPer10Seconds },
      { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 200000 },
      { rateLimitType: 'RAW_REQUESTS', interval: w.name, intervalNum: w.num * 5, limit: 61000 },
    ],
    exchangeFilters: [],
    symbols: markets.map(symbolJson),
  };
}

function klines(call: BinanceCall): unknown {
  const market = marketParam(call.state, call.params);
  const interval = intervalMs(requireParam(call.params, 'interval'));
  if (interval === undefined) throw binanceErrors.badInterval();
  const limit = limitParam(call.params, 500, 1000);
  const start = intParam(call.params, 'startTime');
  const end = intParam(call.params, 'endTime');
  const lastOpen = candleOpen(Math.min(call.now, end ?? call.now), interval);
  const opens: number[] = [];
  if (start !== undefined) {
    // Oldest first: candles opening at or after startTime.
    const first = candleOpen(start, interval) < start ? candleOpen(start, interval) + interval : candleOpen(start, interval);
    for (let t = first; t <= lastOpen && opens.length < limit; t += interval) opens.push(t);
  } else {
    for (let t = lastOpen; opens.length < limit; t -= interval) opens.unshift(t);
  }
  return opens.map((t) => klineJson(market, call.state.prices.candle(market, t, interval), interval));
}

function tickerPrice(call: BinanceCall): unknown {
  const price = (symbol: string): unknown => {
    const m = call.state.markets.get(symbol);
    if (!m) throw binanceErrors.badSymbol();
    return { symbol: m.symbol, price: call.state.prices.price(m, call.now).toFixed(8) };
  };
  const one = call.params.get('symbol');
  return one ? price(one) : [...call.state.markets.keys()].map(price);
}

function ticker24hr(call: BinanceCall): unknown {
  const ticker = (symbol: string): unknown => {
    const m = call.state.markets.get(symbol);
    if (!m) throw binanceErrors.badSymbol();
    const day = call.state.prices.candle(m, call.now - 86_400_000, 86_400_000);
    const last = call.state.prices.price(m, call.now);
    const open = day[1];
    return {
      symbol: m.symbol, priceChange: (last - open).toFixed(8), priceChangePercent: (((last - open) / open) * 100).toFixed(3),
      weightedAvgPrice: ((open + last) / 2).toFixed(8), prevClosePrice: open.toFixed(8), lastPrice: last.toFixed(8), lastQty: '1.00000000',
      bidPrice: (last * 0.9999).toFixed(8), bidQty: '1.00000000', askPrice: (last * 1.0001).toFixed(8), askQty: '1.00000000',
      openPrice: open.toFixed(8), highPrice: day[2].toFixed(8), lowPrice: day[3].toFixed(8), volume: day[5].toFixed(8),
      quoteVolume: day[6].toFixed(8), openTime: call.now - 86_400_000, closeTime: call.now, firstId: 1, lastId: day[7], count: day[7],
    };
  };
  const one = call.params.get('symbol');
  return one ? ticker(one) : [...call.state.markets.keys()].map(ticker);
}

function currencies(call: BinanceCall): unknown {
  const coins = new Set<string>();
  for (const m of call.state.markets.values()) coins.add(m.base).add(m.quote);
  const account = call.state.account(call.key.account);
  return [...coins].sort().map((coin) => {
    const network = defaultNetwork(coin);
    const balance = account.balances.has(coin) ? call.state.balance(account.name, coin) : { free: 0, locked: 0 };
    return {
      coin, name: coin, depositAllEnable: true, withdrawAllEnable: true, free: String(balance.free), locked: String(balance.locked),
      freeze: '0', withdrawing: '0', ipoing: '0', ipoable: '0', storage: '0', isLegalMoney: false, trading: true,
      networkList: [{
        network, coin, withdrawIntegerMultiple: '0.00000001', isDefault: true, depositEnable: true, withdrawEnable: true,
        depositDesc: '', withdrawDesc: '', specialTips: '', name: network, resetAddressStatus: false, addressRegex: '', memoRegex: '',
        withdrawFee: String(withdrawFee(coin)), withdrawMin: String(withdrawFee(coin) * 2), withdrawMax: '9999999999',
        depositDust: '0.00000001', minConfirm: 1, unLockConfirm: 2, sameAddress: false, estimatedArrivalTime: 5, busy: false,
      }],
    };
  });
}

function marginPairs(call: BinanceCall): unknown {
  // Only the scenario's named markets are marginable; ccxt reads `symbol` only.
  return call.state.scenario.markets.map((spec, i) => {
    const [base, quote] = spec.symbol.split('/');
    return { id: String(376870555451677893n + BigInt(i)), symbol: base + quote, base, quote, isMarginTrade: true, isBuyAllowed: true, isSellAllowed: true };
  });
}

const coinFuturesInfo = (call: BinanceCall): unknown => ({ timezone: 'UTC', serverTime: call.now, rateLimits: [], exchangeFilters: [], assets: [], symbols: [] });

export const marketRoutes: BinanceRoute[] = [
  { method: 'GET', path: '/api/v3/ping', signed: false, weight: 1, pool: 'api', handle: () => ({}) },
  { method: 'GET', path: '/api/v3/time', signed: false, weight: 1, pool: 'api', handle: (c) => ({ serverTime: c.now }) },
  { method: 'GET', path: '/api/v3/exchangeInfo', signed: false, weight: 20, pool: 'api', handle: exchangeInfo },
  { method: 'GET', path: '/api/v3/klines', signed: false, weight: 2, pool: 'api', handle: klines },
  { method: 'GET', path: '/api/v3/ticker/price', signed: false, weight: (p) => (p.has('symbol') ? 2 : 4), pool: 'api', handle: tickerPrice },
  { method: 'GET', path: '/api/v3/ticker/24hr', signed: false, weight: (p) => (p.has('symbol') ? 2 : 80), pool: 'api', handle: ticker24hr },
  { method: 'GET', path: '/sapi/v1/system/status', signed: false, weight: 1, pool: 'sapi-ip', handle: () => ({ status: 0, msg: 'normal' }) },
  { method: 'GET', path: '/sapi/v1/capital/config/getall', signed: true, weight: 10, pool: 'sapi-ip', handle: currencies },
  { method: 'GET', path: '/sapi/v1/margin/allPairs', signed: true, weight: 1, pool: 'sapi-ip', handle: marginPairs },
  { method: 'GET', path: '/sapi/v1/margin/isolated/allPairs', signed: true, weight: 10, pool: 'sapi-ip', handle: () => [] },
  { method: 'GET', path: '/dapi/v1/exchangeInfo', signed: false, weight: 1, pool: 'none', handle: coinFuturesInfo },
];
