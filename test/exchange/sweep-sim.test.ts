// The sweep against the simulator with ccxt's real binance class: complete (every seeded trade,
// order and transfer in the range, by id), across page and window boundaries, resumable after a
// kill in the middle, and read-only (no mutating request reaches the exchange).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityBundle } from '../../src/detect/types.js';
import { connect } from '../../src/exchange/gateway.js';
import { sweepActivity } from '../../src/exchange/sweep/index.js';
import { loadScenario, startSimulator, type SimHandle } from '../../src/sim/index.js';

const DAY = 86_400_000;
let sim: SimHandle;
let tmp: string;

beforeAll(async () => {
  sim = await startSimulator({ scenario: await loadScenario('quiet') });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-sweep-'));
});
afterAll(async () => {
  await sim.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function mainKey() {
  const key = sim.admin.credentials().find((c) => c.account === 'main' && c.name === 'grid-bot');
  if (!key) throw new Error('no grid-bot key');
  return { apiKey: key.apiKey, secret: key.secret };
}

async function binance(dryRun = true) {
  return connect('binance', 'main', mainKey(), { baseUrl: sim.baseUrl, dryRun, audit: () => {}, ccxtOptions: { fetchMarkets: ['spot'] } });
}

function expectedTrades(since: number): string[] {
  const symbols = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'BNBUSDT'];
  return symbols.flatMap((s) => sim.state.trades('main', s)).filter((t) => t.time >= since).map((t) => String(t.id)).sort();
}

describe('Binance activity sweep on the simulator', () => {
  it('returns exactly the seeded trades, orders and transfers of the range, sends nothing mutating, writes one bundle', async () => {
    const since = sim.state.anchor - 85 * DAY;
    const logBefore = sim.admin.requestLog().length;
    const dir = path.join(tmp, 'full', 'evidence', 'binance-main');
    const progress: number[] = [];
    const result = await sweepActivity(await binance(true), { exchange: 'binance', account: 'main', since, evidenceDir: dir, onProgress: (p) => progress.push(p.symbolsDone) });
    const bundle = JSON.parse(fs.readFileSync(result.bundlePath, 'utf8')) as ActivityBundle;
    const expected = expectedTrades(since);
    expect(expected.length).toBeGreaterThan(1000); // more than one page
    expect(bundle.trades.map((t) => t.id).sort()).toEqual(expected);
    expect(result.counts.trades).toBe(expected.length);
    const orderIds = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'BNBUSDT'].flatMap((s) => sim.state.orders('main', s)).filter((o) => o.time >= since).map((o) => String(o.id)).sort();
    expect(bundle.orders.map((o) => o.id).sort()).toEqual(orderIds);
    const withdrawals = sim.state.transfers('main', 'withdrawal').filter((w) => w.time >= since).map((w) => String(w.id)).sort();
    expect(bundle.withdrawals.map((w) => w.id).sort()).toEqual(withdrawals);
    expect(bundle).toMatchObject({ format: 'kit-activity-bundle', version: 1, exchange: 'binance', account: 'main', window: { since } });
    expect(bundle.gaps ?? []).toEqual([]);
    // 1-minute candles around the window's trades, for judging fill prices.
    const candles = bundle.ohlcv?.['BTC/USDT'] ?? [];
    expect(candles.length).toBeGreaterThan(100);
    expect(candles[1][0] - candles[0][0]).toBe(60_000);
    expect(result.rateLimited).toBe(0);
    expect(progress.at(-1)).toBe(4);
    const mutating = sim.admin.requestLog().slice(logBefore).filter((r) => r.mutating);
    expect(mutating).toEqual([]);
  });

  it('resumes after a kill in the middle without duplicates or losses', async () => {
    // A fresh simulator: the first test used most of this minute's request weight, and the
    // sweep would (rightly) wait for the next minute.
    await sim.close();
    sim = await startSimulator({ scenario: await loadScenario('quiet') });
    const since = sim.state.anchor - 85 * DAY;
    const dir = path.join(tmp, 'resume', 'evidence', 'binance-main');
    const controller = new AbortController();
    const first = await binance();
    let pages = 0;
    // Kill the first sweep once some trades are on disk (mid-symbol).
    const killed = await sweepActivity(first, {
      exchange: 'binance', account: 'main', since, evidenceDir: dir, signal: controller.signal, concurrency: 2,
      onProgress: (p) => {
        if (p.records > 500 && ++pages === 1) controller.abort();
      },
    }).then(() => 'finished', (e: unknown) => (e as Error).name);
    expect(killed).toBe('InterruptedError');
    const partial = fs.readFileSync(path.join(dir, 'trades.jsonl'), 'utf8').trim().split('\n').length;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(expectedTrades(since).length);
    const result = await sweepActivity(await binance(), { exchange: 'binance', account: 'main', since, evidenceDir: dir });
    expect(result.resumed).toBe(true);
    const lines = fs.readFileSync(path.join(dir, 'trades.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id);
    expect(new Set(lines).size).toBe(lines.length);
    const bundle = JSON.parse(fs.readFileSync(result.bundlePath, 'utf8')) as ActivityBundle;
    expect(bundle.trades.map((t) => t.id).sort()).toEqual(expectedTrades(since));
  });
});

describe('Bybit activity sweep on the simulator', () => {
  it('returns exactly the seeded executions, orders, transfers and transaction-log rows across cursor pages and 7-day windows', async () => {
    const bybitSim = await startSimulator({ scenario: await loadScenario('compromise-bybit') });
    try {
      const key = bybitSim.admin.credentials().find((c) => c.account === 'main' && c.name === 'read-only');
      if (!key) throw new Error('no read-only key');
      const ex = await connect('bybit', 'main', { apiKey: key.apiKey, secret: key.secret }, { baseUrl: bybitSim.baseUrl, dryRun: true, audit: () => {} });
      const since = bybitSim.state.anchor - 20 * DAY;
      const before = bybitSim.admin.requestLog().length;
      const result = await sweepActivity(ex, { exchange: 'bybit', account: 'main', since, evidenceDir: path.join(tmp, 'bybit', 'evidence', 'bybit-main') });
      const bundle = JSON.parse(fs.readFileSync(result.bundlePath, 'utf8')) as ActivityBundle;
      const until = bundle.window.until;
      const symbols = ['BTCUSDT', 'ETHUSDT', 'ETHBTC', 'SOLBTC', 'ADABTC', 'LINKBTC', 'VIABTC'];
      const trades = symbols.flatMap((s) => bybitSim.state.trades('main', s)).filter((t) => t.time >= since && t.time <= until).map((t) => String(t.id)).sort();
      expect(trades.length).toBeGreaterThan(300); // several pages of 100, three windows
      expect(bundle.trades.filter((t) => t.timestamp <= until).map((t) => t.id).sort()).toEqual(trades);
      // Bybit's order history shows closed orders; unfilled cancels only for 24 hours (as the exchange documents).
      const visible = (o: { status: string; executedQty: number; updateTime: number }): boolean => o.status !== 'NEW' && o.status !== 'PARTIALLY_FILLED' && (o.executedQty > 0 || until - o.updateTime <= DAY);
      const orders = symbols.flatMap((s) => bybitSim.state.orders('main', s)).filter((o) => o.time >= since && o.time <= until && visible(o)).map((o) => String(o.id)).sort();
      expect(bundle.orders.filter((o) => o.timestamp <= until).map((o) => o.id).sort()).toEqual(orders);
      // The UTA transaction log: one row per coin of each execution, the completed deposits and the
      // withdrawals that moved money, read across cursor pages of 50 and 7-day windows; no gap.
      expect(result.gaps).toEqual([]);
      const legs = symbols.flatMap((s) => bybitSim.state.trades('main', s)).filter((t) => t.time >= since && t.time <= until)
        .flatMap((t) => [t.symbol.replace(/(USDT|BTC)$/, ''), /USDT$/.test(t.symbol) ? 'USDT' : 'BTC'].map((coin) => `${t.seq}-${coin}`));
      const ins = bybitSim.state.transfers('main', 'deposit').filter((d) => d.status === 'completed' && d.completeTime >= since && d.completeTime <= until).map((d) => `in-${d.id}`);
      const outs = bybitSim.state.transfers('main', 'withdrawal').filter((w) => (w.status === 'completed' || w.status === 'pending') && w.time >= since && w.time <= until).map((w) => `out-${w.id}`);
      const ledger = [...legs, ...ins, ...outs].sort();
      expect(outs.length).toBeGreaterThan(0);
      expect(ledger.length).toBeGreaterThan(3 * 50); // several pages in more than one window
      expect((bundle.ledger ?? []).map((l) => l.id).sort()).toEqual(ledger);
      expect(result.counts.ledger).toBe(ledger.length);
      const withdrawals = bybitSim.state.transfers('main', 'withdrawal').filter((w) => w.time >= since && w.time <= until).map((w) => String(w.id)).sort();
      expect(bundle.withdrawals.filter((w) => w.timestamp <= until).map((w) => w.id).sort()).toEqual(withdrawals);
      expect(result.rateLimited).toBe(0);
      expect(bybitSim.admin.requestLog().slice(before).filter((r) => r.mutating)).toEqual([]);
    } finally {
      await bybitSim.close();
    }
  });
});
