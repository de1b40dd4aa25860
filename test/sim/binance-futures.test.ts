// Acceptance: ccxt's own binance class against the simulator's USDⓈ-M perpetual futures (/fapi).
// The simulator's clock is held still (and ccxt's nonce with it), so the 7-day windows, the 3-day
// rule for cancelled orders and the weight window cannot move under an assertion.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { parseScenario, startSimulator, type SimHandle } from '../../src/sim/index.js';
import { positionHistory } from '../../src/sim/model/futures.js';
import type { SimOrder, SimTrade } from '../../src/sim/model/types.js';
import { ccxt, connect, credential, failure, tinyScenario } from './helpers.js';

const DAY = 86_400_000;
const WEEK = 7 * DAY;
const T = Math.floor(Date.now() / 60_000) * 60_000 + 30_000;
const PERP = 'BTC/USDT:USDT';

const SCENARIO = `
version: 1
name: futures
seed: futures-1
historyDays: 30
accounts:
  - name: main
    exchange: binance
    balances: { USDT: 10000, BTC: 1 }
    futuresBalances: { USDT: 5000 }
    keys:
      - { name: fut, permissions: [read, trade, futures] }
      - { name: spot-only, permissions: [read, trade] }
markets:
  - { symbol: BTC/USDT, price: 97000, futures: true }
  - { symbol: ETH/USDT, price: 3500, futures: true }
  - { symbol: SOL/USDT, price: 200 }
baseline:
  gridBots:
    - { account: main, symbols: [BTC/USDT], openOrdersPerSymbol: 2 }
    - { account: main, symbols: [BTC/USDT, ETH/USDT], venue: usdm, fillsPerDay: 10, cancelShare: 0.4, openOrdersPerSymbol: 3, clientOrderIdPrefix: futbot- }
  bulk:
    - { account: main, trades: 6000, venue: usdm, symbols: [BTC/USDT] }
`;

let sim: SimHandle;
beforeAll(async () => {
  sim = await startSimulator({ scenario: parseScenario(SCENARIO, 'futures.yaml'), clock: () => T });
});
afterAll(async () => {
  await sim.close();
});

function futures(key = 'fut', options: Record<string, unknown> = {}) {
  const ex = connect(sim, 'binance', credential(sim, 'main', key), options);
  ex.nonce = () => T;
  return ex;
}

const ids = (items: ReadonlyArray<{ id?: string }>): string[] => items.map((x) => String(x.id));
const inWindow = <R extends { time: number }>(records: readonly R[], from: number, to: number): R[] => records.filter((r) => r.time >= from && r.time <= to);

describe('binance usdm: markets and open orders', () => {
  it('loads the perpetuals as linear swaps next to the spot markets', async () => {
    const ex = futures();
    await ex.loadMarkets();
    const perp = ex.market(PERP);
    expect(perp).toMatchObject({ id: 'BTCUSDT', type: 'swap', swap: true, linear: true, settle: 'USDT', contract: true, active: true });
    expect(ex.market('ETH/USDT:USDT').linear).toBe(true);
    expect(ex.markets?.['SOL/USDT:USDT']).toBeUndefined();
    expect(ex.market('BTC/USDT').spot).toBe(true);
  });

  it('lists open futures orders without a symbol and by symbol, apart from spot ones', async () => {
    const ex = futures('fut', { options: { fetchOpenOrders: { warnWithoutSymbol: false } } });
    const expected = sim.state.openOrders('main', 'usdm');
    expect(expected).toHaveLength(6);
    const all = await ex.fetchOpenOrders(undefined, undefined, undefined, { type: 'future' });
    expect(ids(all).sort()).toEqual(ids(expected).sort());
    expect(all.every((o) => o.clientOrderId?.startsWith('futbot-') && o.symbol?.endsWith(':USDT'))).toBe(true);
    const btc = await ex.fetchOpenOrders(PERP);
    expect(ids(btc).sort()).toEqual(ids(expected.filter((o) => o.symbol === 'BTCUSDT')).sort());
    // Spot open orders are another venue with other ids.
    const spot = sim.state.openOrders('main');
    expect(spot.some((o) => expected.some((f) => f.id === o.id))).toBe(false);
    expect(ids(await ex.fetchOpenOrders('BTC/USDT')).sort()).toEqual(ids(spot.filter((o) => o.symbol === 'BTCUSDT')).sort());
  });
});

