// Rate limits as the exchanges enforce them, with the simulator's clock held still so that no
// window rolls over during the test (no timing in assertions).
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Scenario, type SimHandle } from '../../src/sim/index.js';
import { ccxt, connect, credential, failure, tinyScenario } from './helpers.js';

const T = Math.floor(Date.now() / 60_000) * 60_000 + 30_000;
let sim: SimHandle | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

function scenario(extra: string): Scenario {
  return tinyScenario('limits', `rateLimits:\n${extra}`);
}

describe('binance weight limits', () => {
  it('answers 429 with Retry-After past the weight limit, then 418 for an IP that keeps going', async () => {
    sim = await startSimulator({ scenario: scenario('  binance: { requestWeightPerMinute: 60, banAfter429s: 2 }'), clock: () => T });
    const url = `${sim.baseUrl}/api/v3/exchangeInfo`;
    const info = await (await fetch(url)).json() as { rateLimits: Array<{ rateLimitType: string; limit: number; interval: string; intervalNum: number }> };
    // exchangeInfo declares the limit it enforces.
    expect(info.rateLimits[0]).toEqual({ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 60 });
    const second = await fetch(url);
    expect(second.headers.get('x-mbx-used-weight-1m')).toBe('40');
    expect(second.headers.get('x-mbx-used-weight')).toBe('40');
    await fetch(url);
    const limited = await fetch(url);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBe(30);
    expect(await limited.json()).toMatchObject({ code: -1003 });
    const ex = connect(sim, 'binance', credential(sim, 'bn', 'k'));
    expect(await failure(ex.publicGetExchangeInfo())).toBeInstanceOf(ccxt.DDoSProtection);
    const banned = await fetch(url);
    expect(banned.status).toBe(418);
    expect(Number(banned.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await banned.json() as { msg: string }).msg).toMatch(/IP banned until \d+/);
    expect(sim.admin.counters()).toMatchObject({ rateLimited: 2, banned: 1 });
  });

  it('scales the window for benchmarks and names it as Binance does', async () => {
    sim = await startSimulator({ scenario: scenario('  minute: 6s\n  binance: { requestWeightPerMinute: 600 }'), clock: () => T });
    const answer = await fetch(`${sim.baseUrl}/api/v3/time`);
    expect(answer.headers.get('x-mbx-used-weight-6s')).toBe('1');
    const info = await (await fetch(`${sim.baseUrl}/api/v3/exchangeInfo`)).json() as { rateLimits: unknown[] };
    expect(info.rateLimits[0]).toEqual({ rateLimitType: 'REQUEST_WEIGHT', interval: 'SECOND', intervalNum: 6, limit: 600 });
  });
});

describe('bybit limits', () => {
  it('reports X-Bapi-Limit headers and answers 10006 past an endpoint limit', async () => {
    sim = await startSimulator({ scenario: scenario('  bybit: { endpointLimitFactor: 0.3 }'), clock: () => T });
    const ex = connect(sim, 'bybit', credential(sim, 'by', 'k'));
    ex.nonce = () => T;
    // query-api: 10 per second, scaled by 0.3 -> 3.
    for (let i = 0; i < 3; i++) await ex.privateGetV5UserQueryApi();
    const get = (name: string) => {
      const headers = ex.last_response_headers as Record<string, string>;
      return headers[name] ?? headers[name.toLowerCase()];
    };
    expect(get('X-Bapi-Limit')).toBe('3');
    expect(get('X-Bapi-Limit-Status')).toBe('0');
    const error = await failure(ex.privateGetV5UserQueryApi());
    expect(error).toBeInstanceOf(ccxt.RateLimitExceeded);
    expect(error.message).toContain('10006');
    expect(Number(get('X-Bapi-Limit-Reset-Timestamp'))).toBeGreaterThan(T);
    expect(sim.admin.counters().rateLimited).toBe(1);
  });

  it('answers HTTP 403 past the per-IP limit', async () => {
    sim = await startSimulator({ scenario: scenario('  bybit: { ipRequestsPer5Seconds: 3 }'), clock: () => T });
    for (let i = 0; i < 3; i++) expect((await fetch(`${sim.baseUrl}/v5/market/time`)).status).toBe(200);
    const refused = await fetch(`${sim.baseUrl}/v5/market/time`);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toBe('access too frequent');
    const ex = connect(sim, 'bybit', credential(sim, 'by', 'k'));
    expect(await failure(ex.fetchTime())).toBeInstanceOf(ccxt.RateLimitExceeded);
  });
});
