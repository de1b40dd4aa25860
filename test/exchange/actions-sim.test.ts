// The exchange and key actions against the simulator with ccxt's binance and bybit classes,
// live and in dry run (where the simulator's request log must show zero mutating requests).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getAction } from '../../src/actions/registry.js';
import type { ActionDefinition } from '../../src/actions/types.js';
import { loadScenario, startSimulator, type SimHandle } from '../../src/sim/index.js';
import { testContext } from './helpers/action-context.js';

let binanceSim: SimHandle;
let bybitSim: SimHandle;
let kitHome: string;
const savedEnv = { ...process.env };

function key(sim: SimHandle, account: string, name: string) {
  const found = sim.admin.credentials().find((c) => c.account === account && c.name === name);
  if (!found) throw new Error(`${account}/${name}`);
  return found;
}

function useKey(exchange: string, account: string, sim: SimHandle, simAccount: string, name: string): string {
  const k = key(sim, simAccount, name);
  const prefix = `${exchange.toUpperCase()}_${account.toUpperCase()}`;
  process.env[`${prefix}_API_KEY`] = k.apiKey;
  process.env[`${prefix}_SECRET`] = k.secret;
  process.env[`${prefix}_BASE_URL`] = sim.baseUrl;
  return k.apiKey;
}

function action(name: string): ActionDefinition {
  const found = getAction(name);
  if (!found) throw new Error(name);
  return found;
}

async function run(name: string, ctx: ReturnType<typeof testContext>, input: Record<string, unknown>) {
  const def = action(name);
  const parsed = def.input.parse(input);
  if (ctx.dryRun && def.effect !== 'read') return (await def.plan?.(ctx, parsed))?.outputs as Record<string, unknown>;
  return def.run(ctx, parsed);
}

beforeAll(async () => {
  binanceSim = await startSimulator({ scenario: await loadScenario('quiet') });
  bybitSim = await startSimulator({ scenario: await loadScenario('compromise-bybit') });
  kitHome = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-actions-'));
});
afterAll(async () => {
  await binanceSim.close();
  await bybitSim.close();
  fs.rmSync(kitHome, { recursive: true, force: true });
});
afterEach(() => {
  for (const k of Object.keys(process.env)) if (!(k in savedEnv)) delete process.env[k];
});

describe('dry run sends nothing mutating', () => {
  it('snapshot, cancel-all (planned), revoke (planned) and a full sweep: zero mutating requests in the sim log', async () => {
    for (const [exchange, sim, simAccount] of [['binance', binanceSim, 'main'], ['bybit', bybitSim, 'main']] as const) {
      useKey(exchange, 'main', sim, simAccount, 'grid-bot');
      const before = sim.admin.requestLog().length;
      const ctx = testContext(kitHome, { dryRun: true });
      const snap = await run('exchange.snapshot', ctx, { exchange });
      expect(snap.openOrders).toBeGreaterThan(0);
      const plan = await action('exchange.cancel-all-orders').plan?.(ctx, action('exchange.cancel-all-orders').input.parse({ exchange }));
      expect(plan?.summary).toMatch(/^would cancel \d+ orders? on /);
      expect((plan?.outputs as { orderIds: string[] }).orderIds.length).toBe(snap.openOrders);
      const revokePlan = await action('key.revoke').plan?.(ctx, action('key.revoke').input.parse({ exchange }));
      expect(revokePlan?.summary).toMatch(/^would /);
      const sweep = await run('exchange.fetch-activity', ctx, { exchange, since: '3d', baseline: '1d' });
      expect(sweep.trades).toBeGreaterThan(0);
      const log = sim.admin.requestLog().slice(before);
      expect(log.length).toBeGreaterThan(5);
      expect(log.filter((r) => r.mutating)).toEqual([]);
      expect(sim.state.openOrders(simAccount).length).toBe(snap.openOrders);
    }
  });
});