describe('binance usdm: history across windows and pages', () => {
  /** Walks [since, T] in 7-day windows, each page at most 1000, as a sweep would. */
  async function sweep(fetch: (since: number, until: number) => Promise<Array<{ id?: string; timestamp?: number }>>, since: number): Promise<string[]> {
    const seen = new Set<string>();
    for (let from = since; from <= T; from += WEEK + 1) {
      const to = Math.min(from + WEEK, T);
      for (let start = from; ;) {
        const page = await fetch(start, to);
        for (const item of page) seen.add(String(item.id));
        if (page.length < 1000) break;
        // Same-millisecond records may straddle the page end: restart at the last time, de-duplicated.
        start = page[page.length - 1].timestamp as number;
      }
    }
    return [...seen];
  }

  it('fetchMyTrades returns exactly the seeded trades, oldest first per window, up to 1000 per page', async () => {
    const ex = futures();
    const expected: readonly SimTrade[] = sim.state.trades('main', 'BTCUSDT', 'usdm');
    const since = T - 31 * DAY;
    const busiest = Math.max(...[0, 1, 2, 3].map((w) => inWindow(expected, since + w * (WEEK + 1), since + w * (WEEK + 1) + WEEK).length));
    expect(busiest).toBeGreaterThan(1000);
    const got = await sweep((start, until) => ex.fetchMyTrades(PERP, start, 1000, { until }), since);
    expect(got.sort()).toEqual(ids(expected).sort());
    // One window: exactly the oldest `limit` records in it.
    const first = await ex.fetchMyTrades(PERP, since, 50, { until: since + WEEK });
    expect(ids(first)).toEqual(ids(inWindow(expected, since, since + WEEK).slice(0, 50)));
    expect(first[0].info).toMatchObject({ positionSide: 'BOTH', commissionAsset: 'USDT' });
    // Futures ids are their own: none of them is a spot trade id.
    const spotIds = new Set(ids(sim.state.trades('main', 'BTCUSDT')));
    expect(expected.some((t) => spotIds.has(t.id))).toBe(false);
  });

  it('refuses a window longer than 7 days (-1127) and fromId with a time bound (-1106)', async () => {
    const ex = futures();
    const tooLong = await failure(ex.fetchMyTrades(PERP, T - 10 * DAY, undefined, { until: T - 10 * DAY + WEEK + 1 }));
    expect(tooLong).toBeInstanceOf(ccxt.BadRequest);
    expect(tooLong.message).toContain('-1127');
    const mixed = await failure(ex.fetchMyTrades(PERP, T - DAY, undefined, { fromId: '1' }));
    expect(mixed).toBeInstanceOf(ccxt.BadRequest);
    expect(mixed.message).toContain('-1106');
    // Without any bound: the last 7 days.
    const expected = inWindow(sim.state.trades('main', 'ETHUSDT', 'usdm'), T - WEEK, T);
    expect(ids(await ex.fetchMyTrades('ETH/USDT:USDT'))).toEqual(ids(expected));
  });

  it('fetchOrders drops unfilled cancelled orders created more than 3 days ago, as Binance does', async () => {
    const ex = futures();
    const forgotten = (o: SimOrder) => o.status === 'CANCELED' && o.executedQty === 0 && o.time + 3 * DAY < T;
    const all = sim.state.orders('main', 'BTCUSDT', 'usdm');
    expect(all.filter(forgotten).length).toBeGreaterThan(0);
    expect(all.some((o) => o.status === 'CANCELED' && !forgotten(o))).toBe(true);
    const expected = all.filter((o) => !forgotten(o));
    const got = await sweep((start, until) => ex.fetchOrders(PERP, start, 1000, { until }), T - 31 * DAY);
    expect(got.sort()).toEqual(ids(expected).sort());
  });

  it('fetchLedger returns a commission row per fill and realized PnL rows', async () => {
    const ex = futures();
    const since = T - 2 * DAY;
    const fills = [...sim.state.trades('main', 'BTCUSDT', 'usdm'), ...sim.state.trades('main', 'ETHUSDT', 'usdm')].filter((t) => t.time >= since);
    expect(fills.length).toBeLessThan(1000);
    const ledger = await ex.fetchLedger(undefined, since, 1000, { type: 'future', incomeType: 'COMMISSION' });
    expect(ledger.map((e) => e.referenceId).sort()).toEqual(fills.map((t) => t.id).sort());
    expect(ledger.every((e) => e.currency === 'USDT' && e.direction === 'out' && e.type === 'commission')).toBe(true);
    const everything = await ex.fetchLedger(undefined, since, 1000, { type: 'future' });
    expect(everything.some((e) => (e.info as { incomeType: string }).incomeType === 'REALIZED_PNL')).toBe(true);
    expect(new Set(everything.map((e) => e.id)).size).toBe(everything.length);
    // Binance's defaults: 100 rows, oldest first from startTime.
    const raw = await ex.fapiPrivateGetIncome({ startTime: T - 20 * DAY, incomeType: 'COMMISSION' }) as Array<{ tradeId: string }>;
    const btc = sim.state.trades('main', 'BTCUSDT', 'usdm'), eth = sim.state.trades('main', 'ETHUSDT', 'usdm');
    const oldest = [...btc, ...eth].filter((t) => t.time >= T - 20 * DAY).sort((a, b) => a.time - b.time).slice(0, 100);
    expect(raw.map((r) => r.tradeId)).toEqual(oldest.map((t) => t.id));
  });

  it('fetchPositions reports the net position the fills built', async () => {
    const ex = futures();
    const net = (symbol: string) => sim.state.trades('main', symbol, 'usdm').reduce((n, t) => n + (t.side === 'BUY' ? t.qty : -t.qty), 0);
    for (const positions of [await ex.fetchPositions(), await ex.fetchPositions(undefined, { useV2: true })]) {
      for (const [symbol, unified] of [['BTCUSDT', PERP], ['ETHUSDT', 'ETH/USDT:USDT']]) {
        const amount = net(symbol);
        const position = positions.find((p) => p.symbol === unified);
        if (Math.abs(amount) < 1e-9) expect(position).toBeUndefined();
        else expect(position).toMatchObject({ side: amount > 0 ? 'long' : 'short', contracts: expect.closeTo(Math.abs(amount), 6), hedged: false });
      }
    }
  });
});

