// The admin interface: in-process always, over HTTP under /__kit-sim/ only when enabled; the
// request log names keys by fingerprint only.
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { loadScenario, startSimulator, type SimHandle } from '../../src/sim/index.js';
import { ccxt, connect, credential, failure } from './helpers.js';

let sim: SimHandle | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function post(url: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const answer = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: answer.status, json: await answer.json() as Record<string, unknown> };
}

describe('admin interface', () => {
  it('is not reachable over HTTP unless enabled', async () => {
    sim = await startSimulator({ scenario: loadScenario('quiet') });
    expect(sim.adminUrl).toBeNull();
    expect((await fetch(`${sim.baseUrl}/__kit-sim/counters`)).status).toBe(404);
  });

  it('creates and deletes keys, injects events and reports log, counters and ground truth over HTTP', async () => {
    sim = await startSimulator({ scenario: loadScenario('quiet'), adminHttp: true });
    const admin = sim.adminUrl as string;
    const created = await post(`${admin}keys`, { exchange: 'binance', account: 'main', permissions: ['read', 'trade'] });
    expect(created.status).toBe(200);
    const keys = created.json as { apiKey: string; secret: string };
    const ex = connect(sim, 'binance', keys);
    await ex.fetchBalance();

    const injected = await post(`${admin}events`, { events: [{ type: 'order', account: 'main', at: '-1s', symbol: 'BTC/USDT', side: 'sell', orderType: 'market', amount: 0.01 }] });
    expect(injected.status).toBe(200);
    const truth = await (await fetch(`${admin}ground-truth`)).json() as { attacker: { trades: Array<{ id: string }> } };
    expect(truth.attacker.trades).toHaveLength(1);
    const trades = await ex.fetchMyTrades('BTC/USDT', Date.now() - 60_000);
    expect(trades.map((t) => t.id)).toContain(truth.attacker.trades[0].id);

    expect((await post(`${admin}keys/delete`, { apiKey: keys.apiKey })).json).toEqual({ deleted: true });
    expect(await failure(connect(sim, 'binance', keys).fetchBalance())).toBeInstanceOf(ccxt.ExchangeError);

    const log = await (await fetch(`${admin}log`)).json() as Array<{ keyFingerprint: string | null; exchange: string; mutating: boolean; status: number }>;
    const fingerprint = createHash('sha256').update(keys.apiKey).digest('hex').slice(0, 8);
    expect(log.some((e) => e.keyFingerprint === fingerprint && e.exchange === 'binance' && e.status === 200)).toBe(true);
    expect(log.some((e) => e.keyFingerprint === fingerprint && e.status >= 400)).toBe(true);
    // Neither the key nor its secret nor any signature ever reaches the log.
    const text = JSON.stringify(log);
    expect(text).not.toContain(keys.apiKey);
    expect(text).not.toContain(keys.secret);
    expect(text).not.toContain('signature');
    const counters = await (await fetch(`${admin}counters`)).json() as { requests: number; weight: number };
    expect(counters.requests).toBeGreaterThan(5);
    expect(counters.weight).toBeGreaterThan(0);

    const bad = await post(`${admin}keys`, { exchange: 'kraken', account: 'main' });
    expect(bad.status).toBe(400);
    expect((await fetch(`${admin}nothing`)).status).toBe(404);
  });

  it('restricts a key to other IPs, as the web page would', async () => {
    sim = await startSimulator({ scenario: loadScenario('quiet') });
    const key = credential(sim, 'main', 'read-only');
    expect(sim.admin.setKeyIps(key.apiKey, ['192.0.2.10'])).toBe(true);
    const refused = await failure(connect(sim, 'binance', key).fetchBalance());
    expect(refused.message).toContain('-2015');
    expect(sim.state.keys().find((k) => k.name === 'read-only')?.ips).toEqual(['192.0.2.10']);
    // The view never holds the key itself.
    expect(JSON.stringify(sim.state.keys())).not.toContain(key.apiKey);
  });
});
