// Clean cases that look alarming but are legitimate: none may end in a compromise verdict.
import { AccountBuilder } from '../account-builder.js';
import { runBot, runOwner, sweep } from '../actors.js';
import { assemble } from '../assemble.js';
import type { EvalCase } from '../eval-case.js';
import { DAY, HOUR, MarketPath, MINUTE } from '../market-path.js';
import { Rng } from '../random.js';
import { span } from './span.js';

const DAYTIME = [8, 9, 10, 11, 12, 13, 14, 15, 16, 17];

/** A one-day window after a 30-day baseline. */
const oneDay = (startUtc: number) => span(startUtc, 1, 30);

function prices(markets: MarketPath[], at: number, quote: string): Record<string, number> {
  const out: Record<string, number> = { [quote]: 1 };
  for (const m of markets) out[m.symbol.split('/')[0]] = m.priceAt(at);
  return out;
}

/** The owner, who trades by hand in the daytime, buys and sells at market from the phone app at 2:30 a.m. */
export function nightOwnerCase(seed = 501): EvalCase {
  const rng = new Rng(seed);
  const { window, baseline } = oneDay(Date.UTC(2024, 4, 7));
  const m = (symbol: string, price: number, volume: number) => new MarketPath(symbol, baseline.since - DAY, window.until, price, volume, rng);
  const markets = [m('BTC/USDT', 63_500, 40), m('ETH/USDT', 3_100, 400)];
  const account = new AccountBuilder();
  runOwner(account, rng, markets, baseline.since, window.until, { perDay: 10, hours: [8, 18], quoteSize: 1_500 });
  const at = window.since + 2 * HOUR + 30 * MINUTE;
  account.order({ symbol: 'BTC/USDT', side: 'buy', ts: at, type: 'market', clientOrderId: `and_${rng.hex(24)}`, takerOrMaker: 'taker', fills: sweep(0.05, markets[0].priceAt(at), 2, 0.0002, 'buy') });
  account.order({ symbol: 'ETH/USDT', side: 'sell', ts: at + 11 * MINUTE, type: 'market', clientOrderId: `and_${rng.hex(24)}`, takerOrMaker: 'taker', fills: sweep(1, markets[1].priceAt(at), 2, 0.0002, 'sell') });
  return {
    name: 'clean-night-owner',
    description: 'The owner trades by hand at night, at market, from the phone app (unusual hour, order type and client id)',
    expectClean: true,
    groundTruth: account.truth,
    bundle: assemble(account, { exchange: 'binance', window, baseline, markets, balances: { USDT: 30_000, BTC: 0.5, ETH: 6 }, referencePrices: prices(markets, window.until, 'USDT'), config: { usualHoursUtc: DAYTIME, clientOrderIdPrefixes: ['web_'] } }),
  };
}

/** A market-wide pump (AXS +200% in minutes, Nov 2022) in a coin the grid bot trades: its fills follow the market. */
export function marketPumpCase(seed = 502): EvalCase {
  const rng = new Rng(seed);
  const { window, baseline } = oneDay(Date.UTC(2022, 10, 13));
  const m = (symbol: string, price: number, volume: number) => new MarketPath(symbol, baseline.since - DAY, window.until, price, volume, rng);
  const axs = m('AXS/USDT', 8, 5_000);
  const btc = m('BTC/USDT', 16_500, 50);
  const pumpAt = window.since + 14 * HOUR;
  // +200% in ten minutes, then back down over the next eighty, on forty times the usual volume.
  axs.move(pumpAt, pumpAt + 90 * MINUTE, (p) => (p < 1 / 9 ? 1 + 18 * p : 3 - 2 * ((p - 1 / 9) / (8 / 9))), 40);
  const account = new AccountBuilder();
  runBot(account, rng, [axs, btc], baseline.since, window.until, { perHour: 3, prefix: 'gridbot-', quoteSize: 150 });
  // The grid fills one level after another while the price sweeps through them.
  runBot(account, rng, [axs], pumpAt, pumpAt + 30 * MINUTE, { perHour: 120, prefix: 'gridbot-', quoteSize: 150 });
  return {
    name: 'clean-market-pump',
    description: 'B.6 counter-example: a market-wide pump in a coin the bot holds; the bot keeps trading at market prices',
    expectClean: true,
    groundTruth: account.truth,
    bundle: assemble(account, { exchange: 'binance', window, baseline, markets: [axs, btc], balances: { USDT: 20_000, AXS: 2_000, BTC: 0.5 }, referencePrices: prices([axs, btc], window.until, 'USDT'), config: { clientOrderIdPrefixes: ['gridbot-'], operatorSymbols: ['AXS/USDT', 'BTC/USDT'] } }),
  };
}

