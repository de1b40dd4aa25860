// A request held by a pacer (waiting for the next rate-limit window) is signed when it leaves,
// not when it arrives: Binance refuses a timestamp older than recvWindow (-1021), so a request
// signed first and held for a minute would be refused, resent and counted twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, gatewayOf } from '../../src/exchange/gateway.js';
import { loadScenario, startSimulator, type SimHandle } from '../../src/sim/index.js';

let sim: SimHandle;
beforeAll(async () => {
  sim = await startSimulator({ scenario: await loadScenario('quiet') });
});
afterAll(async () => {
  await sim.close();
});

function key() {
  const found = sim.admin.credentials().find((c) => c.exchange === 'binance' && c.account === 'main');
  if (!found) throw new Error('no binance key');
  return { apiKey: found.apiKey, secret: found.secret };
}

describe('pacers wait before ccxt signs', () => {
  it('a request held longer than recvWindow is accepted at once, with one request sent', async () => {
    // No retry layer: a stale timestamp would surface as the exchange's refusal.
    const ex = await connect('binance', 'main', key(), { baseUrl: sim.baseUrl, dryRun: true, audit: () => {}, requestRetry: false });
    await ex.loadMarkets();
    (ex.options as Record<string, unknown>).recvWindow = 1000;
    const gateway = gatewayOf(ex);
    if (!gateway) throw new Error('not a gateway instance');
    const held: string[] = [];
    gateway.beforeRequest.push(async (request) => {
      held.push(request.endpoint);
      await new Promise((resolve) => setTimeout(resolve, 2000));
    });
    const before = sim.admin.requestLog().length;
    const requestsBefore = gateway.requests;
    const balance = await ex.fetchBalance();
    expect(balance.total).toBeDefined();
    expect(held).toEqual(['/api/v3/account']);
    const sent = sim.admin.requestLog().slice(before);
    expect(sent.map((r) => r.path)).toEqual(['/api/v3/account']);
    expect(gateway.requests - requestsBefore).toBe(1);
  });

  it('lets go of what the pacers hold when the request never reaches the exchange', async () => {
    const ex = await connect('binance', 'main', key(), { baseUrl: sim.baseUrl, dryRun: true, audit: () => {}, requestRetry: false });
    const gateway = gatewayOf(ex);
    if (!gateway) throw new Error('not a gateway instance');
    let holding = 0;
    gateway.beforeRequest.push(() => {
      holding++;
    });
    gateway.afterResponse.push(() => {
      holding--;
    });
    // A dry run refuses the write before any pacer counts it; a read goes and comes back.
    await expect(ex.cancelAllOrders('BTC/USDT')).rejects.toThrow(/dry run/i);
    await ex.fetchOpenOrders('BTC/USDT');
    expect(holding).toBe(0);
    // A request that fails inside ccxt after the pacers let it go, before it reaches fetch.
    const internals = ex as unknown as { enableRateLimit: boolean; throttle: () => Promise<void> };
    internals.enableRateLimit = true;
    internals.throttle = () => Promise.reject(new Error('failed before sending'));
    await expect(ex.fetchOpenOrders('BTC/USDT')).rejects.toThrow('failed before sending');
    expect(holding).toBe(0);
  });
});