describe('binance usdm: wallet and single orders', () => {
  it('fetchBalance({ type: future }) reports the futures wallet plus unrealized PnL, apart from spot', async () => {
    const ex = futures();
    const unrealized = (await ex.fetchPositions()).reduce((n, p) => n + (p.unrealizedPnl ?? 0), 0);
    const wallet = await ex.fetchBalance({ type: 'future' });
    expect(wallet.USDT.total).toBeCloseTo(5000 + unrealized, 4);
    expect(wallet.USDT.free).toBeLessThan(wallet.USDT.total as number);
    expect((await ex.fetchBalance()).USDT.total).toBeCloseTo(10000, 8);
  });

  it('fetchOrder finds a futures order by id and not a spot one (-2013)', async () => {
    const ex = futures();
    const [order] = sim.state.orders('main', 'ETHUSDT', 'usdm').slice(-1);
    expect(await ex.fetchOrder(order.id, 'ETH/USDT:USDT')).toMatchObject({ id: order.id, clientOrderId: order.clientOrderId, status: 'open' });
    const [spot] = sim.state.orders('main', 'BTCUSDT');
    const error = await failure(ex.fetchOrder(spot.id, PERP));
    expect(error).toBeInstanceOf(ccxt.OrderNotFound);
    expect(error.message).toContain('-2013');
  });
});