/** The operator adds a thinly traded coin to the bot, which starts trading it in the window. */
export function newOperatorSymbolCase(seed = 503): EvalCase {
  const rng = new Rng(seed);
  const { window, baseline } = oneDay(Date.UTC(2023, 3, 3));
  const m = (symbol: string, price: number, volume: number) => new MarketPath(symbol, baseline.since - DAY, window.until, price, volume, rng);
  const majors = [m('BTC/USDT', 28_000, 50), m('ETH/USDT', 1_800, 500)];
  const arb = m('ARB/USDT', 1.1, 300);
  const account = new AccountBuilder();
  runBot(account, rng, majors, baseline.since, window.until, { perHour: 2, prefix: 'gridbot-', quoteSize: 100 });
  runBot(account, rng, [arb], window.since + 10 * HOUR, window.until, { perHour: 2, prefix: 'gridbot-', quoteSize: 100 });
  return {
    name: 'clean-new-operator-symbol',
    description: "The bot's first trades in a coin the operator just added to operatorSymbols (an illiquid market)",
    expectClean: true,
    groundTruth: account.truth,
    bundle: assemble(account, { exchange: 'binance', window, baseline, markets: [...majors, arb], balances: { USDT: 10_000, BTC: 0.2, ETH: 3, ARB: 900 }, referencePrices: prices([...majors, arb], window.until, 'USDT'), config: { clientOrderIdPrefixes: ['gridbot-'], operatorSymbols: ['BTC/USDT', 'ETH/USDT', 'ARB/USDT'] } }),
  };
}

/** Late at night the owner moves 95% of the BTC to the allow-listed cold wallet. */
export function allowlistedWithdrawalCase(seed = 504): EvalCase {
  const rng = new Rng(seed);
  const { window, baseline } = oneDay(Date.UTC(2024, 4, 8));
  const m = (symbol: string, price: number, volume: number) => new MarketPath(symbol, baseline.since - DAY, window.until, price, volume, rng);
  const markets = [m('BTC/USDT', 62_000, 40), m('ETH/USDT', 3_000, 400)];
  const account = new AccountBuilder();
  runOwner(account, rng, markets, baseline.since, window.until, { perDay: 10, hours: [8, 18], quoteSize: 1_500 });
  const cold = 'bc1qownercoldwallet0h5j43kh5j3k4hjk5h34jk5';
  account.withdraw({ ts: window.since + 23 * HOUR + 40 * MINUTE, currency: 'BTC', amount: 0.95, address: cold, network: 'BTC' });
  return {
    name: 'clean-allowlisted-withdrawal',
    description: 'A near-full withdrawal at an unusual hour, to an allow-listed address',
    expectClean: true,
    groundTruth: account.truth,
    bundle: assemble(account, { exchange: 'binance', window, baseline, markets, balances: { USDT: 5_000, BTC: 0.05, ETH: 2 }, referencePrices: prices(markets, window.until, 'USDT'), config: { allowlistedAddresses: [cold], usualHoursUtc: DAYTIME } }),
  };
}

/** A bot doing what it always does. */
export function quietBotCase(seed = 505): EvalCase {
  const rng = new Rng(seed);
  const { window, baseline } = oneDay(Date.UTC(2023, 9, 24));
  const m = (symbol: string, price: number, volume: number) => new MarketPath(symbol, baseline.since - DAY, window.until, price, volume, rng);
  const markets = [m('LTC/USDT', 69.6, 2_000), m('BTC/USDT', 34_000, 50), m('ETH/USDT', 1_800, 500)];
  const account = new AccountBuilder();
  runBot(account, rng, markets, baseline.since, window.until, { perHour: 4, prefix: 'gridbot-', quoteSize: 50 });
  return {
    name: 'clean-quiet-bot',
    description: 'A grid bot trading as it always does',
    expectClean: true,
    groundTruth: account.truth,
    bundle: assemble(account, { exchange: 'binance', window, baseline, markets, balances: { USDT: 5_000, LTC: 40, BTC: 0.1, ETH: 2 }, referencePrices: prices(markets, window.until, 'USDT'), config: { clientOrderIdPrefixes: ['gridbot-'] } }),
  };
}

/** Each clean case from a seed (its default seed when none is given). */
export const cleanCaseMakers: ReadonlyArray<(seed?: number) => EvalCase> = [nightOwnerCase, marketPumpCase, newOperatorSymbolCase, allowlistedWithdrawalCase, quietBotCase];
export const cleanCases = (): EvalCase[] => cleanCaseMakers.map((make) => make());
