// Attack cases, each modelled on a real incident (shared notes, incidents.md, section B).
import { AccountBuilder } from '../account-builder.js';
import { boughtIn, ccxtClientId, liquidate, runBot, runOwner, sweep } from '../actors.js';
import { assemble } from '../assemble.js';
import type { EvalCase } from '../eval-case.js';
import { DAY, HOUR, MarketPath, MINUTE } from '../market-path.js';
import { Rng } from '../random.js';
import { span } from './span.js';


/** B.1 Binance VIA/BTC, 7 Mar 2018: alts sold at market into BTC, then VIA bought at up to 100x in two minutes. */
export function viaPumpCase(seed = 101): EvalCase {
  const rng = new Rng(seed);
  const { window, baseline } = span(Date.UTC(2018, 2, 7), 1, 30);
  const m = (symbol: string, price: number, volume: number) => new MarketPath(symbol, baseline.since - DAY, window.until, price, volume, rng);
  const ada = m('ADA/BTC', 0.00003, 200_000);
  const ltc = m('LTC/BTC', 0.02, 300);
  const xrp = m('XRP/BTC', 0.00009, 100_000);
  const trx = m('TRX/BTC', 0.0000045, 1_000_000);
  const via = m('VIA/BTC', 0.00025, 20);
  const account = new AccountBuilder();
  runBot(account, rng, [ada, ltc, xrp], baseline.since, window.until, { perHour: 1, prefix: 'gridbot-', quoteSize: 0.01 });
  const at = Date.UTC(2018, 2, 7, 14, 58);
  const holdings = [[ada, 30_000], [ltc, 40], [xrp, 9_000], [trx, 150_000]] as const;
  const proceeds = liquidate(account, rng, holdings, at, { spacingMs: 4_000, levels: 5, step: 0.002, clientId: () => ccxtClientId(rng) });
  const orders = 30;
  for (let k = 0; k < orders; k++) {
    const price = 0.00025 * (1 + 99 * Math.pow(k / (orders - 1), 1.5));
    const spend = (proceeds * 0.95) / orders;
    account.order({ symbol: 'VIA/BTC', side: 'buy', ts: at + 30_000 + k * 4_000, type: 'market', clientOrderId: ccxtClientId(rng), takerOrMaker: 'taker', fills: sweep(spend / price, price, 5, 0.01, 'buy'), attacker: true });
  }
  const viaBought = boughtIn(account, 'VIA/BTC');
  return {
    name: 'attack-via-pump',
    description: 'B.1 Binance VIA/BTC 2018: liquidate alts into BTC, market-buy an illiquid coin at up to 100x',
    expectClean: false,
    groundTruth: account.truth,
    bundle: assemble(account, {
      exchange: 'binance',
      window,
      baseline,
      markets: [ada, ltc, xrp, trx, via],
      followAccount: ['VIA/BTC'],
      balances: { BTC: proceeds * 0.05 + 0.4, VIA: viaBought, ADA: 0, LTC: 0, XRP: 0, TRX: 0 },
      referencePrices: { BTC: 10_000, VIA: 2.5, ADA: ada.priceAt(window.until) * 10_000, LTC: ltc.priceAt(window.until) * 10_000, XRP: xrp.priceAt(window.until) * 10_000, TRX: trx.priceAt(window.until) * 10_000 },
      config: { clientOrderIdPrefixes: ['gridbot-'], operatorSymbols: ['ADA/BTC', 'LTC/BTC', 'XRP/BTC'] },
    }),
  };
}

