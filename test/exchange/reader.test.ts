// exchange.fetch-activity reads with a read-only key once the leaked one is revoked (`reader`),
// and says what to do when the account's own, dead key is all it has; key.verify-revoked with
// requireDead fails when the key still works.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getAction } from '../../src/actions/registry.js';
import { ActionError } from '../../src/actions/types.js';
import { chooseReader } from '../../src/actions/exchange/reader.js';
import { UsageError } from '../../src/errors.js';
import { MissingCredentialsError } from '../../src/exchange/errors.js';
import { loadScenario, startSimulator, type SimHandle } from '../../src/sim/index.js';
import { testContext } from './helpers/action-context.js';

let sim: SimHandle;
let kitHome: string;
const savedEnv = { ...process.env };
const fetchActivity = getAction('exchange.fetch-activity')!;
const verifyRevoked = getAction('key.verify-revoked')!;

function store(account: string, keyName: string): string {
  const k = sim.admin.credentials().find((c) => c.account === 'main' && c.name === keyName)!;
  const prefix = `BINANCE_${account.toUpperCase()}`;
  Object.assign(process.env, { [`${prefix}_API_KEY`]: k.apiKey, [`${prefix}_SECRET`]: k.secret, [`${prefix}_BASE_URL`]: sim.baseUrl });
  return k.apiKey;
}

const sweep = (ctx: ReturnType<typeof testContext>, extra: Record<string, unknown>) =>
  fetchActivity.run(ctx, fetchActivity.input.parse({ target: 'binance/main', since: '1d', baseline: '0d', ...extra })) as Promise<Record<string, unknown>>;

beforeAll(async () => {
  sim = await startSimulator({ scenario: await loadScenario('compromise') });
  kitHome = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-reader-'));
  store('main', 'grid-bot');
});
afterAll(async () => {
  await sim.close();
  fs.rmSync(kitHome, { recursive: true, force: true });
});
afterEach(() => {
  for (const k of Object.keys(process.env)) if (!(k in savedEnv) && !k.startsWith('BINANCE_MAIN_')) delete process.env[k];
});

describe('reading the history of an account whose key was revoked', () => {
  it('requireDead fails while the key works; the own key reads while it is alive', async () => {
    const ctx = testContext(kitHome, { dryRun: false });
    const error = await verifyRevoked.run(ctx, verifyRevoked.input.parse({ target: 'binance/main', deadline: '0s', requireDead: true })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ActionError);
    expect((error as ActionError).message).toMatch(/^the binance\/main key ….{4} is NOT proven dead after 0s \(alive\)/);
    expect((error as ActionError).hint).toContain('https://www.binance.com/en/my/settings/api-management');
    const out = await sweep(ctx, {});
    expect(out).toMatchObject({ bundlePath: 'evidence/binance-main/bundle.json' });
    expect(Number(out.trades)).toBeGreaterThan(0);
    expect(ctx.lines.join('\n')).not.toContain('reading the history');
  });

  it('after the revoke: the own key fails with how to connect a read-only key; {account}_readonly is used once stored', async () => {
    const leaked = process.env.BINANCE_MAIN_API_KEY!;
    expect(sim.admin.deleteKey(leaked)).toBe(true);
    const ctx = testContext(kitHome, { dryRun: false });
    for (const reader of [undefined, '', '{account}_readonly']) {
      const error = await sweep(ctx, reader === undefined ? {} : { reader }).catch((e: unknown) => e);
      expect(error, String(reader)).toBeInstanceOf(ActionError);
      expect((error as ActionError).message).toMatch(/^the evidence of binance\/main could not be pulled: its own key was refused \(.+\), most likely because it was revoked/);
      expect((error as ActionError).hint).toContain('kit connect binance --account main_readonly');
      expect((error as ActionError).hint).toContain('--input readers=binance/main=main_readonly');
    }
    expect(ctx.lines).toContain("no binance/main_readonly stored: reading with the account's own key");

    store('main_readonly', 'read-only');
    const before = sim.admin.requestLog().length;
    const out = await sweep(ctx, { reader: '{account}_readonly' });
    expect(out.bundlePath).toBe('evidence/binance-main/bundle.json');
    expect(Number(out.trades)).toBeGreaterThan(0);
    expect(ctx.lines).toContain('reading the history of binance/main with the key of binance/main_readonly');
    const bundle = JSON.parse(fs.readFileSync(path.join(ctx.incidentDir, String(out.bundlePath)), 'utf8')) as { exchange: string; account: string };
    expect(bundle).toMatchObject({ exchange: 'binance', account: 'main' });
    // Every answered request of the sweep was signed with the read-only key. (A request of an
    // earlier, aborted sweep may still land in the log, refused: the dead key gets no answers.)
    const answered = sim.admin.requestLog().slice(before).filter((r) => r.keyFingerprint !== null && r.status === 200);
    const readOnly = sim.state.keys().find((k) => k.name === 'read-only')!.fingerprint;
    expect(answered.length).toBeGreaterThan(3);
    expect(new Set(answered.map((r) => r.keyFingerprint))).toEqual(new Set([readOnly.slice(0, 8)]));
  });

  it('picks the reader meant for the account: exchange/account=name, then exchange/name, then a plain name', async () => {
    const ctx = testContext(kitHome, { dryRun: false });
    const pick = (exchange: string, account: string, reader: string | string[]) => chooseReader(ctx, { exchange, account }, reader);
    const list = ['binance/main=binance/ro1', 'binance/ro2', 'ro3'];
    expect(await pick('binance', 'main', list)).toEqual({ account: 'ro1', own: false });
    expect(await pick('binance', 'sub', list)).toEqual({ account: 'ro2', own: false });
    expect(await pick('bybit', 'main', list)).toEqual({ account: 'ro3', own: false });
    expect(await pick('bybit', 'main', 'binance/ro2, bybit/main=main_ro')).toEqual({ account: 'main_ro', own: false });
    expect(await pick('binance', 'sub', ['binance/main_ro', 'binance/sub_ro'])).toEqual({ account: 'sub_ro', own: false });
    expect(await pick('okx', 'main', [])).toEqual({ account: 'main', own: true });
    expect(await pick('okx', 'main', '{account}_readonly')).toEqual({ account: 'main', own: true, notFound: 'main_readonly' });
    await expect(pick('binance', 'main', ['binance/a', 'binance/b'])).rejects.toThrow('several readers are given for binance (binance/a, binance/b)');
    await expect(pick('binance', 'main', 'binance/main=bybit/ro')).rejects.toThrow('a reader of a binance account is a binance account');
    await expect(pick('binance', 'main', 'main-readonly')).rejects.toThrow(UsageError);
  });

  it('a named reader that is not stored is a clear credentials error', async () => {
    const ctx = testContext(kitHome, { dryRun: false });
    await expect(sweep(ctx, { reader: 'nobody' })).rejects.toThrow(MissingCredentialsError);
  });
});
