// Garbage in, an exchange-shaped answer out: random methods, paths, query strings, bodies and
// headers (and bytes that are not HTTP at all) never crash the server or leave it without answer.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario, startSimulator, type SimHandle } from '../../src/sim/index.js';
import { credential } from './helpers.js';

let sim: SimHandle;
let bybitKey: string;
let bybitSecret: string;
beforeAll(async () => {
  // Limits high enough that thousands of fuzz requests are not simply refused as too many.
  const scenario = loadScenario('unrevocable');
  const rateLimits = {
    ...scenario.rateLimits,
    binance: { ...scenario.rateLimits.binance, requestWeightPerMinute: 1e9, sapiIpWeightPerMinute: 1e9, sapiUidWeightPerMinute: 1e9 },
    bybit: { ipRequestsPer5Seconds: 1e9, endpointLimitFactor: 1e6 },
  };
  sim = await startSimulator({ scenario: { ...scenario, rateLimits } });
  ({ apiKey: bybitKey, secret: bybitSecret } = credential(sim, 'bybitmain', 'trading-bot'));
});
afterAll(async () => {
  await sim.close();
});

interface Answer {
  status: number;
  contentType: string;
  body: string;
}

function send(method: string, path: string, headers: Record<string, string>, body: string): Promise<Answer> {
  const url = new URL(sim.baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method, path, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const PATHS = [
  '/api/v3/order', '/api/v3/openOrders', '/api/v3/myTrades', '/api/v3/allOrders', '/api/v3/account', '/api/v3/klines', '/api/v3/exchangeInfo',
  '/sapi/v1/capital/withdraw/history', '/sapi/v1/sub-account/subAccountApi', '/sapi/v2/sub-account/subAccountApi/ipRestriction',
  '/v5/order/create', '/v5/execution/list', '/v5/user/update-api', '/v5/user/delete-api', '/v5/market/kline', '/v5/asset/deposit/query-record',
  '/api/v3/', '/v5/', '/sapi/x', '/v5/user/query-api',
];
const FRAGMENT = fc.string({ unit: fc.constantFrom(...'azAZ09%&=+?#@/.,- \\\'"{}[]\u00e9\u20ac'.split('')), maxLength: 40 });
const HEADER_VALUE = fc.string({ unit: fc.constantFrom(...'abcXYZ0189-_'.split('')), maxLength: 70 });

describe('malformed requests', () => {
  it('always get an answer in the exchange error shape and never crash the server', async () => {
    await fc.assert(fc.asyncProperty(
      fc.constantFrom('GET', 'POST', 'DELETE', 'PUT', 'PATCH'),
      fc.constantFrom(...PATHS),
      FRAGMENT,
      fc.oneof(FRAGMENT, fc.json()),
      fc.record({
        'x-mbx-apikey': fc.option(HEADER_VALUE, { nil: undefined }),
        'x-bapi-api-key': fc.option(fc.constantFrom(bybitKey, 'nope'), { nil: undefined }),
        'x-bapi-timestamp': fc.option(fc.oneof(HEADER_VALUE, fc.constant(String(Date.now()))), { nil: undefined }),
        'x-bapi-sign': fc.option(HEADER_VALUE, { nil: undefined }),
        'content-type': fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain'),
      }, { requiredKeys: ['content-type'] }),
      async (method, path, query, body, rawHeaders) => {
        const headers = Object.fromEntries(Object.entries(rawHeaders).filter(([, v]) => v !== undefined)) as Record<string, string>;
        const answer = await send(method, `${path}?${encodeURI(query)}`, headers, body);
        expect(answer.status).toBeGreaterThanOrEqual(200);
        expect(answer.status).toBeLessThan(600);
        if (answer.contentType.includes('json')) {
          const json = JSON.parse(answer.body) as Record<string, unknown>;
          // An internal error (a bug in a handler) would answer Bybit 10016 / Binance -1001.
          if (path.startsWith('/v5/')) {
            expect(typeof json.retCode).toBe('number');
            expect(json.retCode).not.toBe(10016);
          } else if (answer.status >= 400) {
            expect(json).toMatchObject({ code: expect.any(Number), msg: expect.any(String) });
            expect(json.code).not.toBe(-1001);
          }
        }
      },
    ), { numRuns: Number(process.env.SIM_FUZZ_RUNS ?? 250) });
    const alive = await fetch(`${sim.baseUrl}/api/v3/time`);
    expect(alive.status).toBe(200);
  });

  it('validates every parameter of correctly signed requests without an internal error', async () => {
    const binanceKey = credential(sim, 'binancemain', 'trading-bot');
    const names = ['symbol', 'side', 'type', 'quantity', 'price', 'timeInForce', 'orderId', 'origClientOrderId', 'startTime', 'endTime', 'fromId',
      'limit', 'interval', 'coin', 'offset', 'email', 'subAccountApiKey', 'status', 'ipAddress', 'category', 'qty', 'orderType', 'cursor',
      'orderLinkId', 'marketUnit', 'accountType', 'subMemberId', 'apikey', 'readOnly', 'ips', 'permissions', 'newOrderRespType', 'quoteOrderQty'];
    const values = fc.oneof(FRAGMENT, fc.constantFrom('BTCUSDT', 'VIABTC', 'BUY', 'Sell', 'LIMIT', 'Market', 'spot', 'linear', '0', '-1', '1e400',
      '99999999999999999999', '0.0000001', 'GTC', '1h', '1', 'UNIFIED', String(Date.now() - 86_400_000), 'quoteCoin', '*'), fc.integer().map(String));
    // Requests that passed authentication and were served: proves the signing above is right.
    let served = 0;
    await fc.assert(fc.asyncProperty(
      fc.constantFrom(...PATHS),
      fc.constantFrom('GET', 'POST', 'DELETE'),
      fc.dictionary(fc.constantFrom(...names), values, { maxKeys: 6 }),
      async (path, method, params) => {
        let answer: Answer;
        if (path.startsWith('/v5/')) {
          const ts = String(Date.now());
          const payload = method === 'GET' ? Object.entries(params).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&') : JSON.stringify(params);
          const sign = createHmac('sha256', bybitSecret).update(ts + bybitKey + '5000' + payload).digest('hex');
          const headers = { 'x-bapi-api-key': bybitKey, 'x-bapi-timestamp': ts, 'x-bapi-recv-window': '5000', 'x-bapi-sign': sign, 'content-type': 'application/json' };
          answer = method === 'GET' ? await send('GET', `${path}?${payload}`, headers, '') : await send('POST', path, headers, payload);
          const retCode = answer.contentType.includes('json') ? (JSON.parse(answer.body) as { retCode: number }).retCode : undefined;
          expect(retCode).not.toBe(10016);
          if (retCode === 0) served += 1;
        } else {
          const query = new URLSearchParams({ timestamp: String(Date.now()), ...params, recvWindow: '10000' }).toString();
          const signed = `${query}&signature=${createHmac('sha256', binanceKey.secret).update(query).digest('hex')}`;
          const headers = { 'x-mbx-apikey': binanceKey.apiKey, 'content-type': 'application/x-www-form-urlencoded' };
          answer = method === 'POST' ? await send('POST', path, headers, signed) : await send(method, `${path}?${signed}`, headers, '');
          if (answer.contentType.includes('json') && answer.status >= 400) expect((JSON.parse(answer.body) as { code: number }).code).not.toBe(-1001);
          if (answer.status === 200) served += 1;
        }
        expect(answer.status).toBeLessThan(500);
      },
    ), { numRuns: Number(process.env.SIM_FUZZ_RUNS ?? 250) });
    expect(served).toBeGreaterThan(0);
  });

  it('answers bytes that are not HTTP with 400 and keeps serving', async () => {
    const url = new URL(sim.baseUrl);
    const reply = await new Promise<string>((resolve) => {
      const socket = net.connect(Number(url.port), url.hostname, () => socket.write('\u0000\u00ff GARBAGE \r\n\r\n'));
      let text = '';
      socket.on('data', (d) => (text += d.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', () => resolve(text));
    });
    expect(reply).toContain('400');
    expect((await fetch(`${sim.baseUrl}/v5/market/time`)).status).toBe(200);
  });

  it('refuses an oversized body without reading it into memory', async () => {
    const answer = await send('POST', '/v5/order/create', { 'content-type': 'application/json' }, 'x'.repeat(1_200_000)).catch(() => ({ status: 413, contentType: '', body: '' }));
    expect(answer.status).toBe(413);
    expect((await fetch(`${sim.baseUrl}/v5/market/time`)).status).toBe(200);
  });
});
