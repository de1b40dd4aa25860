// Classification against the exchanges' real error payloads (notes: exchange-key-apis.md §A,
// ccxt-protocol.md A.3/B.3), replayed to ccxt's own classes over loopback HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyError, explainError } from '../../src/exchange/classify.js';
import { connect } from '../../src/exchange/gateway.js';
import { startReplayServer, type Reply, type ReplayServer } from './helpers/replay-server.js';

const CREDS = { apiKey: 'clsApiKey0123456789abcdef', secret: 'Y2xzU2VjcmV0MDEyMzQ1Njc4OWFiY2RlZg==', password: 'clsPassphrase1' };

let server: ReplayServer;
let next: Reply[] = [];
beforeAll(async () => {
  server = await startReplayServer(() => next.shift());
});
afterAll(() => server.close());

type Implicit = Record<string, (params?: object) => Promise<unknown>>;

async function failureOf(exchangeId: string, method: string, replies: Reply[], calls = 1): Promise<unknown> {
  next = replies;
  // One request, one answer: the gateway's own retries (request-retry.ts) would consume the next replies.
  const ex = (await connect(exchangeId, 'main', CREDS, { baseUrl: server.baseUrl, dryRun: false, audit: () => {}, requestRetry: false })) as unknown as Implicit;
  let error: unknown;
  for (let i = 0; i < calls; i++) error = await ex[method]().then(() => undefined, (e: unknown) => e);
  return error;
}

