// Binance USDⓈ-M futures against the simulator, with ccxt's real binance class: cancel-all
// cancels the futures orders beside the spot ones (and a key that may not trade futures leaves
// them, saying nothing it cannot know); the sweep returns exactly the seeded futures trades,
// orders (as Binance still gives them) and income beside spot, across 7-day windows and full
// pages, after a kill in the middle, paced within /fapi's own limit, sending nothing mutating;
// the snapshot records the positions.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getAction } from '../../src/actions/registry.js';
import type { ActivityBundle } from '../../src/detect/types.js';
import { connect } from '../../src/exchange/gateway.js';
import { sweepActivity } from '../../src/exchange/sweep/index.js';
import { parseScenario, startSimulator, type SimHandle } from '../../src/sim/index.js';
import { testContext } from './helpers/action-context.js';

const DAY = 86_400_000;
const SCENARIO = `
version: 1
name: futures
description: A Binance account trading spot and USDⓈ-M perpetuals.
seed: 11
historyDays: 20
accounts:
  - name: main
    exchange: binance
    balances: { BTC: 1, ETH: 10, USDT: 50000 }
    keys:
      - { name: futures, permissions: [read, trade, futures] }
      - { name: spot, permissions: [read, trade] }
markets:
  - { symbol: BTC/USDT, price: 97250, futures: true }
  - { symbol: ETH/USDT, price: 3410, futures: true }
  - { symbol: SOL/USDT, price: 182 }
baseline:
  gridBots:
    - { account: main, symbols: [BTC/USDT, ETH/USDT], venue: usdm, fillsPerDay: 4, openOrdersPerSymbol: 3 }
    - { account: main, symbols: [SOL/USDT], fillsPerDay: 0, openOrdersPerSymbol: 2 }
  bulk:
    - { account: main, trades: 5000, venue: usdm, symbols: [BTC/USDT] }
    - { account: main, trades: 400, venue: usdm, symbols: [ETH/USDT] }
    - { account: main, trades: 300 }
`;

