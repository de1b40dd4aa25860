// An instance the steps of a run share: each request answers to the signal of the step that sent
// it, a failed markets download does not stick to it, and the run's scope forgets what failed.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunScopeStore } from '../../src/engine/run-scope.js';
import { InterruptedError } from '../../src/errors.js';
import { connect } from '../../src/exchange/gateway.js';
import { clearMarketCache } from '../../src/exchange/market-cache.js';
import { stepSignal, withStepSignal } from '../../src/exchange/signal-scope.js';

let server: http.Server;
let baseUrl: string;
let marketsDown = true;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (path === '/api/v3/time') return void setTimeout(() => send(200, { serverTime: Date.now() }), 150);
    if (path === '/api/v3/exchangeInfo') return marketsDown ? send(503, { msg: 'down' }) : send(200, { timezone: 'UTC', serverTime: Date.now(), rateLimits: [], symbols: [] });
    send(404, { msg: 'no route' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('an instance shared by steps', () => {
  it('aborts only the requests of the step whose signal fired', async () => {
    const exchange = await connect('binance', 'main', undefined, { baseUrl, dryRun: true, audit: () => {}, signal: stepSignal, requestRetry: false });
    const a = new AbortController();
    const b = new AbortController();
    const first = withStepSignal(a.signal, () => exchange.fetchTime());
    const second = withStepSignal(b.signal, () => exchange.fetchTime());
    setTimeout(() => a.abort(), 30);
    await expect(first).rejects.toBeInstanceOf(InterruptedError);
    await expect(second).resolves.toEqual(expect.any(Number));
  });

  it('loads markets again after a failed download', async () => {
    clearMarketCache();
    const exchange = await connect('binance', 'main', undefined, { baseUrl, dryRun: true, audit: () => {}, requestRetry: false, ccxtOptions: { fetchMarkets: { types: ['spot'] }, fetchCurrencies: false } });
    await expect(exchange.loadMarkets()).rejects.toThrow();
    marketsDown = false;
    await expect(exchange.loadMarkets()).resolves.toEqual({});
  });
});

describe('RunScopeStore', () => {
  it('keeps a value for the run, forgets a promise that failed, and drops everything at the end', async () => {
    const scope = new RunScopeStore();
    let made = 0;
    const make = () => ++made;
    expect(scope.shared('a', make)).toBe(1);
    expect(scope.shared('a', make)).toBe(1);
    const failed = scope.shared('b', () => Promise.reject(new Error('no')));
    await expect(failed).rejects.toThrow('no');
    await expect(scope.shared('b', () => Promise.resolve('yes'))).resolves.toBe('yes');
    scope.clear();
    expect(scope.shared('a', make)).toBe(2);
  });
});