describe('binance usdm: cancelling and permissions', () => {
  it('cancels one order and then all of a symbol, logged as mutating', async () => {
    const ex = futures();
    const open = sim.state.openOrders('main', 'usdm').filter((o) => o.symbol === 'BTCUSDT');
    const canceled = await ex.cancelOrder(open[0].id, PERP);
    expect(canceled).toMatchObject({ id: open[0].id, status: 'canceled' });
    expect(await failure(ex.cancelOrder(open[0].id, PERP))).toBeInstanceOf(ccxt.OrderNotFound);
    await ex.cancelAllOrders(PERP);
    expect(await ex.fetchOpenOrders(PERP)).toEqual([]);
    expect(sim.state.openOrders('main', 'usdm').filter((o) => o.symbol === 'BTCUSDT')).toEqual([]);
    // Nothing left: the same acknowledgement, no error.
    await ex.cancelAllOrders(PERP);
    const deletes = sim.admin.requestLog().filter((e) => e.method === 'DELETE' && e.path.startsWith('/fapi/'));
    expect(deletes).toHaveLength(4);
    expect(deletes.every((e) => e.mutating)).toBe(true);
    // Spot orders were not touched.
    expect(sim.state.openOrders('main').filter((o) => o.symbol === 'BTCUSDT')).toHaveLength(2);
  });

  it('refuses a key without the futures permission with -2015', async () => {
    const fresh = futures('spot-only');
    const error = await failure(fresh.fetchOpenOrders(PERP));
    expect(error).toBeInstanceOf(ccxt.AuthenticationError);
    expect(error.message).toContain('-2015');
    // After a successful /api/v3 call ccxt reads -2015 as a temporary ban (notes §A.1).
    const used = futures('spot-only');
    await used.fetchBalance();
    expect(await failure(used.fetchMyTrades(PERP))).toBeInstanceOf(ccxt.DDoSProtection);
  });
});