describe('Binance actions', () => {
  it('snapshot writes evidence; cancel-all cancels every open order; reconcile then sees none', async () => {
    useKey('binance', 'main', binanceSim, 'main', 'grid-bot');
    const ctx = testContext(kitHome, { dryRun: false });
    const before = binanceSim.admin.requestLog().length;
    const snap = await run('exchange.snapshot', ctx, { exchange: 'binance' });
    expect(fs.existsSync(path.join(ctx.incidentDir, String(snap.evidencePath)))).toBe(true);
    // A spot-only account: positions are not asked for (the request would only be refused), and the evidence says why.
    expect(snap.positions).toBeNull();
    expect(JSON.parse(fs.readFileSync(path.join(ctx.incidentDir, String(snap.evidencePath)), 'utf8')).positionsNote).toMatch(/no derivatives markets are loaded for binance/);
    expect(binanceSim.admin.requestLog().slice(before).filter((r) => /position/i.test(r.path))).toEqual([]);
    const open = binanceSim.state.openOrders('main').length;
    expect(open).toBeGreaterThan(0);
    const def = action('exchange.cancel-all-orders');
    expect((await def.reconcile?.(ctx, def.input.parse({ exchange: 'binance' })))?.done).toBe(false);
    const out = await run('exchange.cancel-all-orders', ctx, { exchange: 'binance' });
    expect(out).toMatchObject({ cancelled: open, remaining: 0 });
    expect(binanceSim.state.openOrders('main')).toEqual([]);
    expect((await def.reconcile?.(ctx, def.input.parse({ exchange: 'binance' })))?.done).toBe(true);
  });

  it('key.permissions reads the key; fetch-activity outputs the bundle path relative to the incident', async () => {
    useKey('binance', 'main', binanceSim, 'main', 'read-only');
    const ctx = testContext(kitHome, { dryRun: false });
    const perms = await run('key.permissions', ctx, { exchange: 'binance' });
    expect(perms).toMatchObject({ read: true, trade: false, withdraw: false, ipRestricted: false, source: 'GET /sapi/v1/account/apiRestrictions' });
    expect(String(perms.keyHint)).toMatch(/^….{4}$/);
    const sweep = await run('exchange.fetch-activity', ctx, { exchange: 'binance', since: '5d', baseline: '0d' });
    expect(sweep.bundlePath).toBe('evidence/binance-main/bundle.json');
    expect(ctx.recorded.map((r) => r.path)).toContain('evidence/binance-main/bundle.json');
  });

  it('key.revoke auto: the leaked sub-account key is deleted from the master, then verify-revoked proves it dead', async () => {
    useKey('binance', 'main', binanceSim, 'main', 'grid-bot');
    const subKey = useKey('binance', 'sub', binanceSim, 'bot-sub', 'sub-trader');
    const ctx = testContext(kitHome, { dryRun: false });
    const before = await run('key.verify-revoked', ctx, { exchange: 'binance', account: 'sub', deadline: '0s' });
    expect(before).toMatchObject({ dead: false, verdict: 'alive' });
    const out = await run('key.revoke', ctx, { exchange: 'binance', account: 'sub', master: 'main', subAccount: 'owner+bot-sub@example.com' });
    expect(out).toMatchObject({ method: 'subaccount-delete', performed: true, url: 'https://www.binance.com/en/my/settings/api-management', keyHint: `…${subKey.slice(-4)}` });
    const verified = await run('key.verify-revoked', ctx, { exchange: 'binance', account: 'sub', deadline: '10s', interval: '1s' });
    expect(verified).toMatchObject({ dead: true, verdict: 'dead', endpoint: 'GET /sapi/v1/account/apiRestrictions' });
    expect(String(verified.how)).toContain('code');
  });

  it('key.revoke on a Binance master key falls back to the manual step, performed by the drill operator', async () => {
    const apiKey = useKey('binance', 'main', binanceSim, 'main', 'ip-locked');
    const performed: Array<Record<string, unknown>> = [];
    const ctx = testContext(kitHome, {
      dryRun: false,
      operator: { perform: async (kind, details) => { performed.push({ kind, ...details }); binanceSim.admin.deleteKey(apiKey); return { deleted: true }; } },
    });
    const out = await run('key.revoke', ctx, { exchange: 'binance' });
    expect(out).toMatchObject({ method: 'manual', performed: true });
    expect(performed[0]).toMatchObject({ kind: 'delete-key', exchange: 'binance', keyHint: `…${apiKey.slice(-4)}` });
    expect(JSON.stringify(performed)).not.toContain(apiKey);
  });
});

describe('Bybit actions', () => {
  it('key.revoke ip-lockdown binds the sub key to an unroutable address; subaccount-delete removes it', async () => {
    useKey('bybit', 'main', bybitSim, 'main', 'grid-bot');
    const subKey = useKey('bybit', 'savings', bybitSim, 'savings', 'savings-bot');
    const ctx = testContext(kitHome, { dryRun: false });
    const locked = await run('key.revoke', ctx, { exchange: 'bybit', account: 'savings', strategy: 'ip-lockdown', master: 'main', subAccount: '24600990' });
    expect(locked).toMatchObject({ method: 'ip-lockdown', performed: true });
    expect(bybitSim.state.keys().find((k) => k.name === 'savings-bot')?.ips).toEqual(['192.0.2.1']);
    const probe = await run('key.verify-revoked', ctx, { exchange: 'bybit', account: 'savings', deadline: '0s' });
    expect(probe).toMatchObject({ dead: false, verdict: 'restricted' });
    const deleted = await run('key.revoke', ctx, { exchange: 'bybit', account: 'savings', strategy: 'subaccount-delete', master: 'main', subAccount: '24600990' });
    expect(deleted).toMatchObject({ method: 'subaccount-delete', performed: true });
    expect(bybitSim.state.keys().find((k) => k.name === 'savings-bot')?.deletedAt).not.toBeNull();
    void subKey;
  });

  it('key.permissions, cancel-all, then key.revoke auto deletes the master key itself and verify-revoked proves it', async () => {
    useKey('bybit', 'main', bybitSim, 'main', 'grid-bot');
    const ctx = testContext(kitHome, { dryRun: false });
    expect(await run('key.permissions', ctx, { exchange: 'bybit' })).toMatchObject({ read: true, trade: true, withdraw: true, source: 'GET /v5/user/query-api' });
    const cancelled = await run('exchange.cancel-all-orders', ctx, { exchange: 'bybit' });
    expect(cancelled.remaining).toBe(0);
    expect(bybitSim.state.openOrders('main')).toEqual([]);
    const out = await run('key.revoke', ctx, { exchange: 'bybit' });
    expect(out).toMatchObject({ method: 'api-delete', performed: true });
    const verified = await run('key.verify-revoked', ctx, { exchange: 'bybit', deadline: '5s', interval: '1s' });
    expect(verified).toMatchObject({ dead: true, code: '10003' });
  });
});