describe('classifyError', () => {
  it('Binance -2015 is dead, also when ccxt raises it as DDoSProtection after an earlier success', async () => {
    const body = { code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' };
    const first = await failureOf('binance', 'privateGetAccount', [{ status: 401, body }]);
    expect((first as Error).constructor.name).toBe('AuthenticationError');
    expect(classifyError(first, { exchange: 'binance' })).toBe('dead');
    const afterSuccess = await failureOf('binance', 'privateGetAccount', [{ body: { balances: [] } }, { status: 401, body }], 2);
    expect((afterSuccess as Error).constructor.name).toBe('DDoSProtection');
    expect(explainError(afterSuccess, { exchange: 'binance' })).toMatchObject({ kind: 'dead', code: '-2015' });
  });

  it('Binance -2008 at a non-production host (ExchangeError) and -2014 are dead; -1021 and 429 are transient', async () => {
    const e2008 = await failureOf('binance', 'sapiGetAccountApiRestrictions', [{ status: 400, body: { code: -2008, msg: 'Invalid Api-Key ID.' } }]);
    expect((e2008 as Error).constructor.name).toBe('ExchangeError');
    expect(classifyError(e2008, { exchange: 'binance' })).toBe('dead');
    expect(classifyError(await failureOf('binance', 'privateGetAccount', [{ status: 401, body: { code: -2014, msg: 'API-key format invalid.' } }]), { exchange: 'binance' })).toBe('dead');
    expect(classifyError(await failureOf('binance', 'privateGetAccount', [{ status: 400, body: { code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' } }]), { exchange: 'binance' })).toBe('transient');
    expect(classifyError(await failureOf('binance', 'privateGetAccount', [{ status: 429, body: { code: -1003, msg: 'Too much request weight used' }, headers: { 'retry-after': '3' } }]), { exchange: 'binance' })).toBe('transient');
    expect(classifyError(await failureOf('binance', 'privateGetAccount', [{ status: 401, body: { code: -1002, msg: 'You are not authorized to execute this request.' } }]), { exchange: 'binance' })).toBe('restricted');
  });

  it('Bybit 10003/10004/33004 dead, 10005/10010 restricted, 10002/10006 transient', async () => {
    const env = (retCode: number, retMsg: string): Reply => ({ body: { retCode, retMsg, result: {}, retExtInfo: {}, time: 1718000000000 } });
    const kinds: Record<number, string> = {};
    for (const [code, msg] of [[10003, 'API key is invalid.'], [10004, 'error sign!'], [33004, 'Your api key has expired.'], [10005, 'Permission denied, please check your API key permissions.'], [10010, "Unmatched IP, please check your API key's bound IP addresses."], [10002, 'invalid request, please check your server timestamp'], [10006, 'Too many visits!']] as const) {
      kinds[code] = classifyError(await failureOf('bybit', 'privateGetV5UserQueryApi', [env(code, msg)]), { exchange: 'bybit' });
    }
    expect(kinds).toEqual({ 10003: 'dead', 10004: 'dead', 33004: 'dead', 10005: 'restricted', 10010: 'restricted', 10002: 'transient', 10006: 'transient' });
  });

  it('OKX 50119 and 50100 (unmapped ExchangeError) and 50111 are dead; 50110 restricted', async () => {
    const okx = (code: string, msg: string): Reply => ({ status: 401, body: { msg, code, data: [] } });
    const e50119 = await failureOf('okx', 'privateGetAccountConfig', [okx('50119', "API key doesn't exist")]);
    expect((e50119 as Error).constructor.name).toBe('ExchangeError');
    expect(classifyError(e50119, { exchange: 'okx' })).toBe('dead');
    expect(classifyError(await failureOf('okx', 'privateGetAccountConfig', [okx('50100', 'API frozen, please contact customer service.')]), { exchange: 'okx' })).toBe('dead');
    expect(classifyError(await failureOf('okx', 'privateGetAccountConfig', [okx('50111', 'Invalid OK-ACCESS-KEY.')]), { exchange: 'okx' })).toBe('dead');
    expect(classifyError(await failureOf('okx', 'privateGetAccountConfig', [okx('50110', 'Your IP 1.2.3.4 is not included in your API key IP whitelist.')]), { exchange: 'okx' })).toBe('restricted');
  });

  it('Kraken EAPI:Invalid signature (unmapped) and EAPI:Invalid key are dead; permission denied restricted', async () => {
    const kraken = (err: string): Reply => ({ body: { error: [err] } });
    const sig = await failureOf('kraken', 'privatePostGetApiKeyInfo', [kraken('EAPI:Invalid signature')]);
    expect((sig as Error).constructor.name).toBe('ExchangeError');
    expect(classifyError(sig, { exchange: 'kraken' })).toBe('dead');
    expect(classifyError(await failureOf('kraken', 'privatePostGetApiKeyInfo', [kraken('EAPI:Invalid key')]), { exchange: 'kraken' })).toBe('dead');
    expect(classifyError(await failureOf('kraken', 'privatePostGetApiKeyInfo', [kraken('EGeneral:Permission denied')]), { exchange: 'kraken' })).toBe('restricted');
  });

  it('KuCoin 400003 dead, 400006 restricted (ccxt says AuthenticationError for both)', async () => {
    const e400003 = await failureOf('kucoin', 'privateGetUserApiKey', [{ status: 401, body: { code: '400003', msg: 'KC-API-KEY not exists' } }]);
    expect(classifyError(e400003, { exchange: 'kucoin' })).toBe('dead');
    const e400006 = await failureOf('kucoin', 'privateGetUserApiKey', [{ status: 401, body: { code: '400006', msg: 'Invalid request ip, the current clientIp is:1.2.3.4' } }]);
    expect((e400006 as Error).constructor.name).toBe('AuthenticationError');
    expect(classifyError(e400006, { exchange: 'kucoin' })).toBe('restricted');
  });

  it('a missing local credential is local, and an unreachable host is transient', async () => {
    const ex = (await connect('binance', 'main', undefined, { baseUrl: server.baseUrl, dryRun: false, audit: () => {} })) as unknown as Implicit;
    const missing = await ex.privateGetAccount().catch((e: unknown) => e);
    expect(classifyError(missing, { exchange: 'binance' })).toBe('local');
    const dead = (await connect('binance', 'main', CREDS, { baseUrl: 'http://127.0.0.1:1', dryRun: false, audit: () => {} })) as unknown as Implicit;
    expect(classifyError(await dead.privateGetAccount().catch((e: unknown) => e), { exchange: 'binance' })).toBe('transient');
  });
});
