// kit incident without a terminal (a script, CI, a pipe): it never waits for an answer. Missing
// flags fail at once with the list of what is needed; complete flags with --yes run the whole
// response; --dry-run changes nothing.
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startKit } from '../engine/cli-helpers.js';
import { recordsOf } from '../engine/helpers.js';
import { wizardWorld, type WizardWorld } from './world.js';

describe('kit incident without a terminal', () => {
  let world: WizardWorld;
  beforeEach(async () => (world = await wizardWorld()));
  afterEach(() => world.close());

  it('fails at once with exit 2, listing the flags it needs, and starts nothing', async () => {
    const { child, done } = startKit(['incident'], world.env);
    const result = await done;
    expect(child.exitCode).toBe(2);
    expect(result.stderr).toContain('kit incident cannot ask its questions here');
    expect(result.stderr).toContain('--accounts <exchange/account,...>');
    expect(result.stderr).toContain('--yes');
    // It says which accounts it could act on, so the fix is one copy away.
    expect(result.stderr).toContain('Accounts in the credential store: binance/main, binance/reader.');
    expect(existsSync(path.join(world.kitHome, 'incidents'))).toBe(false);
  });

  it('asks for --yes alone when the accounts are given', async () => {
    const result = await startKit(['incident', '--accounts', 'binance/main'], world.env).done;
    expect(result.code).toBe(2);
    expect(result.stderr).not.toContain('--accounts <');
    expect(result.stderr).toContain('--yes');
  });

  it('says the store is empty and how to fill it', async () => {
    await world.close();
    world = await wizardWorld({ storeAccounts: false });
    const result = await startKit(['incident', '--accounts', 'binance/main', '--yes'], world.env).done;
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('holds no exchange accounts');
    expect(result.stderr).toContain('kit connect binance');
  });

  it('refuses an account the store does not hold, before anything runs', async () => {
    const result = await startKit(['incident', '--accounts', 'bybit/main', '--yes'], world.env).done;
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('bybit/main is not in the credential store');
    expect(result.stderr).toContain('kit connect bybit');
    expect(existsSync(path.join(world.kitHome, 'incidents'))).toBe(false);
  });

  it('runs the whole response with --yes when the flags are complete', async () => {
    // Nobody can type a new key here, so the script says not to reissue one.
    const kit = startKit(['incident', '--accounts', 'binance/main', '--reader', 'binance/reader', '--since', '3h', '--input', 'reissue=false', '--yes'], world.env);
    // Binance cannot delete a key through its API: kit says so and keeps checking, and the
    // person deletes it on the exchange's page (the simulator's admin) meanwhile.
    let deleted = false;
    kit.child.stdout!.on('data', (d: Buffer) => {
      if (!deleted && d.toString().includes('manual step needed: Delete API key')) deleted = world.sim.admin.deleteKey(world.leaked.apiKey);
    });
    const result = await kit.done;
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(deleted).toBe(true);
    expect(result.stdout).toContain('The plan: Compromised exchange API key (runbook key-compromise)');
    expect(result.stdout).toContain('✖ cancels orders');
    expect(result.stdout).toMatch(/Report: .*report\.md/);
    const journal = await world.journal();
    expect(recordsOf(journal, 'run.started')[0].data.inputs).toMatchObject({ accounts: ['binance/main'], readers: ['binance/reader'], since: '3h', reissue: false });
    expect(recordsOf(journal, 'approval.granted').map((r) => [r.data.stepId, r.data.via])).toEqual([['cancel-orders', 'yes-flag'], ['revoke', 'yes-flag']]);
    const succeeded = (id: string) => recordsOf(journal, 'step.succeeded').find((r) => r.data.stepId === id);
    expect(succeeded('verify-dead[binance/main]')?.data.outputs.dead).toBe(true);
    expect(succeeded('flag[binance/main]')).toBeDefined();
    expect(recordsOf(journal, 'step.failed')).toEqual([]);
    expect(world.leakedKeyDead()).toBe(true);
  });

  it('plans without changing anything with --dry-run', async () => {
    const before = world.sim.state.openOrders('main').length;
    const threeHoursAgo = new Date(Date.now() - 3 * 3_600_000).toISOString();
    const result = await startKit(['incident', '--exchange', 'binance', '--since', threeHoursAgo, '--dry-run'], world.env).done;
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('[dry-run] The plan:');
    expect(result.stdout).toContain('✖ revokes key');
    expect(result.stdout).toContain('[dry-run] nothing was changed');
    expect(world.sim.admin.requestLog().filter((e) => e.mutating)).toEqual([]);
    expect(world.sim.state.openOrders('main')).toHaveLength(before);
    expect(world.leakedKeyDead()).toBe(false);
    // The ISO start became the minutes since it, for the runbook's duration input.
    const started = recordsOf(await world.journal(), 'run.started')[0].data;
    expect(started.dryRun).toBe(true);
    expect(started.inputs.since).toMatch(/^18[01]m$/);
    await fs.access(path.join(await world.incidentDir(), 'report.md'));
  });
});