let sim: SimHandle;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-futures-'));
const savedEnv = { ...process.env };
beforeEach(async () => {
  sim = await startSimulator({ scenario: parseScenario(SCENARIO, 'futures.yaml') });
});
afterEach(async () => {
  await sim.close();
  for (const k of Object.keys(process.env)) if (!(k in savedEnv)) delete process.env[k];
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function credentials(name: string) {
  const c = sim.admin.credentials().find((k) => k.account === 'main' && k.name === name)!;
  return { apiKey: c.apiKey, secret: c.secret };
}

function useKey(name: string): void {
  const c = credentials(name);
  process.env.BINANCE_MAIN_API_KEY = c.apiKey;
  process.env.BINANCE_MAIN_SECRET = c.secret;
  process.env.BINANCE_MAIN_BASE_URL = sim.baseUrl;
}

const keyOf = (symbol: string, id: string): string => `${symbol} ${id}`;
const bundleFutures = (file: string): number => (JSON.parse(fs.readFileSync(file, 'utf8')) as ActivityBundle).trades.filter((t) => String(t.symbol).endsWith(':USDT')).length;
const expectedFutures = (): number => ['BTCUSDT', 'ETHUSDT'].reduce((n, id) => n + sim.state.trades('main', id, 'usdm').filter((t) => t.time >= sim.state.anchor - 18 * DAY).length, 0);
const PERPS: Array<[string, string]> = [['BTCUSDT', 'BTC/USDT:USDT'], ['ETHUSDT', 'ETH/USDT:USDT']];
const SPOT: Array<[string, string]> = [['BTCUSDT', 'BTC/USDT'], ['ETHUSDT', 'ETH/USDT'], ['SOLUSDT', 'SOL/USDT']];

describe('Binance USDⓈ-M futures: cancel-all', () => {
  const cancelAll = getAction('exchange.cancel-all-orders')!;
  const input = cancelAll.input.parse({ exchange: 'binance' });

  it('plans, then cancels every futures order beside the spot ones; reconcile sees none', async () => {
    useKey('futures');
    const futuresOpen = sim.state.openOrders('main', 'usdm').length;
    const spotOpen = sim.state.openOrders('main').length;
    expect([futuresOpen, spotOpen]).toEqual([6, 2]);
    const before = sim.admin.requestLog().length;
    const planned = await cancelAll.plan!(testContext(tmp, { dryRun: true }), input);
    expect(planned.summary).toMatch(/^would cancel 8 orders on binance\/main: .*BTC\/USDT:USDT/);
    expect(sim.admin.requestLog().slice(before).filter((r) => r.mutating)).toEqual([]);
    const ctx = testContext(tmp, { dryRun: false });
    const out = await cancelAll.run(ctx, input);
    expect(out).toMatchObject({ cancelled: 8, remaining: 0, notChecked: [] });
    expect(out.symbols).toEqual(['BTC/USDT:USDT', 'ETH/USDT:USDT', 'SOL/USDT']);
    expect(sim.state.openOrders('main', 'usdm')).toEqual([]);
    expect(sim.state.openOrders('main')).toEqual([]);
    expect(ctx.lines.filter((l) => l.startsWith('WARNING:'))).toEqual([]);
    expect(await cancelAll.reconcile!(ctx, input)).toMatchObject({ done: true });
  });

  it('a key that may not trade futures cancels spot, leaves the futures orders it cannot reach, and sends no futures request', async () => {
    useKey('spot');
    const before = sim.admin.requestLog().length;
    const out = await cancelAll.run(testContext(tmp, { dryRun: false }), input);
    expect(out).toMatchObject({ cancelled: 2, remaining: 0, notChecked: [] });
    expect(sim.state.openOrders('main', 'usdm')).toHaveLength(6);
    expect(sim.admin.requestLog().slice(before).filter((r) => r.path.startsWith('/fapi/') && r.path !== '/fapi/v1/exchangeInfo')).toEqual([]);
  });
});

describe('Binance USDⓈ-M futures: the sweep', () => {
  function expected(since: number) {
    const now = Date.now();
    const trades = [
      ...SPOT.flatMap(([id, symbol]) => sim.state.trades('main', id).filter((t) => t.time >= since).map((t) => keyOf(symbol, t.id))),
      ...PERPS.flatMap(([id, symbol]) => sim.state.trades('main', id, 'usdm').filter((t) => t.time >= since).map((t) => keyOf(symbol, t.id))),
    ].sort();
    // Binance no longer gives futures orders cancelled or expired without a fill more than 3 days ago.
    const given = (o: { status: string; executedQty: number; time: number }) => !((o.status === 'CANCELED' || o.status === 'EXPIRED') && o.executedQty === 0 && o.time < now - 3 * DAY);
    const orders = [
      ...SPOT.flatMap(([id, symbol]) => sim.state.orders('main', id).filter((o) => o.time >= since).map((o) => keyOf(symbol, o.id))),
      ...PERPS.flatMap(([id, symbol]) => sim.state.orders('main', id, 'usdm').filter((o) => o.time >= since && given(o)).map((o) => keyOf(symbol, o.id))),
    ].sort();
    const withheld = PERPS.flatMap(([id]) => sim.state.orders('main', id, 'usdm').filter((o) => o.time >= since && !given(o))).length;
    return { trades, orders, withheld, futuresTrades: PERPS.reduce((n, [id]) => n + sim.state.trades('main', id, 'usdm').filter((t) => t.time >= since).length, 0) };
  }

  async function sweep(dir: string, key: string, signal?: AbortSignal, onProgress?: () => void) {
    const ex = await connect('binance', 'main', credentials(key), { baseUrl: sim.baseUrl, dryRun: true, audit: () => {} });
    return sweepActivity(ex, { exchange: 'binance', account: 'main', since: sim.state.anchor - 18 * DAY, evidenceDir: dir, ohlcv: false, signal, onProgress });
  }

  const bundleOf = (file: string): ActivityBundle => JSON.parse(fs.readFileSync(file, 'utf8')) as ActivityBundle;
  const keysOf = (records: Array<{ id: string; symbol?: unknown }>): string[] => records.map((r) => keyOf(String(r.symbol), r.id)).sort();

  it('returns exactly the seeded spot and futures trades and orders, and the futures income; nothing mutating; no 429', async () => {
    const before = sim.admin.requestLog().length;
    const result = await sweep(path.join(tmp, 'full'), 'futures');
    const bundle = bundleOf(result.bundlePath);
    const want = expected(sim.state.anchor - 18 * DAY);
    expect(want.futuresTrades).toBeGreaterThan(1000); // some 7-day window needs more than one page
    expect(want.withheld).toBeGreaterThan(0); // old cancelled grid orders Binance no longer gives
    expect(keysOf(bundle.trades)).toEqual(want.trades);
    expect(keysOf(bundle.orders)).toEqual(want.orders);
    // One commission entry per futures fill, at least.
    expect((bundle.ledger ?? []).length).toBeGreaterThanOrEqual(want.futuresTrades);
    expect(bundle.gaps ?? []).toEqual([]);
    expect(result.rateLimited).toBe(0);
    const log = sim.admin.requestLog().slice(before);
    expect(log.filter((r) => r.mutating)).toEqual([]);
    // Three 7-day windows per perpetual, and BTC's hold more than a page each.
    expect(log.filter((r) => r.path === '/fapi/v1/userTrades').length).toBeGreaterThanOrEqual(PERPS.length * 3 + 3);
  });

  it('resumes after a kill in the middle of the futures part without duplicates or losses', async () => {
    const dir = path.join(tmp, 'resume');
    const controller = new AbortController();
    const futuresOnDisk = (): number => {
      try {
        return fs.readFileSync(path.join(dir, 'trades.jsonl'), 'utf8').split('\n').filter((l) => l.includes(':USDT"')).length;
      } catch {
        return 0;
      }
    };
    // Killed once some futures trades are on disk, before all of them are.
    const killed = await sweep(dir, 'futures', controller.signal, () => {
      if (futuresOnDisk() > 1000) controller.abort();
    }).then(() => 'finished', (e: unknown) => (e as Error).name);
    expect(killed).toBe('InterruptedError');
    const want = expected(sim.state.anchor - 18 * DAY);
    expect(futuresOnDisk()).toBeLessThan(want.futuresTrades);
    const result = await sweep(dir, 'futures');
    expect(result.resumed).toBe(true);
    const lines = fs.readFileSync(path.join(dir, 'trades.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; symbol: string });
    expect(new Set(lines.map((r) => keyOf(r.symbol, r.id))).size).toBe(lines.length);
    const bundle = bundleOf(result.bundlePath);
    expect(keysOf(bundle.trades)).toEqual(want.trades);
    expect(keysOf(bundle.orders)).toEqual(want.orders);
  });

  it('a key that may not trade futures: spot only, no futures request, no gap', async () => {
    const before = sim.admin.requestLog().length;
    const result = await sweep(path.join(tmp, 'spot-key'), 'spot');
    const bundle = bundleOf(result.bundlePath);
    expect(bundle.trades.every((t) => !String(t.symbol).includes(':'))).toBe(true);
    expect(bundle.gaps ?? []).toEqual([]);
    expect(sim.admin.requestLog().slice(before).filter((r) => r.path.startsWith('/fapi/') && r.path !== '/fapi/v1/exchangeInfo')).toEqual([]);
  });
});

describe('Binance USDⓈ-M futures: pacing', () => {
  it('keeps /fapi within its own declared limit (a 2 s "minute" of 100 weight): more than three windows of weight, no 429', async () => {
    await sim.close();
    sim = await startSimulator({ scenario: parseScenario(`${SCENARIO}\nrateLimits: { minute: 2s, binance: { fapiRequestWeightPerMinute: 100 } }\n`, 'futures-paced.yaml') });
    const ex = await connect('binance', 'main', credentials('futures'), { baseUrl: sim.baseUrl, dryRun: true, audit: () => {} });
    const result = await sweepActivity(ex, { exchange: 'binance', account: 'main', since: sim.state.anchor - 18 * DAY, evidenceDir: path.join(tmp, 'paced'), ohlcv: false });
    const weights: Record<string, number> = { '/fapi/v1/income': 30, '/fapi/v1/userTrades': 5, '/fapi/v1/allOrders': 5 };
    const fapiWeight = sim.admin.requestLog().reduce((n, r) => n + (weights[r.path] ?? 0), 0);
    expect(fapiWeight).toBeGreaterThan(3 * 100); // more than three windows' worth: unpaced, it would meet 429s
    expect(result.rateLimited).toBe(0);
    expect(sim.admin.counters().rateLimited).toBe(0);
    expect(bundleFutures(result.bundlePath)).toBe(expectedFutures());
  });
});

describe('Binance USDⓈ-M futures: the snapshot', () => {
  it('records the open positions', async () => {
    useKey('futures');
    const snapshot = getAction('exchange.snapshot')!;
    const out = await snapshot.run(testContext(tmp, { dryRun: false }), snapshot.input.parse({ exchange: 'binance' }));
    expect(out.openOrders).toBe(8);
    expect(out.positions).toBeGreaterThan(0);
  });
});
