// permissions and verifyDead for OKX, Coinbase, Kraken and KuCoin (and the Binance/Bybit
// parsers), with ccxt's real classes answered by recorded payloads in each exchange's format.
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/exchange/clock.js';
import { connect } from '../../src/exchange/gateway.js';
import { capabilityTable, keyOperationsFor } from '../../src/exchange/keys/index.js';
import { verifyDead } from '../../src/exchange/verify-dead.js';
import { MissingCredentialsError } from '../../src/exchange/errors.js';
import { startReplayServer, type Reply, type ReplayServer } from './helpers/replay-server.js';

const ecPem = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'sec1', format: 'pem' }).toString();
const CREDS: Record<string, { apiKey: string; secret: string; password?: string }> = {
  okx: { apiKey: 'okxKey-0123456789', secret: 'okxSecret-0123456789', password: 'okxPass-123' },
  coinbase: { apiKey: 'organizations/org-1/apiKeys/key-1', secret: ecPem },
  kraken: { apiKey: 'krakenKey-0123456789', secret: Buffer.from('krakenSecret-0123456789').toString('base64') },
  kucoin: { apiKey: 'kucoinKey-0123456789', secret: 'kucoinSecret-0123456789', password: 'kucoinPass-1' },
  binance: { apiKey: 'binanceKey-0123456789', secret: 'binanceSecret-0123456789' },
  bybit: { apiKey: 'bybitKey-0123456789', secret: 'bybitSecret-0123456789' },
};

const RECORDED: Record<string, Reply> = {
  '/api/v5/account/config': { body: { code: '0', msg: '', data: [{ acctLv: '2', uid: '44705892343619584', mainUid: '44705892343619584', label: 'bot', roleType: '0', opAuth: '0', kycLv: '3', ip: '120.255.24.182,49.245.196.13', perm: 'read_only,withdraw,trade', posMode: 'long_short_mode', type: '0' }] } },
  '/api/v3/brokerage/key_permissions': { body: { can_view: true, can_trade: true, can_transfer: false, portfolio_uuid: '8b8a6e2c-0000-4000-8000-000000000001', portfolio_type: 'DEFAULT' } },
  '/0/private/GetApiKeyInfo': { body: { error: [], result: { api_key_name: 'bot', permissions: ['query_funds', 'query_open_trades', 'query_closed_trades', 'create_modify_orders', 'cancel_close_orders'], ip_allowlist: [], created_time: '1717000000', valid_until: '0' } } },
  '/api/v1/user/api-key': { body: { code: '200000', data: { remark: 'bot', apiKey: 'kucoinKey-0123456789', apiVersion: 3, permission: 'General,Spot,Withdrawal', ipWhitelist: '203.0.113.7', createdAt: 1717000000000, uid: 165111215, isMaster: true } } },
  '/sapi/v1/account/apiRestrictions': { body: { ipRestrict: false, createTime: 1698645219000, enableReading: true, enableWithdrawals: true, enableInternalTransfer: false, enableMargin: false, enableFutures: false, permitsUniversalTransfer: false, enableVanillaOptions: false, enableFixApiTrade: false, enableFixReadOnly: true, enableSpotAndMarginTrading: true, enablePortfolioMarginTrading: false } },
  '/v5/user/query-api': { body: { retCode: 0, retMsg: '', result: { id: '13770661', note: 'bot', apiKey: 'bybitKey-0123456789', readOnly: 0, secret: '', permissions: { ContractTrade: ['Order', 'Position'], Spot: ['SpotTrade'], Wallet: ['AccountTransfer', 'Withdraw'], Options: [], Derivatives: [] }, ips: ['*'], type: 1, deadlineDay: 83, expiredAt: '2024-09-01T00:00:00Z', createdAt: '2024-06-01T00:00:00Z', uta: 1, isMaster: true }, retExtInfo: {}, time: 1718000000000 } },
};

let server: ReplayServer;
let queued: Reply[] = [];
beforeAll(async () => {
  server = await startReplayServer((req) => queued.shift() ?? RECORDED[req.path]);
});
afterAll(() => server.close());

async function permissionsOf(id: string) {
  const ops = keyOperationsFor(id);
  if (!ops) throw new Error(id);
  const ex = await connect(id, 'main', CREDS[id], { baseUrl: server.baseUrl, dryRun: true, audit: () => {} });
  return ops.permissions(ex);
}