/** B.4 FTX DMG, 18-21 Oct 2022: a dormant key; majors sold, thousands of contra buys of DMG; again on the 21st. */
export function dmgContraCase(seed = 202): EvalCase {
  const rng = new Rng(seed);
  const { window, baseline } = span(Date.UTC(2022, 9, 18), 4, 90);
  const m = (symbol: string, price: number, volume: number) => new MarketPath(symbol, baseline.since - DAY, window.until, price, volume, rng);
  const btc = m('BTC/USD', 19_300, 40);
  const eth = m('ETH/USD', 1_300, 600);
  const ftt = m('FTT/USD', 25, 8_000);
  const dmg = m('DMG/USD', 0.02, 300);
  const account = new AccountBuilder();
  // The owner traded by hand for three weeks, then left the key unused for ten weeks.
  runOwner(account, rng, [btc, eth, ftt], baseline.since, baseline.since + 20 * DAY, { perDay: 3, hours: [9, 18], quoteSize: 2_000 });
  const at = Date.UTC(2022, 9, 18, 7, 12);
  const proceeds = liquidate(account, rng, [[btc, 20], [eth, 200], [ftt, 30_000]], at, { spacingMs: 20_000, levels: 5, step: 0.001, clientId: () => `ftx-${rng.hex(16)}` });
  const contra = (from: number, to: number, count: number, budget: number) => {
    for (let k = 0; k < count; k++) {
      const ts = Math.floor(from + ((to - from) * (k + rng.next() * 0.5)) / count);
      const price = rng.between(0.1, 0.25);
      account.order({ symbol: 'DMG/USD', side: 'buy', ts, type: 'limit', clientOrderId: `ftx-${rng.hex(16)}`, takerOrMaker: 'taker', fills: [{ price, amount: budget / count / price, delay: 3 }], attacker: true });
    }
  };
  contra(at + 8 * MINUTE, Date.UTC(2022, 9, 19, 20), 5_000, proceeds * 0.75);
  contra(Date.UTC(2022, 9, 21, 9, 14), Date.UTC(2022, 9, 21, 19), 1_500, proceeds * 0.2);
  const dmgHeld = boughtIn(account, 'DMG/USD');
  return {
    name: 'attack-dmg-contra',
    description: 'B.4 FTX DMG 2022: a dormant key wakes up, sells the majors and buys an illiquid coin from the attacker thousands of times, twice',
    expectClean: false,
    groundTruth: account.truth,
    bundle: assemble(account, {
      exchange: 'ftx',
      window,
      baseline,
      markets: [btc, eth, ftt, dmg],
      followAccount: ['DMG/USD'],
      balances: { USD: proceeds * 0.05, DMG: dmgHeld, BTC: 0, ETH: 0, FTT: 0 },
      referencePrices: { USD: 1, DMG: 0.02, BTC: btc.priceAt(window.until), ETH: eth.priceAt(window.until), FTT: ftt.priceAt(window.until) },
      config: {},
    }),
  };
}

/** B.5 the 3Commas leak, Dec 2022: a running bot's account sells everything into USDT and buys a low-cap coin at 5-10x. */
export function lowCapCase(seed = 303): EvalCase {
  const rng = new Rng(seed);
  const { window, baseline } = span(Date.UTC(2022, 11, 10), 1, 30);
  const m = (symbol: string, price: number, volume: number) => new MarketPath(symbol, baseline.since - DAY, window.until, price, volume, rng);
  const majors = [m('BTC/USDT', 17_100, 50), m('ETH/USDT', 1_260, 500), m('BNB/USDT', 288, 1_000), m('SOL/USDT', 13.5, 20_000)];
  const qrx = m('QRX/USDT', 0.05, 2_000);
  const account = new AccountBuilder();
  runBot(account, rng, majors, baseline.since, window.until, { perHour: 2, prefix: '3c_', quoteSize: 150 });
  const at = Date.UTC(2022, 11, 10, 2, 13);
  const holdings = [1.2, 12, 40, 600].map((amount, i) => [majors[i], amount] as const);
  const proceeds = liquidate(account, rng, holdings, at, { spacingMs: 5_000, levels: 5, step: 0.0015, clientId: () => ccxtClientId(rng) });
  const buys = 40;
  for (let k = 0; k < buys; k++) {
    const price = 0.05 * rng.between(5, 10);
    const ts = at + 2 * MINUTE + k * 15_000;
    account.order({ symbol: 'QRX/USDT', side: 'buy', ts, type: 'limit', clientOrderId: ccxtClientId(rng), takerOrMaker: 'taker', fills: [{ price, amount: (proceeds * 0.9) / buys / price, delay: 2 }], attacker: true });
  }
  const qrxHeld = boughtIn(account, 'QRX/USDT');
  return {
    name: 'attack-lowcap-3commas',
    description: 'B.5 3Commas leak 2022: a running bot account liquidated into USDT, then a low-cap coin bought from the attacker at 5-10x',
    expectClean: false,
    groundTruth: account.truth,
    bundle: assemble(account, {
      exchange: 'binance',
      window,
      baseline,
      markets: [...majors, qrx],
      followAccount: ['QRX/USDT'],
      balances: { USDT: proceeds * 0.1 + 300, QRX: qrxHeld, BTC: 0.02, ETH: 0.1, BNB: 0.5, SOL: 5 },
      referencePrices: { USDT: 1, QRX: 0.05, BTC: majors[0].priceAt(window.until), ETH: majors[1].priceAt(window.until), BNB: majors[2].priceAt(window.until), SOL: majors[3].priceAt(window.until) },
      config: { clientOrderIdPrefixes: ['3c_'], operatorSymbols: majors.map((x) => x.symbol) },
    }),
  };
}

