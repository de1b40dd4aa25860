// The gateway rides out a flaky exchange: reads that meet 5xx answers or dropped connections are
// sent again; a clock off by 5 s either way is resynchronised (signed reads and writes go through);
// a write that fails for another reason is never resent by the gateway (the engine reconciles first).
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { connect } from '../../src/exchange/gateway.js';
import { parseScenario, startSimulator, type SimHandle } from '../../src/sim/index.js';

let sim: SimHandle | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function simWith(faults: Record<string, unknown>): Promise<SimHandle> {
  const doc = parse(readFileSync('scenarios/compromise-bybit.yaml', 'utf8')) as Record<string, unknown>;
  doc.historyDays = 2;
  doc.faults = faults;
  sim = await startSimulator({ scenario: parseScenario(stringify(doc), 'retry.yaml') });
  return sim;
}

async function bybitOf(handle: SimHandle, key = 'grid-bot'): Promise<Awaited<ReturnType<typeof connect>>> {
  const c = handle.admin.credentials().find((x) => x.account === 'main' && x.name === key)!;
  return connect('bybit', 'main', { apiKey: c.apiKey, secret: c.secret }, { baseUrl: handle.baseUrl, dryRun: false, audit: () => {} });
}

describe('request retry', () => {
  it('loads markets and reads the balance although 30% of answers are 5xx or dropped', async () => {
    const handle = await simWith({ serverErrorShare: 0.2, dropShare: 0.1 });
    const exchange = await bybitOf(handle);
    await exchange.loadMarkets();
    const balance = await exchange.fetchBalance();
    expect((balance.total as unknown as Record<string, number>).BTC).toBeGreaterThan(0);
    const counters = handle.admin.counters();
    expect(counters.serverErrors + counters.dropped).toBeGreaterThan(0);
  });

  it.each(['5s', '-5s'])('resynchronises with a server clock off by %s: signed reads and a write go through', async (offset) => {
    const handle = await simWith({ clockOffset: offset });
    const exchange = await bybitOf(handle);
    await exchange.loadMarkets();
    expect(Math.abs(Number((exchange.options as { timeDifference?: number }).timeDifference))).toBeGreaterThan(4_000);
    await expect(exchange.fetchBalance()).resolves.toBeDefined();
    await expect(exchange.cancelAllOrders(undefined, { category: 'spot' })).resolves.toBeDefined();
  });

  it('never resends a write that met a server error', async () => {
    const handle = await simWith({ serverErrorShare: 1 });
    const exchange = await bybitOf(handle);
    exchange.markets = {} as typeof exchange.markets; // no market download: the write is the first request
    await expect(exchange.privatePostV5OrderCancelAll({ category: 'spot' })).rejects.toThrow();
    expect(handle.admin.requestLog().filter((e) => e.path === '/v5/order/cancel-all')).toHaveLength(1);
  });
});
