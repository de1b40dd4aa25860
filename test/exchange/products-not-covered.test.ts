// kit says what it did not cover. A key that may trade futures or margin, where kit reads spot
// only (Binance; Bybit without contract markets loaded), leaves a named gap in the sweep's bundle
// and a warning from cancel-all, each with where to look by hand; a spot-only key leaves neither.
// The permissions come from the exchange's own key endpoint, served by the simulator.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Exchange } from 'ccxt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getAction } from '../../src/actions/registry.js';
import type { ActivityBundle } from '../../src/detect/types.js';
import { connect } from '../../src/exchange/gateway.js';
import { BybitSweep } from '../../src/exchange/sweep/bybit.js';
import { sweepActivity } from '../../src/exchange/sweep/index.js';
import { SweepStore } from '../../src/exchange/sweep/store.js';
import { systemClock } from '../../src/exchange/clock.js';
import { parseScenario, startSimulator, type SimHandle } from '../../src/sim/index.js';
import { testContext } from './helpers/action-context.js';

const DAY = 86_400_000;
const SCENARIO = `
version: 1
name: coverage
description: Keys with and without futures and margin permissions.
seed: 7
historyDays: 3
accounts:
  - name: main
    exchange: binance
    balances: { BTC: 1, USDT: 1000 }
    keys:
      - { name: spot, permissions: [read, trade] }
      - { name: derivatives, permissions: [read, trade, futures, margin] }
      - { name: futures-only, permissions: [read, futures] }
  - name: by
    exchange: bybit
    balances: { BTC: 1, USDT: 1000 }
    keys:
      - { name: spot, permissions: [read, trade] }
      - { name: derivatives, permissions: [read, futures] }
markets:
  - { symbol: BTC/USDT, price: 97250 }
baseline:
  gridBots:
    - { account: main, symbols: [BTC/USDT], fillsPerDay: 0, openOrdersPerSymbol: 2 }
  manual:
    - { account: main, symbols: [BTC/USDT], tradesPerWeek: 20 }
    - { account: by, symbols: [BTC/USDT], tradesPerWeek: 20 }
`;

let sim: SimHandle;
let tmp: string;
const savedEnv = { ...process.env };
beforeAll(async () => {
  sim = await startSimulator({ scenario: parseScenario(SCENARIO, 'coverage.yaml') });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-coverage-'));
});
afterAll(async () => {
  await sim.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});
afterEach(() => {
  for (const k of Object.keys(process.env)) if (!(k in savedEnv)) delete process.env[k];
});

async function sweepWith(exchange: 'binance' | 'bybit', account: string, keyName: string): Promise<ActivityBundle> {
  const c = sim.admin.credentials().find((k) => k.account === account && k.name === keyName)!;
  const ex = await connect(exchange, account, { apiKey: c.apiKey, secret: c.secret }, { baseUrl: sim.baseUrl, dryRun: true, audit: () => {} });
  const result = await sweepActivity(ex, {
    exchange, account, since: sim.state.anchor - 2 * DAY, evidenceDir: path.join(tmp, `${exchange}-${keyName}`), ohlcv: false,
  });
  return JSON.parse(fs.readFileSync(result.bundlePath, 'utf8')) as ActivityBundle;
}

const whats = (bundle: ActivityBundle): string[] => (bundle.gaps ?? []).map((g) => g.what).sort();