/** A drain by withdrawal (B.3, B.7): at 3 a.m. the holdings are sold into USDT and nearly all of it withdrawn to a new address. */
export function withdrawalDrainCase(seed = 404): EvalCase {
  const rng = new Rng(seed);
  const { window, baseline } = span(Date.UTC(2024, 4, 5), 1, 30);
  const m = (symbol: string, price: number, volume: number) => new MarketPath(symbol, baseline.since - DAY, window.until, price, volume, rng);
  const markets = [m('BTC/USDT', 63_500, 40), m('ETH/USDT', 3_100, 400), m('SOL/USDT', 145, 8_000)];
  const account = new AccountBuilder();
  runOwner(account, rng, markets, baseline.since, window.until, { perDay: 10, hours: [8, 18], quoteSize: 1_500 });
  account.withdraw({ ts: baseline.since + 12 * DAY + 10 * HOUR, currency: 'USDT', amount: 2_000, address: 'TOwnerColdWallet4h5j43kh5j3k4hjk', network: 'TRX' });
  const at = Date.UTC(2024, 4, 5, 3, 7);
  // 20,000 USDT already held, plus the proceeds of the sales.
  const proceeds = 20_000 + liquidate(account, rng, [[markets[1], 8], [markets[2], 150], [markets[0], 0.4]], at, { spacingMs: 30_000, levels: 3, step: 0.001, clientId: () => ccxtClientId(rng) });
  const taken = Math.floor(proceeds * 0.99);
  // The address is the real (scrubbed) one from ccxt's Binance withdrawal record.
  account.withdraw({ ts: at + 12 * MINUTE, currency: 'USDT', amount: taken, address: 'TKRxCKea88FDKDSJFSDKJ43243K', network: 'TRX', attacker: true });
  return {
    name: 'attack-withdrawal-drain',
    description: 'Drain by withdrawal: holdings sold at market at 3 a.m., then 99% of the USDT withdrawn to a new address',
    expectClean: false,
    groundTruth: account.truth,
    bundle: assemble(account, {
      exchange: 'binance',
      window,
      baseline,
      markets,
      balances: { USDT: proceeds - taken, BTC: 0, ETH: 0, SOL: 0 },
      referencePrices: { USDT: 1, BTC: markets[0].priceAt(window.until), ETH: markets[1].priceAt(window.until), SOL: markets[2].priceAt(window.until) },
      config: { allowlistedAddresses: ['TOwnerColdWallet4h5j43kh5j3k4hjk'], usualHoursUtc: [8, 9, 10, 11, 12, 13, 14, 15, 16, 17] },
    }),
  };
}

/** Each attack case from a seed (its default seed when none is given). */
export const attackCaseMakers: ReadonlyArray<(seed?: number) => EvalCase> = [viaPumpCase, dmgContraCase, lowCapCase, withdrawalDrainCase];
export const attackCases = (): EvalCase[] => attackCaseMakers.map((make) => make());
