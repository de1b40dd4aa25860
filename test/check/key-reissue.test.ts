// The key.reissue action run on its own: a drill operator or a person hands over the new key,
// it is checked against a Binance-dialect loopback server, stored, verified, and only its
// fingerprint leaves the step.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createKeyReissueAction } from '../../src/actions/key-reissue/index.js';
import { getAction } from '../../src/actions/registry.js';
import { EnvStore } from '../../src/secrets/env-store.js';
import { keyFingerprint } from '../../src/secrets/fingerprint.js';
import { clearSecretsForTests, redact } from '../../src/secrets/redact.js';
import { ActionError } from '../../src/actions/types.js';
import { BinanceRestrictionsInspector } from './fixtures/binance-inspector.mjs';
import { startBinanceKeyServer, type BinanceKeyServer } from './helpers/binance-key-server.js';
import { actionContext, scriptedPrompter } from './helpers/action-context.js';
import { snapshotTree, tempDir } from '../secrets/helpers/files.js';

const OLD = { apiKey: 'OldKey-leaked-000000001', secret: 'old-secret-000000001' };
const NEW = { apiKey: 'NewKey-safe-000000001', secret: 'new-secret-000000001' };

describe('key.reissue', () => {
  let server: BinanceKeyServer;
  let kitHome: string;
  let cleanup: () => void;
  let envFile: string;
  beforeAll(async () => {
    server = await startBinanceKeyServer({
      [OLD.apiKey]: { secret: OLD.secret, enableWithdrawals: true },
      [NEW.apiKey]: { secret: NEW.secret, ipRestrict: true },
      'NewKey-withdraw-000001': { secret: 'withdraw-secret-000001', ipRestrict: true, enableWithdrawals: true },
      'NewKey-readonly-000001': { secret: 'readonly-secret-000001', ipRestrict: true, enableSpotAndMarginTrading: false },
    });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    ({ dir: kitHome, cleanup } = tempDir('kit-reissue-'));
    envFile = path.join(kitHome, 'work.env');
    writeFileSync(envFile, `BINANCE_API_KEY=${OLD.apiKey}\nBINANCE_SECRET=${OLD.secret}\nBINANCE_BASE_URL=${server.baseUrl}\n`, { mode: 0o600 });
  });
  afterEach(() => {
    cleanup();
    clearSecretsForTests();
  });

  const action = () => createKeyReissueAction({ inspector: new BinanceRestrictionsInspector(), openStore: async () => new EnvStore({ envFile, env: {} }) });
  const input = { exchange: 'binance', account: 'main', masterAccount: 'main', permissions: ['read', 'trade'] as Array<'read' | 'trade'> };

  it('is registered as a write action with plan and reconcile', () => {
    const registered = getAction('key.reissue');
    expect(registered?.effect).toBe('write');
    expect(typeof registered?.plan).toBe('function');
    expect(typeof registered?.reconcile).toBe('function');
    expect(registered?.input.safeParse({ exchange: 'binance', withdraw: true }).success).toBe(false);
  });

  it('in a drill, takes the key from the operator, checks, stores, verifies, and outputs only its fingerprint', async () => {
    const asked: Array<[string, Record<string, unknown>]> = [];
    const ctx = actionContext(kitHome, { operator: { perform: async (kind, details) => (asked.push([kind, details]), { ...NEW }) } });
    const outputs = await action().run(ctx, { ...input, ip: '203.0.113.7' });
    expect(asked[0][0]).toBe('create-key');
    expect(asked[0][1]).toMatchObject({ exchange: 'binance', account: 'main', ip: '203.0.113.7', url: 'https://www.binance.com/en/my/settings/api-management' });
    expect(outputs).toEqual({
      exchange: 'binance',
      account: 'main',
      keyFingerprint: keyFingerprint(NEW.apiKey),
      previousKeyFingerprint: keyFingerprint(OLD.apiKey),
      previousAccount: null,
      source: 'operator',
      apiManagementUrl: 'https://www.binance.com/en/my/settings/api-management',
      permissions: ['read', 'trade'],
      ipRestricted: true,
    });
    const stored = await new EnvStore({ envFile, env: {} }).get('binance', 'main');
    expect(stored).toEqual({ exchange: 'binance', account: 'main', credentials: NEW, baseUrl: server.baseUrl });
    expect(ctx.lines[0]).toBe("create a new Binance API key for binance/main at https://www.binance.com/en/my/settings/api-management: enable only read, trade; leave withdrawals OFF; restrict it to IP 203.0.113.7");
    const everything = JSON.stringify(outputs) + ctx.lines.join('\n') + readdirSync(path.join(kitHome, 'audit')).map((f) => readFileSync(path.join(kitHome, 'audit', f), 'utf8')).join('') + readFileSync(path.join(ctx.incidentDir, 'key-reissue-reissue.json'), 'utf8');
    for (const secret of [NEW.apiKey, NEW.secret, OLD.secret]) expect(everything).not.toContain(secret);
    expect(redact(NEW.secret)).toBe('[REDACTED]');
    expect(server.requests.filter((r) => r === 'GET /sapi/v1/account/apiRestrictions').length).toBe(2);
    const reconciled = await action().reconcile?.(ctx, { ...input, ip: undefined });
    expect(reconciled).toMatchObject({ done: true, outputs: { keyFingerprint: keyFingerprint(NEW.apiKey) } });
  });

  it('previousAs keeps the replaced key under another account, for a later step to revoke', async () => {
    const ctx = actionContext(kitHome, { operator: { perform: async () => ({ ...NEW }) } });
    const outputs = await action().run(ctx, { ...input, previousAs: '{account}_previous' });
    expect(outputs).toMatchObject({ previousAccount: 'main_previous', previousKeyFingerprint: keyFingerprint(OLD.apiKey), keyFingerprint: keyFingerprint(NEW.apiKey) });
    const store = new EnvStore({ envFile, env: {} });
    expect((await store.get('binance', 'main'))?.credentials).toEqual(NEW);
    expect(await store.get('binance', 'main_previous')).toEqual({ exchange: 'binance', account: 'main_previous', credentials: OLD, baseUrl: server.baseUrl });
    expect(ctx.lines).toContain(`kept the old key ${keyFingerprint(OLD.apiKey)} as binance/main_previous, to be revoked once the new key works`);
    // After a crash the step is reconciled from its marker, with the same outputs.
    expect(await action().reconcile?.(ctx, { ...input, previousAs: '{account}_previous' })).toMatchObject({ done: true, outputs: { previousAccount: 'main_previous', previousKeyFingerprint: keyFingerprint(OLD.apiKey) } });
    // A plan names the account whose key would be kept: nothing is kept in a dry run.
    expect((await action().plan?.(ctx, { ...input, previousAs: '{account}_previous' }))?.outputs.previousAccount).toBe('main');
  });

  it('takes the key at a masked prompt when a person is there', async () => {
    const ctx = actionContext(kitHome, { prompter: scriptedPrompter([NEW.apiKey, NEW.secret]) });
    const outputs = await action().run(ctx, input);
    expect(outputs.source).toBe('prompt');
    expect((await new EnvStore({ envFile, env: {} }).get('binance', 'main'))?.credentials).toEqual(NEW);
  });

  it.each([
    ['a key that can withdraw', { apiKey: 'NewKey-withdraw-000001', secret: 'withdraw-secret-000001' }, /not stored: the key has withdrawals enabled/],
    ['a key without the trade permission it needs', { apiKey: 'NewKey-readonly-000001', secret: 'readonly-secret-000001' }, /not stored: the key lacks the permission it was meant to have: trade/],
    ['the old key again', OLD, /is the key being replaced; a new key is needed/],
    ['a key the exchange refuses', { apiKey: 'NewKey-unknown-000001', secret: 'unknown-secret-000001' }, /binance refused the key for binance\/main: AuthenticationError/],
  ])('refuses %s and leaves the stored key alone', async (_what, handed, message) => {
    const before = snapshotTree(kitHome);
    const ctx = actionContext(kitHome, { operator: { perform: async () => ({ ...handed }) } });
    await expect(action().run(ctx, input)).rejects.toThrow(message);
    expect(snapshotTree(kitHome)).toEqual(before);
    expect(await action().reconcile?.(ctx, input)).toMatchObject({ done: false });
  });

  it('without a person or an operator, says how to finish by hand', async () => {
    const error = await action().run(actionContext(kitHome), input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ActionError);
    expect((error as ActionError).message).toBe('the new key has to be typed in, and nobody can be asked (no terminal)');
    expect((error as ActionError).hint).toContain('kit connect binance --account main');
  });

  it('plans without touching anything', async () => {
    const plan = await action().plan?.(actionContext(kitHome), { ...input, ip: '198.51.100.2' });
    expect(plan?.summary).toBe('would create a new Binance API key for binance/main at https://www.binance.com/en/my/settings/api-management: enable only read, trade; leave withdrawals OFF; restrict it to IP 198.51.100.2; then check it with Binance (refusing withdrawals or missing permissions), store it in the credential store and verify the stored copy works');
    expect(existsSync(path.join(kitHome, 'audit'))).toBe(false);
  });
});
