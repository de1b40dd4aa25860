// cancelOrders: one call per symbol, a few symbols at once, and a symbol that fails does not stop
// the others (every symbol is tried before the first failure is thrown).
import type { Exchange, Order } from 'ccxt';
import { describe, expect, it } from 'vitest';
import { cancelOrders } from '../../src/exchange/orders.js';

function fakeExchange(failing: Set<string>, hasCancelAll = true) {
  const calls: string[] = [];
  let inFlight = 0;
  let peak = 0;
  const call = async (what: string, symbol: string) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    await new Promise((r) => setTimeout(r, 20));
    inFlight--;
    calls.push(what);
    if (failing.has(symbol)) throw new Error(`refused ${symbol}`);
  };
  const ex = {
    id: 'fake',
    has: { cancelAllOrders: hasCancelAll },
    cancelAllOrders: (symbol: string) => call(`all ${symbol}`, symbol),
    cancelOrder: (id: string, symbol: string) => call(`one ${id}`, symbol),
  } as unknown as Exchange;
  return { ex, calls, peak: () => peak };
}

const orders = (symbols: string[]): Order[] => symbols.map((symbol, i) => ({ id: String(i), symbol }) as Order);

describe('cancelOrders', () => {
  it('cancels each symbol once, several at once but at most four', async () => {
    const fake = fakeExchange(new Set());
    await cancelOrders(fake.ex, orders(['A', 'B', 'C', 'D', 'E', 'F', 'A']));
    expect(fake.calls.sort()).toEqual(['all A', 'all B', 'all C', 'all D', 'all E', 'all F']);
    expect(fake.peak()).toBeGreaterThan(1);
    expect(fake.peak()).toBeLessThanOrEqual(4);
  });

  it('tries every symbol when one fails, then throws that failure', async () => {
    const fake = fakeExchange(new Set(['B']));
    await expect(cancelOrders(fake.ex, orders(['A', 'B', 'C', 'D', 'E']))).rejects.toThrow('refused B');
    expect(fake.calls.sort()).toEqual(['all A', 'all B', 'all C', 'all D', 'all E']);
  });

  it('cancels order by order where the exchange has no cancel-all', async () => {
    const fake = fakeExchange(new Set(), false);
    await cancelOrders(fake.ex, orders(['A', 'A', 'B']));
    expect(fake.calls.sort()).toEqual(['one 0', 'one 1', 'one 2']);
  });
});
