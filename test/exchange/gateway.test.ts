import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord, AuditSink } from '../../src/audit/types.js';
import { UsageError } from '../../src/errors.js';
import { DryRunViolation } from '../../src/exchange/errors.js';
import { connect, gatewayOf } from '../../src/exchange/gateway.js';
import { isMutatingRequest } from '../../src/exchange/mutating.js';
import { urlLeaves, type UrlTree } from '../../src/exchange/urls.js';
import { startReplayServer, type ReplayServer } from './helpers/replay-server.js';

const CREDS = { apiKey: 'gwTestApiKey0123456789abcdef', secret: 'gwTestSecret0123456789abcdef' };

describe('connect', () => {
  it('points every urls.api entry, nested ones included, at the base URL', async () => {
    const base = 'http://127.0.0.1:9';
    const binance = await connect('binance', 'main', undefined, { baseUrl: base, dryRun: true, audit: () => {} });
    const leaves = urlLeaves(binance.urls.api as UrlTree);
    expect(leaves.length).toBeGreaterThanOrEqual(22);
    for (const leaf of leaves) expect(leaf.startsWith(base + '/')).toBe(true);
    expect((binance.urls.api as Record<string, string>).sapi).toBe(`${base}/sapi/v1`);
    const bybit = await connect('bybit', 'main', undefined, { baseUrl: base + '/', dryRun: true, audit: () => {} });
    for (const leaf of urlLeaves(bybit.urls.api as UrlTree)) expect(leaf).toBe(base);
    const gate = await connect('gate', 'main', undefined, { baseUrl: base, dryRun: true, audit: () => {} });
    const gateLeaves = urlLeaves(gate.urls.api as UrlTree);
    expect(gateLeaves.length).toBeGreaterThan(10);
    for (const leaf of gateLeaves) expect(leaf.startsWith(base)).toBe(true);
  });

  it('turns on rate limiting and a timeout', async () => {
    const ex = await connect('okx', 'main', undefined, { dryRun: false, timeoutMs: 1234, audit: () => {} });
    expect(ex.enableRateLimit).toBe(true);
    expect(ex.timeout).toBe(1234);
  });

  it('refuses an unknown exchange id with close names', async () => {
    const error = await connect('binanse', 'main', undefined, { dryRun: false, audit: () => {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toContain('unknown exchange "binanse"');
    expect((error as UsageError).hint).toContain('binance');
  });

  it('refuses a sandbox where ccxt has none and never empties urls.api', async () => {
    for (const id of ['kraken', 'coinbase', 'kucoin']) {
      const error = await connect(id, 'main', undefined, { sandbox: true, dryRun: false, audit: () => {} }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UsageError);
      expect((error as UsageError).message).toContain('has no sandbox');
    }
    const binance = await connect('binance', 'main', undefined, { sandbox: true, dryRun: false, audit: () => {} });
    expect((binance.urls.api as Record<string, string>).public).toContain('testnet.binance.vision');
  });

  it('refuses a base URL with a path or a foreign scheme', async () => {
    await expect(connect('binance', 'main', undefined, { baseUrl: 'ftp://x', dryRun: false, audit: () => {} })).rejects.toBeInstanceOf(UsageError);
    await expect(connect('binance', 'main', undefined, { baseUrl: 'http://127.0.0.1:1/api', dryRun: false, audit: () => {} })).rejects.toBeInstanceOf(UsageError);
  });
});

describe('the request hook', () => {
  let server: ReplayServer;
  let kitHome: string;
  beforeAll(async () => {
    kitHome = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-gw-'));
    server = await startReplayServer((req) => {
      if (req.path === '/api/v3/account') return { body: { balances: [], updateTime: 1 }, headers: { 'x-mbx-used-weight-1m': '20' } };
      if (req.path === '/api/v3/openOrders') return { body: [] };
      return undefined;
    });
  });
  afterAll(async () => {
    await server.close();
    fs.rmSync(kitHome, { recursive: true, force: true });
  });

  it('refuses mutating requests in a dry run, implicit methods and request() alike, and sends nothing', async () => {
    const records: Array<Parameters<AuditSink>[0]> = [];
    const ex = await connect('binance', 'main', CREDS, { baseUrl: server.baseUrl, dryRun: true, audit: (r) => records.push(r) });
    const before = server.requests.length;
    const e = ex as unknown as Record<string, (p?: object) => Promise<unknown>>;
    await expect(e.privateDeleteOpenOrders({ symbol: 'BTCUSDT' })).rejects.toBeInstanceOf(DryRunViolation);
    await expect(e.privatePostOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: 1 })).rejects.toBeInstanceOf(DryRunViolation);
    await expect(e.publicPostUserDataStream()).rejects.toBeInstanceOf(DryRunViolation);
    await expect(ex.request('sub-account/subAccountApi', 'sapi', 'DELETE', { email: 'a@b.c', subAccountApiKey: 'x' })).rejects.toBeInstanceOf(DryRunViolation);
    expect(server.requests.length).toBe(before);
    // Reads still go through.
    await e.privateGetOpenOrders({ symbol: 'BTCUSDT' });
    expect(server.requests.length).toBe(before + 1);
    expect(records.filter((r) => r.errorClass === 'DryRunViolation').map((r) => `${r.method} ${r.endpoint}`)).toEqual([
      'DELETE /api/v3/openOrders', 'POST /api/v3/order', 'POST /api/v3/userDataStream', 'DELETE /sapi/v1/sub-account/subAccountApi',
    ]);
  });

  it('writes an audit entry per request to the audit log of $KIT_HOME (0600, 90-day retention) with a fingerprint and no secret', async () => {
    const dir = path.join(kitHome, 'audit');
    // A day file past the audit log's retention: the real audit log (src/audit) prunes it.
    fs.mkdirSync(dir, { recursive: true });
    const expired = `${new Date(Date.now() - 100 * 86_400_000).toISOString().slice(0, 10)}.jsonl`;
    fs.writeFileSync(path.join(dir, expired), '{}\n', { mode: 0o600 });
    const ex = await connect('binance', 'main', CREDS, { baseUrl: server.baseUrl, dryRun: false, kitHome, incidentId: 'inc-1' });
    await (ex as unknown as Record<string, () => Promise<unknown>>).privateGetAccount();
    const files = fs.readdirSync(dir);
    expect(files).not.toContain(expired);
    const [file] = files;
    expect(file).toMatch(/^\d{4}-\d{2}-\d{2}\.jsonl$/);
    expect(fs.statSync(path.join(dir, file)).mode & 0o777).toBe(0o600);
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    expect(text).not.toContain(CREDS.apiKey);
    expect(text).not.toContain(CREDS.secret);
    expect(text).not.toContain('signature');
    const record = JSON.parse(text.trim().split('\n').pop() as string) as AuditRecord;
    expect(record).toMatchObject({ type: 'api', exchange: 'binance', account: 'main', endpoint: '/api/v3/account', method: 'GET', status: 200, incidentId: 'inc-1' });
    expect(record.keyFingerprint).toMatch(/^[0-9a-f]{8}$/);
    expect(typeof record.durationMs).toBe('number');
    expect(gatewayOf(ex)?.requests).toBe(1);
  });

  it('lets observers see response headers', async () => {
    const ex = await connect('binance', 'main', CREDS, { baseUrl: server.baseUrl, dryRun: false, audit: () => {} });
    const seen: string[] = [];
    gatewayOf(ex)?.afterResponse.push((r) => seen.push(`${r.status} ${r.headers['x-mbx-used-weight-1m']}`));
    await (ex as unknown as Record<string, () => Promise<unknown>>).privateGetAccount();
    expect(seen).toEqual(['200 20']);
  });
});

describe('isMutatingRequest', () => {
  it('judges by method and endpoint', () => {
    expect(isMutatingRequest('binance', 'GET', 'http://h/api/v3/myTrades?symbol=X')).toBe(false);
    expect(isMutatingRequest('binance', 'POST', 'http://h/api/v3/userDataStream')).toBe(true);
    expect(isMutatingRequest('binance', 'POST', 'http://h/sapi/v1/asset/get-funding-asset')).toBe(false);
    expect(isMutatingRequest('kraken', 'POST', 'http://h/0/private/GetApiKeyInfo')).toBe(false);
    expect(isMutatingRequest('kraken', 'POST', 'http://h/0/private/CancelAll')).toBe(true);
    expect(isMutatingRequest('bybit', 'GET', 'http://h/v5/user/del-submember?subMemberId=1')).toBe(true);
    expect(isMutatingRequest('deribit', 'GET', 'http://h/api/v2/private/remove_api_key?id=1')).toBe(true);
    expect(isMutatingRequest('deribit', 'GET', 'http://h/api/v2/private/get_account_summary')).toBe(false);
    expect(isMutatingRequest('okx', 'PUT', 'http://h/api/v5/anything')).toBe(true);
  });
});
