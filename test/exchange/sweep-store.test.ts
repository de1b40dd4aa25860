import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { StorageError } from '../../src/errors.js';
import { SweepStore } from '../../src/exchange/sweep/store.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-store-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** The error a write on an open file gets past a size limit or on a full disk: no path in it. */
const efbig = (): NodeJS.ErrnoException => Object.assign(new Error('EFBIG: file too large, write'), { code: 'EFBIG', errno: -27, syscall: 'write' });

describe('SweepStore', () => {
  it('dedupes by id, cuts a torn last line, and continues an unfinished sweep with its own range', async () => {
    const dir = path.join(root, 'a');
    const first = await SweepStore.open(dir, { exchange: 'binance', account: 'main', from: 1000, until: 5000 });
    expect(await first.append('trades', [{ id: '1' }, { id: '2' }])).toBe(2);
    expect(await first.append('trades', [{ id: '2' }, { id: '3' }])).toBe(1);
    await first.setCursor('trades:BTC/USDT', { nextId: '4' });
    await first.save(true);
    fs.appendFileSync(path.join(dir, 'trades.jsonl'), '{"id":"4","tim'); // killed mid-write
    // The step resumes later: "72h" now resolves to a later start; the unfinished range wins.
    const resumed = await SweepStore.open(dir, { exchange: 'binance', account: 'main', from: 2000, until: 9000 });
    expect(resumed.resumed).toBe(true);
    expect([resumed.from, resumed.until]).toEqual([1000, 5000]);
    expect(resumed.cursor('trades:BTC/USDT')).toEqual({ nextId: '4' });
    expect(await resumed.append('trades', [{ id: '3' }, { id: '4' }])).toBe(1);
    expect((await resumed.read<{ id: string }>('trades')).map((r) => r.id)).toEqual(['1', '2', '3', '4']);
  });

  it('keeps equal ids of different symbols: Binance numbers trades per symbol, spot and futures apart', async () => {
    const dir = path.join(root, 'symbols');
    const first = await SweepStore.open(dir, { exchange: 'binance', account: 'main', from: 1000, until: 5000 });
    const trades = [{ id: '7', symbol: 'BTC/USDT' }, { id: '7', symbol: 'ETH/USDT' }, { id: '7', symbol: 'BTC/USDT:USDT' }];
    expect(await first.append('trades', trades)).toBe(3);
    expect(await first.append('trades', [{ id: '7', symbol: 'ETH/USDT' }])).toBe(0);
    await first.save(true);
    // A resumed sweep rebuilds the same keys from the file.
    const resumed = await SweepStore.open(dir, { exchange: 'binance', account: 'main', from: 1000, until: 5000 });
    expect(await resumed.append('trades', [...trades, { id: '7', symbol: 'SOL/USDT' }])).toBe(1);
    expect(resumed.count('trades')).toBe(4);
  });

  it('a finished sweep of another range is moved aside, never deleted', async () => {
    const dir = path.join(root, 'b');
    const done = await SweepStore.open(dir, { exchange: 'bybit', account: 'main', from: 1000, until: 5000 });
    await done.append('trades', [{ id: 'x' }]);
    await done.markComplete();
    const again = await SweepStore.open(dir, { exchange: 'bybit', account: 'main', from: 1000, until: 6000 });
    expect(again.resumed).toBe(true);
    await again.markComplete();
    const other = await SweepStore.open(dir, { exchange: 'bybit', account: 'main', from: 3000, until: 7000 });
    expect(other.resumed).toBe(false);
    expect(other.count('trades')).toBe(0);
    const archived = fs.readdirSync(dir).filter((n) => n.startsWith('previous-'));
    expect(archived).toHaveLength(1);
    expect(fs.readFileSync(path.join(dir, archived[0], 'trades.jsonl'), 'utf8')).toContain('"x"');
  });

  it('a disk failure names the evidence file it could not write (the stop says what to free), and keeps nothing half', async () => {
    const dir = path.join(root, 'bybit-reader');
    const store = await SweepStore.open(dir, { exchange: 'bybit', account: 'reader', from: 1000, until: 5000 });
    vi.spyOn(fs.promises, 'appendFile').mockRejectedValueOnce(efbig());
    const failed = await store.append('orders', [{ id: 'o1' }]).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(StorageError);
    expect((failed as Error).message).toBe('cannot write the evidence file bybit-reader/orders.jsonl: EFBIG: file too large, write');
    // Not stored: the same records are taken again once the disk has room.
    expect(await store.append('orders', [{ id: 'o1' }])).toBe(1);
    vi.spyOn(fs.promises, 'open').mockRejectedValueOnce(efbig());
    await expect(store.save(true)).rejects.toThrow('cannot write the evidence file bybit-reader/progress.json: EFBIG');
  });
});
