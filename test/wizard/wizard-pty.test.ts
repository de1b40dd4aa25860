// kit incident as a person uses it: the built CLI in a terminal against the simulator, from the
// first question to the report. The test plays the person: it reads the screen, answers, and
// does on the "exchange's web page" (the simulator's admin) what the manual steps ask for.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordsOf } from '../engine/helpers.js';
import { KEY, kitInPty } from './pty.js';
import { wizardWorld, type WizardWorld } from './world.js';

describe('kit incident in a terminal', () => {
  let world: WizardWorld;
  beforeEach(async () => (world = await wizardWorld()));
  afterEach(() => world.close());

  it('asks what it must, shows the plan with the destructive steps, asks once, and runs to the report', async () => {
    const kit = kitInPty(['incident'], world.env);
    const at: Record<string, number> = {};

    at.accounts = await kit.waitFor('Which accounts are affected?');
    await kit.waitFor('binance/reader');
    kit.type(KEY.space + KEY.enter); // the cursor starts on binance/main (sorted)
    at.since = await kit.waitFor('When did the trouble start?');
    kit.type('3h' + KEY.enter);
    at.runbook = await kit.waitFor('Which response should kit run?');
    await kit.waitFor('(key-compromise)');
    kit.type(KEY.enter); // the default
    at.reader = await kit.waitFor('Which read-only key may kit use');
    kit.type(KEY.enter); // binance/reader, the only one, ticked
    at.plan = await kit.waitFor('The plan:');
    await kit.waitFor('✖ cancels orders');
    await kit.waitFor('✖ revokes key');
    at.go = await kit.waitFor('Run this plan now?');
    kit.type('y' + KEY.enter);

    // Binance lets no key delete itself: kit shows where to delete it and waits for the person.
    at.manual = await kit.waitFor(`Delete API key`);
    await kit.waitFor('Done?');
    expect(world.sim.admin.deleteKey(world.leaked.apiKey)).toBe(true);
    kit.type('y' + KEY.enter);

    at.checklist = await kit.waitFor('Before a new key is issued');
    kit.type('a' + KEY.enter); // tick every item

    // The replacement key, created on the exchange's page and typed at a masked prompt.
    const fresh = world.sim.admin.createKey({ exchange: 'binance', account: 'main', permissions: ['read', 'trade'], ips: ['127.0.0.1'] });
    at.newKey = await kit.waitFor('New Binance API key for main');
    kit.type(fresh.apiKey + KEY.enter);
    at.newSecret = await kit.waitFor('New Binance API secret for main');
    kit.type(fresh.secret + KEY.enter);

    at.report = await kit.waitFor('Report: ');
    await kit.waitFor('succeeded');
    const { code } = await kit.exited;
    const screen = kit.screen();

    expect(code, screen).toBe(0);
    const order = ['accounts', 'since', 'runbook', 'reader', 'plan', 'go', 'manual', 'checklist', 'newKey', 'newSecret', 'report'];
    expect(order.map((k) => at[k])).toEqual([...order.map((k) => at[k])].sort((a, b) => a - b));
    // One question before the run: no step asked for its own approval.
    expect(screen).not.toContain('Run step');

    const dir = await world.incidentDir();
    expect(existsSync(path.join(dir, 'report.md'))).toBe(true);
    expect(existsSync(path.join(dir, 'report.html'))).toBe(true);
    expect(world.leakedKeyDead()).toBe(true);

    const journal = await world.journal();
    expect(recordsOf(journal, 'run.started')[0].data.inputs).toMatchObject({ accounts: ['binance/main'], since: '3h', readers: ['binance/reader'] });
    expect(recordsOf(journal, 'approval.granted').map((r) => [r.data.stepId, r.data.via])).toEqual([
      ['cancel-orders', 'plan'],
      ['revoke', 'plan'],
      ['reissue', 'plan'],
    ]);
    // Each step ran once for the account; its outputs are collected per account.
    const outputsOf = (stepId: string): Record<string, unknown> => {
      const done = recordsOf(journal, 'step.succeeded').find((r) => r.data.stepId === stepId);
      return (done?.data.outputs.items as Record<string, Record<string, unknown>> | undefined)?.['binance/main'] ?? {};
    };
    expect(outputsOf('verify-dead').dead).toBe(true);
    expect(outputsOf('sweep').trades).toBeGreaterThan(0);
    expect(outputsOf('reissue').source).toBe('prompt');

    // What was typed never reached the screen, nor did any stored secret.
    for (const secret of [fresh.apiKey, fresh.secret, world.leaked.secret, world.reader.secret]) expect(kit.raw()).not.toContain(secret);
  });

  it('stops on Ctrl-C in the middle of the run, prints the command to resume, and kit resume completes it', async () => {
    const kit = kitInPty(['incident', '--accounts', 'binance/main', '--reader', 'binance/reader', '--since', '3h', '--runbook', 'key-compromise'], world.env);
    await kit.waitFor('Run this plan now?');
    kit.type('y' + KEY.enter);
    await kit.waitFor('Done?');
    // The person says it is done, but has not deleted the key yet: kit keeps checking it...
    kit.type('y' + KEY.enter);
    await kit.waitFor('-> alive');
    // ...and they stop the run there.
    kit.type(KEY.ctrlC);
    const { code } = await kit.exited;
    const screen = kit.screen();
    expect(code, screen).toBe(130);
    const id = path.basename(await world.incidentDir());
    expect(screen).toContain(`kit resume ${id}`);
    const journal = await world.journal();
    expect(recordsOf(journal, 'run.interrupted')).toHaveLength(1);
    expect(recordsOf(journal, 'run.finished')).toHaveLength(0);

    // Now the key is deleted on the exchange's page, and the incident goes on where it stopped.
    world.sim.admin.deleteKey(world.leaked.apiKey);
    const resumed = kitInPty(['resume', id], world.env);
    await resumed.waitFor('Before a new key is issued');
    resumed.type('a' + KEY.enter);
    await resumed.waitFor('Run step "Issue a new, safe key');
    resumed.type('y' + KEY.enter);
    const fresh = world.sim.admin.createKey({ exchange: 'binance', account: 'main', permissions: ['read', 'trade'], ips: ['127.0.0.1'] });
    await resumed.waitFor('New Binance API key for main');
    resumed.type(fresh.apiKey + KEY.enter);
    await resumed.waitFor('New Binance API secret for main');
    resumed.type(fresh.secret + KEY.enter);
    const end = await resumed.exited;
    expect(end.code, resumed.screen()).toBe(0);
    expect(resumed.screen()).toContain(`incident ${id} succeeded`);
    const after = await world.journal();
    expect(recordsOf(after, 'run.finished').map((r) => r.data.status)).toEqual(['succeeded']);
    // Steps done before the interrupt are not done again.
    expect(recordsOf(after, 'step.started').filter((r) => r.data.stepId === 'cancel-orders[binance/main]')).toHaveLength(1);
    expect(existsSync(path.join(await world.incidentDir(), 'report.md'))).toBe(true);
    for (const secret of [fresh.apiKey, fresh.secret]) expect(resumed.raw()).not.toContain(secret);
  });

  it('Ctrl-C at a question starts nothing', async () => {
    const kit = kitInPty(['incident'], world.env);
    await kit.waitFor('Which accounts are affected?');
    kit.type(KEY.ctrlC);
    const { code } = await kit.exited;
    expect(code, kit.screen()).toBe(130);
    expect(kit.screen()).toContain('stopped before anything ran; nothing was changed');
    expect(existsSync(path.join(world.kitHome, 'incidents'))).toBe(false);
  });
});
