import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VaultStore } from '../../src/secrets/vault-store.js';
import { clearSecretsForTests, redact } from '../../src/secrets/redact.js';
import { UnavailableError, KitError } from '../../src/errors.js';
import { closedPortAddress, startFakeVault, type FakeVault } from './helpers/fake-vault.js';

const TOKEN = 'hvs.fake-vault-token-123';
const entry = { exchange: 'binance', account: 'main', credentials: { apiKey: 'vault-canary-key', secret: 'vault-canary-secret' }, baseUrl: 'http://127.0.0.1:2' };

describe('vault store (KV v2 over HTTP, against a strict local fake)', () => {
  let vault: FakeVault;
  beforeEach(async () => (vault = await startFakeVault({ token: TOKEN, namespace: 'admin/team' })));
  afterEach(async () => {
    await vault.close();
    clearSecretsForTests();
  });

  it('round-trips, lists and deletes with the documented requests', async () => {
    const store = new VaultStore({ addr: vault.addr, token: TOKEN, namespace: 'admin/team' });
    await store.set(entry);
    await store.set({ exchange: 'okx', account: 'bot_1', credentials: { apiKey: 'okx-vault-key', secret: 'okx-vault-secret', password: 'okx-vault-pass' } });
    expect(vault.secrets.get('kit/binance/main')).toEqual({ apiKey: 'vault-canary-key', secret: 'vault-canary-secret', baseUrl: 'http://127.0.0.1:2' });
    expect(await store.get('binance', 'main')).toEqual(entry);
    expect(await store.list()).toEqual([{ exchange: 'binance', account: 'main', baseUrl: 'http://127.0.0.1:2' }, { exchange: 'okx', account: 'bot_1' }]);
    expect(await store.delete('binance', 'main')).toBe(true);
    expect(await store.delete('binance', 'main')).toBe(false);
    expect(await store.get('binance', 'main')).toBeUndefined();
    expect(vault.violations).toEqual([]);
    const lines = vault.requests.map((r) => `${r.method} ${r.url}`);
    expect(lines.slice(0, 3)).toEqual(['POST /v1/secret/data/kit/binance/main', 'POST /v1/secret/data/kit/okx/bot_1', 'GET /v1/secret/data/kit/binance/main']);
    expect(lines).toContain('GET /v1/secret/metadata/kit/?list=true');
    expect(lines).toContain('GET /v1/secret/metadata/kit/okx/?list=true');
    expect(lines).toContain('DELETE /v1/secret/metadata/kit/binance/main');
    expect(vault.requests.every((r) => r.headers['x-vault-token'] === TOKEN && r.headers['x-vault-namespace'] === 'admin/team')).toBe(true);
    expect(redact(`${TOKEN} okx-vault-pass`)).toBe('[REDACTED] [REDACTED]');
  });

  it('says clearly when the token is refused', async () => {
    const error = await new VaultStore({ addr: vault.addr, token: 'hvs.wrong-token-000', namespace: 'admin/team' }).get('binance', 'main').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KitError);
    expect((error as Error).message).toBe('Vault refused to read binance/main (permission denied: permission denied)');
  });

  it('reports an unreachable Vault as unavailable, without changing anything', async () => {
    const addr = await closedPortAddress();
    const error = await new VaultStore({ addr, token: TOKEN }).set(entry).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as Error).message).toMatch(new RegExp(`^cannot reach Vault at ${addr} \\(ECONNREFUSED\\); nothing was changed$`));
  });
});
