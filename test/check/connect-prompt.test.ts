// kit connect in a terminal: what is missing is asked for (masked), and what is typed is
// registered with the redactor before anything is printed.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { runConnect } from '../../src/check/connect-command.js';
import type { CliContext } from '../../src/cli/context.js';
import { EnvStore } from '../../src/secrets/env-store.js';
import { clearSecretsForTests, redact } from '../../src/secrets/redact.js';
import { BinanceRestrictionsInspector } from './fixtures/binance-inspector.mjs';
import { startBinanceKeyServer, type BinanceKeyServer } from './helpers/binance-key-server.js';
import { tempDir } from '../secrets/helpers/files.js';

function terminalContext(kitHome: string): CliContext & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    json: false, color: false, verbose: false, kitHome, interactive: true,
    out: { line: (t = '') => stdout.push(redact(t)), json: (v) => stdout.push(redact(JSON.stringify(v))), error: (t) => stderr.push(redact(t)), isTTY: true },
    stdout, stderr,
  };
}

describe('kit connect asks for what is missing', () => {
  let server: BinanceKeyServer;
  let dir: string;
  let cleanup: () => void;
  beforeAll(async () => (server = await startBinanceKeyServer({ 'PromptKey-00000001': { secret: 'prompt-secret-0001', ipRestrict: true }, 'OkxPromptKey-0001': { secret: 'okx-prompt-secret-1', ipRestrict: true } })));
  afterAll(() => server.close());
  beforeEach(() => ({ dir, cleanup } = tempDir('kit-prompt-')));
  afterEach(() => {
    cleanup();
    clearSecretsForTests();
  });

  it('asks, masked, for the key and the secret, then stores them', async () => {
    const asked: string[] = [];
    const answers = ['PromptKey-00000001', 'prompt-secret-0001'];
    const ctx = terminalContext(dir);
    const store = new EnvStore({ envFile: path.join(dir, '.env'), env: {} });
    await runConnect(ctx, 'binance', { baseUrl: server.baseUrl }, { inspector: new BinanceRestrictionsInspector(), store, ask: async (m) => (asked.push(m), answers.shift() as string) });
    expect(asked).toEqual(['Binance API key:', 'Binance API secret:']);
    expect((await store.get('binance', 'main'))?.credentials).toEqual({ apiKey: 'PromptKey-00000001', secret: 'prompt-secret-0001' });
    expect(ctx.stderr.join('\n')).not.toContain('shell history');
    expect(redact('prompt-secret-0001')).toBe('[REDACTED]');
  });

  it('asks for the passphrase too where the exchange needs one, and refuses an empty answer', async () => {
    const asked: string[] = [];
    const store = new EnvStore({ envFile: path.join(dir, '.env'), env: {} });
    const error = await runConnect(terminalContext(dir), 'okx', { apiKey: 'OkxPromptKey-0001', baseUrl: server.baseUrl }, { inspector: new BinanceRestrictionsInspector(), store, ask: async (m) => (asked.push(m), m.includes('secret') ? 'okx-prompt-secret-1' : '  ') }).catch((e: unknown) => e);
    expect(asked).toEqual(['OKX API secret:', 'OKX API passphrase:']);
    expect((error as Error).message).toBe('nothing was entered for OKX API passphrase; nothing was stored');
    expect(await store.list()).toEqual([]);
  });
});