describe('what the sweep did not read', () => {
  it('Binance: a key with futures and margin gets both gaps, with where to get the history', async () => {
    const bundle = await sweepWith('binance', 'main', 'derivatives');
    expect(whats(bundle)).toEqual(['futures history', 'margin history']);
    const futures = bundle.gaps!.find((g) => g.what === 'futures history')!;
    expect(futures.reason).toMatch(/may trade futures/);
    expect(futures.reason).toMatch(/Binance website: Orders \/ Futures Order/);
    expect(bundle.trades.length).toBeGreaterThan(0); // the spot history is there all the same
  });

  it('Binance: a futures-only key gets the futures gap alone; a spot key gets none', async () => {
    expect(whats(await sweepWith('binance', 'main', 'futures-only'))).toEqual(['futures history']);
    expect(whats(await sweepWith('binance', 'main', 'spot'))).toEqual([]);
  });

  it('Bybit: with no contract markets loaded, a derivatives key gets the futures gap; a spot key gets none', async () => {
    expect(whats(await sweepWith('bybit', 'by', 'derivatives'))).toEqual(['futures history']);
    expect(whats(await sweepWith('bybit', 'by', 'spot'))).toEqual([]);
  });

  it('Bybit: every loaded contract category is swept like spot', async () => {
    const dir = path.join(tmp, 'categories');
    const store = await SweepStore.open(dir, { exchange: 'bybit', account: 'by', from: Date.UTC(2026, 10, 1), until: Date.UTC(2026, 10, 2) });
    const markets = {
      'BTC/USDT': { spot: true }, 'BTC/USDT:USDT': { linear: true }, 'BTC/USD:BTC': { inverse: true }, 'BTC/USDT:USDT-261231-100000-C': { option: true },
    };
    const env = { options: { exchange: 'bybit', account: 'by', since: 0, evidenceDir: dir }, clock: systemClock, progress: () => {} };
    const sweep = new BybitSweep({ id: 'bybit', markets } as unknown as Exchange, store, env);
    expect(sweep.contractCategories()).toEqual(['linear', 'inverse', 'option']);
    const labels = [...new Set(sweep.units().map((u) => u.unit.replace(/:\d+$/, '')))].sort();
    expect(labels).toEqual([
      'deposits', 'ledger', 'orders:inverse', 'orders:linear', 'orders:option', 'orders:spot',
      'trades:inverse', 'trades:linear', 'trades:option', 'trades:spot', 'withdrawals',
    ]);
  });
});

describe('what cancel-all did not check', () => {
  function useKey(keyName: string): void {
    const c = sim.admin.credentials().find((k) => k.account === 'main' && k.name === keyName)!;
    process.env.BINANCE_MAIN_API_KEY = c.apiKey;
    process.env.BINANCE_MAIN_SECRET = c.secret;
    process.env.BINANCE_MAIN_BASE_URL = sim.baseUrl;
  }
  const cancelAll = getAction('exchange.cancel-all-orders')!;
  const input = cancelAll.input.parse({ exchange: 'binance' });

  it('a key with futures and margin: the plan and the run cancel spot orders and say which orders were not read, and where', async () => {
    useKey('derivatives');
    const planned = await cancelAll.plan!(testContext(tmp, { dryRun: true }), input);
    expect(planned.summary).toMatch(/^would cancel 2 orders .*; the key may also trade futures and margin: kit did not read those open orders/);
    const ctx = testContext(tmp, { dryRun: false });
    const out = await cancelAll.run(ctx, input);
    expect(out).toMatchObject({ cancelled: 2, remaining: 0, notChecked: ['futures', 'margin'] });
    expect(sim.state.openOrders('main')).toEqual([]);
    const warning = ctx.lines.find((l) => l.startsWith('WARNING:'));
    expect(warning).toMatch(/check and cancel them by hand \(Binance website: Orders \/ Futures Order .*; Binance website: Orders \/ Margin Order/);
    const reconciled = await cancelAll.reconcile!(ctx, input);
    expect(reconciled).toMatchObject({ done: true, outputs: { notChecked: ['futures', 'margin'] } });
  });

  it('a spot-only key: no warning', async () => {
    useKey('spot');
    const ctx = testContext(tmp, { dryRun: false });
    const out = await cancelAll.run(ctx, input);
    expect(out.notChecked).toEqual([]);
    expect(ctx.lines.filter((l) => l.startsWith('WARNING:'))).toEqual([]);
  });
});
