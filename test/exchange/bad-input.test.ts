// Bad input to the exchange actions: each a clear error with its exit code, and nothing written
// to the incident's evidence folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getAction } from '../../src/actions/registry.js';
import { ExitCode, KitError } from '../../src/errors.js';
import { testContext } from './helpers/action-context.js';

let kitHome: string;
const saved = { ...process.env };
beforeAll(() => {
  kitHome = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-badinput-'));
});
afterAll(() => fs.rmSync(kitHome, { recursive: true, force: true }));
afterEach(() => {
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
});

async function failureOf(name: string, input: Record<string, unknown>): Promise<{ error: KitError; evidence: string[] }> {
  const action = getAction(name);
  if (!action) throw new Error(name);
  const ctx = testContext(kitHome, { dryRun: false });
  const error = await action.run(ctx, action.input.parse(input)).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(KitError);
  const evidence = fs.readdirSync(path.join(ctx.incidentDir, 'evidence'), { recursive: true }).map(String);
  return { error: error as KitError, evidence };
}

describe('bad input', () => {
  it('an unknown exchange id: usage error with close names', async () => {
    for (const name of ['exchange.snapshot', 'exchange.fetch-activity', 'key.revoke', 'key.verify-revoked']) {
      const { error, evidence } = await failureOf(name, { exchange: 'bybitt' });
      expect(error.exitCode).toBe(ExitCode.usage);
      expect(error.message).toBe('unknown exchange "bybitt"');
      expect(error.hint).toContain('bybit');
      expect(evidence).toEqual([]);
    }
  });

  it('missing credentials: usage error naming the variables and kit connect', async () => {
    const { error, evidence } = await failureOf('exchange.fetch-activity', { exchange: 'binance', account: 'nokeys' });
    expect(error.exitCode).toBe(ExitCode.usage);
    expect(error.message).toBe('no credentials for binance/nokeys');
    expect(error.hint).toContain('BINANCE_NOKEYS_API_KEY');
    expect(error.hint).toContain('kit connect binance');
    expect(evidence).toEqual([]);
  });

  it('a sandbox asked for where ccxt has none: usage error, nothing sent', async () => {
    Object.assign(process.env, { KRAKEN_MAIN_API_KEY: 'krakenKey0001', KRAKEN_MAIN_SECRET: Buffer.from('krakenSecret0001').toString('base64'), KRAKEN_MAIN_SANDBOX: '1' });
    const { error, evidence } = await failureOf('exchange.snapshot', { exchange: 'kraken' });
    expect(error.exitCode).toBe(ExitCode.usage);
    expect(error.message).toBe('kraken has no sandbox (testnet) that ccxt can use');
    expect(evidence).toEqual([]);
  });

  it('a base URL that does not answer: unavailable (exit 5) naming the URL, no evidence written', async () => {
    Object.assign(process.env, { BINANCE_MAIN_API_KEY: 'binanceKey0001', BINANCE_MAIN_SECRET: 'binanceSecret0001', BINANCE_MAIN_BASE_URL: 'http://127.0.0.1:1' });
    for (const name of ['exchange.snapshot', 'exchange.fetch-activity']) {
      const { error, evidence } = await failureOf(name, { exchange: 'binance' });
      expect(error.exitCode).toBe(ExitCode.unavailable);
      expect(error.message).toMatch(/^binance did not answer at http:\/\/127\.0\.0\.1:1 \(NetworkError/);
      expect(error.message).not.toContain('binanceSecret0001');
      expect(evidence).toEqual([]);
    }
  });
});
