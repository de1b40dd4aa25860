import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EnvStore, resolveEnvFile } from '../../src/secrets/env-store.js';
import { clearSecretsForTests, redact } from '../../src/secrets/redact.js';
import { ValidationError } from '../../src/errors.js';
import { modeOf, snapshotTree, tempDir } from './helpers/files.js';

describe('env store', () => {
  let dir: string;
  let cleanup: () => void;
  let envFile: string;
  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    envFile = path.join(dir, '.env');
  });
  afterEach(() => {
    cleanup();
    clearSecretsForTests();
  });

  it('round-trips the default account under the short names, with mode 0600', async () => {
    const store = new EnvStore({ envFile, env: {} });
    await store.set({ exchange: 'binance', account: 'main', credentials: { apiKey: 'KEY-main-123456', secret: 'SECRET with space' }, baseUrl: 'http://127.0.0.1:9' });
    expect(readFileSync(envFile, 'utf8')).toBe('BINANCE_API_KEY=KEY-main-123456\nBINANCE_SECRET="SECRET with space"\nBINANCE_BASE_URL=http://127.0.0.1:9\n');
    expect(modeOf(envFile)).toBe(0o600);
    expect(await store.get('binance', 'main')).toEqual({ exchange: 'binance', account: 'main', credentials: { apiKey: 'KEY-main-123456', secret: 'SECRET with space' }, baseUrl: 'http://127.0.0.1:9' });
    expect(await store.list()).toEqual([{ exchange: 'binance', account: 'main', baseUrl: 'http://127.0.0.1:9' }]);
  });

  it('names other accounts in the variable and keeps the user lines around them', async () => {
    writeFileSync(envFile, '# my settings\nexport OPENAI_API_KEY=sk-not-an-exchange\nBINANCE_API_KEY=old-key-000\nBINANCE_API_SECRET=old-secret-000\n\n# end\n');
    const store = new EnvStore({ envFile, env: {} });
    await store.set({ exchange: 'okx', account: 'trading_bot', credentials: { apiKey: 'okx-key-1234', secret: 'okx-secret-1234', password: 'okx-pass-1234' } });
    await store.set({ exchange: 'binance', account: 'main', credentials: { apiKey: 'new-key-111', secret: 'new-secret-111' } });
    expect(readFileSync(envFile, 'utf8')).toBe(
      '# my settings\nexport OPENAI_API_KEY=sk-not-an-exchange\nBINANCE_API_KEY=new-key-111\n\n# end\n' +
        'OKX_TRADING_BOT_API_KEY=okx-key-1234\nOKX_TRADING_BOT_SECRET=okx-secret-1234\nOKX_TRADING_BOT_PASSWORD=okx-pass-1234\nBINANCE_SECRET=new-secret-111\n',
    );
    expect(await store.list()).toEqual([{ exchange: 'binance', account: 'main' }, { exchange: 'okx', account: 'trading_bot' }]);
    expect((await store.get('okx', 'trading_bot'))?.credentials).toEqual({ apiKey: 'okx-key-1234', secret: 'okx-secret-1234', password: 'okx-pass-1234' });
  });

  it('deletes an account and warns about what only the shell can unset', async () => {
    const warnings: string[] = [];
    const store = new EnvStore({ envFile, env: { BYBIT_API_KEY: 'shell-key-1234' }, warn: (m) => warnings.push(m) });
    writeFileSync(envFile, 'KEEP=1\nBYBIT_API_KEY=file-key-1234\nBYBIT_SECRET=file-secret-1234\n');
    expect(await store.delete('bybit', 'main')).toBe(true);
    expect(readFileSync(envFile, 'utf8')).toBe('KEEP=1\n');
    expect(warnings.join('\n')).toMatch(/BYBIT_API_KEY is still set in your shell environment/);
    expect(await store.delete('bybit', 'other')).toBe(false);
  });

  it('reads the shell environment first and says when it shadows a write', async () => {
    const warnings: string[] = [];
    const store = new EnvStore({ envFile, env: { BINANCE_API_KEY: 'from-shell-1234', BINANCE_SECRET: 'shell-secret-1234' }, warn: (m) => warnings.push(m) });
    await store.set({ exchange: 'binance', account: 'main', credentials: { apiKey: 'from-file-1234', secret: 'file-secret-1234' } });
    expect((await store.get('binance', 'main'))?.credentials.apiKey).toBe('from-shell-1234');
    expect(warnings[0]).toMatch(/BINANCE_API_KEY, BINANCE_SECRET are also set in your shell environment/);
  });

  it('registers every value it loads with the redactor', async () => {
    writeFileSync(envFile, 'KRAKEN_API_KEY=kraken-canary-key\nKRAKEN_SECRET=kraken-canary-secret\n');
    await new EnvStore({ envFile, env: {} }).list();
    expect(redact('kraken-canary-key kraken-canary-secret')).toBe('[REDACTED] [REDACTED]');
  });

  it('rejects a malformed file with located problems and changes nothing on disk', async () => {
    writeFileSync(envFile, 'BINANCE_API_KEY=abc123456\nBINANCE_SECRET="unterminated\n', { mode: 0o644 });
    const before = snapshotTree(dir);
    const store = new EnvStore({ envFile, env: {} });
    const error = await store.set({ exchange: 'binance', account: 'main', credentials: { apiKey: 'x123456', secret: 'y123456' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems[0]).toMatchObject({ line: 2, col: 16 });
    expect((error as Error).message).toContain(`${envFile}:2:16 the double quote opened here is never closed`);
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('finds the file through KIT_ENV_FILE or in the working directory', () => {
    expect(resolveEnvFile({ KIT_ENV_FILE: 'conf/kit.env' }, '/work/x')).toBe('/work/x/conf/kit.env');
    expect(resolveEnvFile({}, '/work/x')).toBe('/work/x/.env');
  });
});
