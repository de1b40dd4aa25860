// Markets from the scenario (explicit ones plus generated ALTn/USDT for the benchmark scenario),
// with tick and step sizes derived from the price when the scenario does not give them.
import type { Prng } from '../util/prng.js';
import { seedInt } from '../util/prng.js';
import type { Scenario } from '../scenario/schema.js';
import type { SimMarket } from './types.js';

/** Tick ~ 6 significant digits of price, never finer than 1e-8 (as on Binance). */
export function defaultTickSize(price: number): number {
  const exponent = Math.floor(Math.log10(price)) - 6;
  return Math.pow(10, Math.max(-8, Math.min(0, exponent)));
}

/** Step worth about 0.01-0.1 USD (whole coins for the cheapest), from the price in USD. */
export function defaultStepSize(usdPrice: number): number {
  const decimals = Math.max(0, Math.min(8, Math.ceil(Math.log10(usdPrice)) + 1));
  return Math.pow(10, -decimals);
}

export function buildMarkets(scenario: Scenario, prng: Prng): SimMarket[] {
  const markets: SimMarket[] = scenario.markets.map((m) => {
    const [base, quote] = m.symbol.split('/');
    return {
      unified: m.symbol, symbol: base + quote, base, quote, price: m.price,
      tickSize: m.tickSize ?? defaultTickSize(m.price), stepSize: m.stepSize ?? 0,
      minNotional: m.minNotional ?? (quote === 'BTC' ? 0.0001 : quote === 'ETH' ? 0.001 : 5),
      volatility: m.volatility, illiquid: m.illiquid, pathSeed: seedInt(`${scenario.seed}/path/${m.symbol}`), futures: m.futures,
    };
  });
  const generated = scenario.generatedMarkets;
  if (generated) {
    const taken = new Set(markets.map((m) => m.symbol));
    for (let i = 1; markets.length < scenario.markets.length + generated.count; i++) {
      const base = `${generated.prefix}${i}`;
      if (taken.has(base + generated.quote)) continue;
      // Log-uniform prices between 0.001 and 500.
      const price = Number(Math.exp(prng.range(Math.log(0.001), Math.log(500))).toPrecision(5));
      markets.push({
        unified: `${base}/${generated.quote}`, symbol: base + generated.quote, base, quote: generated.quote, price,
        tickSize: defaultTickSize(price), stepSize: 0, minNotional: 5,
        volatility: Number(prng.range(0.02, 0.08).toFixed(3)), illiquid: prng.chance(0.1),
        pathSeed: seedInt(`${scenario.seed}/path/${base}/${generated.quote}`),
        // The first `futures` generated markets also have perpetuals.
        futures: markets.length - scenario.markets.length < generated.futures,
      });
    }
  }
  // Steps depend on the USD value of the base, which needs every market's price first.
  const bySymbol = new Map(markets.map((m) => [m.symbol, m]));
  for (const m of markets) {
    if (m.stepSize === 0) m.stepSize = defaultStepSize(m.price * usdPrice(bySymbol, m.quote));
  }
  return markets;
}

/** USD value of one unit of an asset at the anchor (for sizing orders given in USD). */
export function usdPrice(markets: Map<string, SimMarket>, asset: string, depth = 0): number {
  if (asset === 'USDT' || asset === 'USDC' || asset === 'USD' || asset === 'FDUSD') return 1;
  const direct = markets.get(asset + 'USDT');
  if (direct) return direct.price;
  if (depth > 3) return 1;
  for (const m of markets.values()) {
    if (m.base === asset) return m.price * usdPrice(markets, m.quote, depth + 1);
  }
  return 1;
}
