import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAccount } from '../../src/exchange/credentials.js';
import { MissingCredentialsError } from '../../src/exchange/errors.js';

const KIT = path.resolve('bin/kit.js');

describe('loadAccount (through the default env credential store)', () => {
  it('prefers the account-scoped variables, then the exchange-wide ones, plus the base URL', async () => {
    const env = { BINANCE_SUB1_API_KEY: 'scopedKey123', BINANCE_SUB1_SECRET: 'scopedSecret123', BINANCE_API_KEY: 'plainKey123', BINANCE_SECRET: 'plainSecret123', BINANCE_SUB1_BASE_URL: 'http://127.0.0.1:9' };
    expect(await loadAccount('/nonexistent', 'binance', 'sub1', env)).toEqual({ exchange: 'binance', account: 'sub1', baseUrl: 'http://127.0.0.1:9', credentials: { apiKey: 'scopedKey123', secret: 'scopedSecret123' } });
    expect((await loadAccount('/nonexistent', 'binance', 'main', env)).credentials.apiKey).toBe('plainKey123');
    expect((await loadAccount('/nonexistent', 'okx', 'main', { OKX_API_KEY: 'k123456', OKX_API_SECRET: 's123456', OKX_PASSPHRASE: 'p123456' })).credentials).toEqual({ apiKey: 'k123456', secret: 's123456', password: 'p123456' });
  });

  it('names the variables and kit connect when nothing is set', async () => {
    const error = await loadAccount('/nonexistent', 'bybit', 'main', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingCredentialsError);
    expect((error as MissingCredentialsError).exitCode).toBe(2);
    expect((error as MissingCredentialsError).hint).toContain('BYBIT_MAIN_API_KEY');
    expect((error as MissingCredentialsError).hint).toContain('kit connect bybit');
  });
});

describe('kit exchanges', () => {
  it('prints the capability table, and --json', () => {
    const text = execFileSync(process.execPath, [KIT, 'exchanges'], { encoding: 'utf8' });
    expect(text).toMatch(/^exchange\s+perms\s+delete self/);
    expect(text).toContain('https://www.binance.com/en/my/settings/api-management');
    const result = spawnSync(process.execPath, [KIT, '--json', 'exchanges'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    const json = JSON.parse(result.stdout) as { exchanges: Array<{ exchange: string; revokeSelf: string }> };
    expect(json.exchanges.find((r) => r.exchange === 'kraken')?.revokeSelf).toBe('manual');
  });
});