describe('permissions from recorded answers', () => {
  it('OKX: perm and bound IPs', async () => {
    expect(await permissionsOf('okx')).toMatchObject({ read: true, trade: true, withdraw: true, ipRestricted: true, ips: ['120.255.24.182', '49.245.196.13'] });
  });
  it('Coinbase: can_view / can_trade / can_transfer (JWT-signed request)', async () => {
    expect(await permissionsOf('coinbase')).toMatchObject({ read: true, trade: true, withdraw: false, ipRestricted: null });
    const req = server.requests.filter((r) => r.path === '/api/v3/brokerage/key_permissions').pop();
    expect(String(req?.headers.authorization)).toMatch(/^Bearer /);
  });
  it('Kraken: permission names, creation time', async () => {
    expect(await permissionsOf('kraken')).toMatchObject({ read: true, trade: true, withdraw: false, ipRestricted: false, createdAt: '2024-05-29T16:26:40.000Z', expiresAt: null });
  });
  it('KuCoin: permission list and IP whitelist', async () => {
    expect(await permissionsOf('kucoin')).toMatchObject({ read: true, trade: true, withdraw: true, futures: false, ipRestricted: true, ips: ['203.0.113.7'] });
  });
  it('Binance and Bybit parsers', async () => {
    expect(await permissionsOf('binance')).toMatchObject({ read: true, trade: true, withdraw: true, futures: false, margin: false, ipRestricted: false, createdAt: '2023-10-30T05:53:39.000Z' });
    expect(await permissionsOf('bybit')).toMatchObject({ read: true, trade: true, withdraw: true, futures: true, ipRestricted: false, ips: [], createdAt: '2024-06-01T00:00:00.000Z', expiresAt: '2024-09-01T00:00:00.000Z' });
  });
});

function fakeClock(): Clock & { slept: number[] } {
  let t = Date.UTC(2024, 5, 10);
  const slept: number[] = [];
  return { slept, now: () => t, sleep: async (ms) => { slept.push(ms); t += ms; } };
}

describe('verifyDead', () => {
  const opts = (clock: Clock) => ({ baseUrl: server.baseUrl, audit: () => {}, clock, intervalMs: 1000, deadlineMs: 10_000 });

  it('OKX: alive first, then 50119 (an unmapped ExchangeError) proves it dead, on a fresh instance each time', async () => {
    queued = [RECORDED['/api/v5/account/config'], { status: 401, body: { msg: "API key doesn't exist", code: '50119', data: [] } }];
    const clock = fakeClock();
    const verdict = await verifyDead('okx', 'main', CREDS.okx, opts(clock));
    expect(verdict).toMatchObject({ dead: true, verdict: 'dead', attempts: 2 });
    expect(verdict.how).toMatchObject({ endpoint: 'GET /api/v5/account/config', answer: 'dead', code: '50119', errorClass: 'ExchangeError' });
    expect(verdict.history[0].answer).toBe('alive');
    expect(clock.slept).toEqual([1000]);
  });

  it('Kraken: EAPI:Invalid key is dead at once', async () => {
    queued = [{ body: { error: ['EAPI:Invalid key'] } }];
    const verdict = await verifyDead('kraken', 'main', CREDS.kraken, opts(fakeClock()));
    expect(verdict).toMatchObject({ dead: true, attempts: 1, how: { code: 'EAPI:Invalid key' } });
  });

  it('KuCoin: a transient answer is inconclusive until the deadline, never dead', async () => {
    queued = Array.from({ length: 20 }, () => ({ status: 503, body: 'Service Unavailable' }));
    const verdict = await verifyDead('kucoin', 'main', CREDS.kucoin, opts(fakeClock()));
    expect(verdict.dead).toBe(false);
    expect(verdict.verdict).toBe('inconclusive');
    expect(verdict.attempts).toBe(11); // t = 0, 1, ..., 10 s
    queued = [];
  });

  it('Coinbase: a 401 Unauthorized is dead; a restricted key stays not dead', async () => {
    queued = [{ status: 401, body: 'Unauthorized' }];
    expect((await verifyDead('coinbase', 'main', CREDS.coinbase, opts(fakeClock()))).dead).toBe(true);
    queued = Array.from({ length: 20 }, () => ({ status: 403, body: { error: 'PERMISSION_DENIED', message: 'Missing required scopes' } }));
    const restricted = await verifyDead('coinbase', 'main', CREDS.coinbase, opts(fakeClock()));
    expect(restricted).toMatchObject({ dead: false, verdict: 'restricted' });
    queued = [];
  });

  it('Binance -2015 is dead with a caveat that it is ambiguous', async () => {
    queued = [{ status: 401, body: { code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' } }];
    const verdict = await verifyDead('binance', 'main', CREDS.binance, opts(fakeClock()));
    expect(verdict.dead).toBe(true);
    expect(verdict.how.caveat).toContain('-2015');
  });

  it('refuses without a stored key: local, not an answer from the exchange', async () => {
    await expect(verifyDead('okx', 'main', undefined, opts(fakeClock()))).rejects.toBeInstanceOf(MissingCredentialsError);
  });
});

describe('capability table', () => {
  it('has a row per exchange with its page, and says manual where the API cannot', () => {
    const table = capabilityTable();
    expect(table.map((r) => r.exchange)).toEqual(['binance', 'bybit', 'okx', 'coinbase', 'kraken', 'kucoin']);
    const binance = table.find((r) => r.exchange === 'binance');
    expect(binance).toMatchObject({ revokeSelf: 'manual', revokeSubaccountKey: 'yes' });
    expect(table.find((r) => r.exchange === 'bybit')).toMatchObject({ revokeSelf: 'yes', restrictSelfToIp: 'manual', restrictSubaccountKeyToIp: 'yes' });
    for (const row of table) expect(row.apiManagementUrl).toMatch(/^https:\/\//);
  });
});