describe('binance usdm: the fapi weight pool', () => {
  it('counts /fapi weight apart from /api, reports it and answers 429 past it', async () => {
    const limited = await startSimulator({ scenario: tinyScenario('fapi-limits', 'rateLimits:\n  binance: { fapiRequestWeightPerMinute: 5 }'), clock: () => T });
    try {
      const info = await (await fetch(`${limited.baseUrl}/fapi/v1/exchangeInfo`)).json() as { symbols: unknown[]; rateLimits: unknown[] };
      // A scenario without perpetuals answers as before: no symbols.
      expect(info.symbols).toEqual([]);
      expect(info.rateLimits[0]).toEqual({ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 5 });
      for (let used = 2; used <= 5; used++) {
        const answer = await fetch(`${limited.baseUrl}/fapi/v1/exchangeInfo`);
        expect(answer.headers.get('x-mbx-used-weight-1m')).toBe(String(used));
      }
      const refused = await fetch(`${limited.baseUrl}/fapi/v1/exchangeInfo`);
      expect(refused.status).toBe(429);
      expect(await refused.json()).toMatchObject({ code: -1003 });
      const spot = await fetch(`${limited.baseUrl}/api/v3/time`);
      expect(spot.status).toBe(200);
      expect(spot.headers.get('x-mbx-used-weight-1m')).toBe('1');
      // And /api weight is not charged to /fapi: still refused at 5, not 6.
      expect((await fetch(`${limited.baseUrl}/fapi/v1/exchangeInfo`)).headers.get('x-mbx-used-weight-1m')).toBe('5');
      const ex = connect(limited, 'binance', credential(limited, 'bn', 'k'));
      expect(await failure(ex.fapiPublicGetExchangeInfo())).toBeInstanceOf(ccxt.DDoSProtection);
      expect(await ex.publicGetExchangeInfo()).toHaveProperty('symbols');
      // Hammering /fapi after its 429s bans the IP there (418), not on /api.
      let last = 429;
      for (let i = 0; i < 5 && last === 429; i++) last = (await fetch(`${limited.baseUrl}/fapi/v1/exchangeInfo`)).status;
      expect(last).toBe(418);
      expect((await fetch(`${limited.baseUrl}/api/v3/time`)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('binance usdm: scenario fields', () => {
  const problems = (yaml: string): string[] => {
    try {
      parseScenario(`version: 1\nname: bad\nseed: 1\naccounts:\n  - { name: main, exchange: binance }\n  - { name: by, exchange: bybit }\n${yaml}`, 'bad.yaml');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      return (error as ValidationError).problems.map((p) => `${p.line}:${p.col} ${p.path}: ${p.message}`);
    }
    throw new Error('expected a ValidationError');
  };

  it('locates perpetuals on a non-USDT market and usdm records on markets without one', () => {
    const found = problems([
      'markets:',
      '  - { symbol: ETH/BTC, price: 0.03, futures: true }',
      '  - { symbol: SOL/USDT, price: 200 }',
      'generatedMarkets: { count: 2, quote: BTC, futures: 3 }',
      'baseline:',
      '  gridBots: [{ account: by, symbols: [SOL/USDT], venue: usdm }]',
      '  bulk: [{ account: main, trades: 5, symbols: [SOL/USDT], venue: usdm }]',
    ].join('\n'));
    expect(found).toContainEqual(expect.stringMatching(/^8:\d+ markets\[0\]\.futures: only USDT-quoted markets have USDⓈ-M perpetuals/));
    expect(found).toContainEqual(expect.stringMatching(/^10:\d+ generatedMarkets\.futures: only USDT-quoted/));
    expect(found).toContainEqual(expect.stringMatching(/^10:\d+ generatedMarkets\.futures: more perpetuals \(3\) than generated markets \(2\)/));
    expect(found).toContainEqual(expect.stringMatching(/^12:\d+ baseline\.gridBots\[0\]\.venue: venue usdm is Binance's USDⓈ-M futures; account "by" is on bybit/));
    expect(found).toContainEqual(expect.stringMatching(/^13:\d+ baseline\.bulk\[0\]\.symbols\[0\]: market "SOL\/USDT" has no perpetual/));
  });

  it('gives the first N generated markets perpetuals and keeps usdm fills off spot balances', async () => {
    const scenario = parseScenario([
      'version: 1', 'name: gen', 'seed: gen', 'historyDays: 3',
      'accounts: [{ name: main, exchange: binance, balances: { USDT: 50 }, keys: [{ name: k, permissions: [read, futures] }] }]',
      'generatedMarkets: { count: 4, futures: 2 }',
      'baseline:', '  bulk: [{ account: main, trades: 40, venue: usdm }]',
    ].join('\n'), 'gen.yaml');
    const gen = await startSimulator({ scenario, clock: () => T });
    try {
      const ex = connect(gen, 'binance', credential(gen, 'main', 'k'));
      ex.nonce = () => T;
      await ex.loadMarkets();
      expect(Object.values(ex.markets ?? {}).filter((m) => m?.swap).map((m) => m?.symbol).sort()).toEqual(['ALT1/USDT:USDT', 'ALT2/USDT:USDT']);
      expect(gen.state.symbols('main', 'usdm')).toEqual(['ALT1USDT', 'ALT2USDT']);
      expect(gen.state.symbols('main')).toEqual([]);
      expect(gen.state.balance('main', 'USDT')).toEqual({ free: 50, locked: 0, total: 50 });
    } finally {
      await gen.close();
    }
  });
});

describe('usdm position model', () => {
  it('averages entries, realizes PnL on reducing fills and reopens past flat at the fill price', () => {
    const fill = (side: 'BUY' | 'SELL', qty: number, price: number, time: number) => ({ side, qty, price, time }) as SimTrade;
    const trades = [fill('BUY', 1, 100, 1), fill('BUY', 1, 200, 2), fill('SELL', 3, 180, 3), fill('BUY', 1, 170, 4)];
    const { realizedPnl, position } = positionHistory(trades);
    expect(trades.map((t) => realizedPnl.get(t))).toEqual([0, 0, 60, 10]);
    expect(position).toEqual({ amount: 0, entryPrice: 0, updateTime: 4 });
    expect(positionHistory(trades.slice(0, 3)).position).toEqual({ amount: -1, entryPrice: 180, updateTime: 3 });
  });
});
