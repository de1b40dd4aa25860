// Bybit answers open orders 20 at a time unless asked for a cursor: an account with more must be
// read page by page, or cancel-all cancels (and the snapshot records) only some of them.
import { readFileSync } from 'node:fs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAction } from '../../src/actions/registry.js';
import { parseScenario, startSimulator, type SimHandle } from '../../src/sim/index.js';
import { testContext } from './helpers/action-context.js';

let sim: SimHandle;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-bybit-open-'));
const savedEnv = { ...process.env };

beforeAll(async () => {
  const doc = parse(readFileSync('scenarios/compromise-bybit.yaml', 'utf8')) as { historyDays: number; baseline: { gridBots: Array<Record<string, unknown>> } };
  doc.historyDays = 2;
  // 6 symbols x 12 resting orders: 72 open orders, more than three of Bybit's pages of 20.
  doc.baseline.gridBots = [{ account: 'main', symbols: ['BTC/USDT', 'ETH/USDT', 'ETH/BTC', 'SOL/BTC', 'ADA/BTC', 'LINK/BTC'], fillsPerDay: 0, openOrdersPerSymbol: 12, orderValue: 20 }];
  sim = await startSimulator({ scenario: parseScenario(stringify(doc), 'many-open.yaml') });
  const c = sim.admin.credentials().find((k) => k.account === 'main' && k.name === 'grid-bot')!;
  process.env.BYBIT_MAIN_API_KEY = c.apiKey;
  process.env.BYBIT_MAIN_SECRET = c.secret;
  process.env.BYBIT_MAIN_BASE_URL = sim.baseUrl;
});
afterAll(async () => {
  await sim.close();
  for (const k of Object.keys(process.env)) if (!(k in savedEnv)) delete process.env[k];
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('Bybit open orders beyond one page', () => {
  it('the snapshot records all of them, and cancel-all cancels all of them in its first pass', async () => {
    const open = sim.state.openOrders('main').length;
    expect(open).toBeGreaterThan(60);
    const snapshot = getAction('exchange.snapshot')!;
    const snap = await snapshot.run(testContext(tmp, { dryRun: false }), snapshot.input.parse({ exchange: 'bybit' }));
    expect(snap.openOrders).toBe(open);
    const cancelAll = getAction('exchange.cancel-all-orders')!;
    const ctx = testContext(tmp, { dryRun: false });
    const out = await cancelAll.run(ctx, cancelAll.input.parse({ exchange: 'bybit' }));
    expect(out).toMatchObject({ cancelled: open, remaining: 0 });
    expect((out.symbols as string[]).length).toBe(6);
    expect(sim.state.openOrders('main')).toEqual([]);
    // One cancel-all per symbol, all in the first pass: nothing was left for a second.
    expect(sim.admin.requestLog().filter((r) => r.path === '/v5/order/cancel-all').length).toBe(6);
  });
});
