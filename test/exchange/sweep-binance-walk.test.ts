// The Binance sweep's walk back from the newest record, at the edges a seeded scenario rarely
// hits: a page boundary inside one millisecond (ccxt's own walk, endTime = oldest - 1, would
// drop the rest of that millisecond), a full page inside one millisecond (the walk cannot move
// on and falls back to windows and ids), a kill between pages, and the request count (most
// symbols cost one request). The exchange answers with the simulator's own selection rules.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Exchange } from 'ccxt';
import { afterAll, describe, expect, it } from 'vitest';
import { BinanceSweep } from '../../src/exchange/sweep/binance.js';
import { SweepStore } from '../../src/exchange/sweep/store.js';
import { systemClock } from '../../src/exchange/clock.js';
import { selectByTime, selectFromId } from '../../src/sim/binance/window.js';
import { InterruptedError } from '../../src/errors.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 30);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-walk-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

interface Rec { id: string; time: number }

/** Records of one symbol, ids growing with time; `times` gives each record's millisecond. */
function history(times: number[]): Rec[] {
  return times.map((time, i) => ({ id: String(1000 + i), time })).sort((a, b) => a.time - b.time || Number(a.id) - Number(b.id));
}

/** ccxt's fetchMyTrades/fetchOrders as Binance answers them (see src/sim/binance/window.ts). */
function fakeBinance(records: Record<string, Rec[]>, calls: string[], failAfter = Infinity): Exchange {
  const answer = async (symbol: string, since: number | undefined, limit: number, params: Record<string, unknown>): Promise<unknown[]> => {
    calls.push(JSON.stringify({ since, ...params }));
    if (calls.length > failAfter) throw new InterruptedError('killed');
    const items = records[symbol] ?? [];
    const idParam = params.fromId ?? params.orderId;
    const page = idParam !== undefined
      ? selectFromId(items, Number(idParam), limit)
      : selectByTime(items, { startTime: since, endTime: params.until as number | undefined, limit });
    return page.map((r) => ({ id: r.id, timestamp: r.time, symbol }));
  };
  return { id: 'binance', fetchMyTrades: answer, fetchOrders: answer } as unknown as Exchange;
}

async function sweep(name: string, records: Record<string, Rec[]>, from: number, failAfter = Infinity) {
  const calls: string[] = [];
  const dir = path.join(tmp, name);
  const run = async () => {
    const store = await SweepStore.open(dir, { exchange: 'binance', account: 'main', from, until: NOW });
    const env = { options: { exchange: 'binance', account: 'main', since: from, evidenceDir: dir }, clock: systemClock, progress: () => {} };
    await new BinanceSweep(fakeBinance(records, calls, failAfter), store, env).symbols(Object.keys(records), 2);
    return store;
  };
  const store = await run().catch(async (error: unknown) => {
    if (!(error instanceof InterruptedError)) throw error;
    failAfter = Infinity; // the process "restarts": the same folder, a fresh store and sweep
    return run();
  });
  const ids = async (kind: 'trades' | 'orders') => (await store.read<{ id: string }>(kind)).map((r) => r.id);
  return { calls, trades: await ids('trades'), orders: await ids('orders') };
}

const expectedIds = (recs: Rec[], from: number): string[] => recs.filter((r) => r.time >= from).map((r) => r.id).sort();

describe('Binance sweep, walking back from the newest record', () => {
  it('costs one request per kind for a symbol with less than a page, and none more for one never traded', async () => {
    const recs = history(Array.from({ length: 40 }, (_, i) => NOW - i * 3_600_000));
    const result = await sweep('small', { 'BTC/USDT': recs, 'DOGE/USDT': [] }, NOW - 10 * DAY);
    expect(result.calls).toHaveLength(4);
    expect(result.trades.sort()).toEqual(expectedIds(recs, NOW - 10 * DAY));
  });

  it('keeps every record of a millisecond that a page boundary cuts through', async () => {
    // 2,500 records; the 1,000-record page boundaries fall inside runs of 7 records sharing a millisecond.
    const times = Array.from({ length: 2500 }, (_, i) => NOW - Math.floor(i / 7) * 1000);
    const recs = history(times);
    const from = NOW - 30 * DAY;
    const result = await sweep('same-ms', { 'ETH/USDT': recs }, from);
    expect(result.trades.sort()).toEqual(expectedIds(recs, from));
    expect(new Set(result.trades).size).toBe(result.trades.length);
    // ccxt's own walk (endTime = oldest - 1) would lose records here: the test data must show it.
    const page1 = selectByTime(recs, { limit: 1000 });
    const cut = page1[0].time;
    expect(recs.filter((r) => r.time === cut).length).toBeGreaterThan(page1.filter((r) => r.time === cut).length);
  });

  it('falls back to windows and ids when a whole page lies in one millisecond', async () => {
    const times = [...Array.from({ length: 1200 }, () => NOW - 2 * DAY), ...Array.from({ length: 300 }, (_, i) => NOW - DAY + i)];
    const recs = history(times);
    const from = NOW - 5 * DAY;
    const result = await sweep('one-ms', { 'SOL/USDT': recs }, from);
    expect(result.trades.sort()).toEqual(expectedIds(recs, from));
    expect(result.calls.some((c) => c.includes('fromId'))).toBe(true);
  });

  it('stops at the page that reaches past the sweep start, and resumes after a kill without duplicates', async () => {
    const recs = history(Array.from({ length: 5000 }, (_, i) => NOW - i * 60_000));
    const from = NOW - 3 * DAY; // 4,320 records in range: five pages back, the fifth reaching past the start
    const whole = await sweep('whole', { 'BNB/USDT': recs }, from);
    expect(whole.calls).toHaveLength(10);
    expect(whole.trades.sort()).toEqual(expectedIds(recs, from));
    const killed = await sweep('killed', { 'BNB/USDT': recs }, from, 3);
    expect(killed.trades.sort()).toEqual(expectedIds(recs, from));
    expect(killed.orders.sort()).toEqual(expectedIds(recs, from));
    expect(new Set(killed.trades).size).toBe(killed.trades.length);
  });
});
