// Every shipped runbook in a dry run against the simulator (a Binance and a Bybit account): reads
// run for real, every write and notification is planned per account, and the simulator's request
// log shows not one mutating request; its keys and open orders are as they were.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { recordsOf } from '../engine/helpers.js';
import { ACCOUNTS, runbookWorld, type RunbookWorld } from './world.js';

let world: RunbookWorld;
let openOrders: number;
beforeAll(async () => {
  world = await runbookWorld();
  openOrders = world.sim.state.openOrders().length;
});
afterAll(() => world.close());

const CASES: Array<[string, Record<string, string | string[]>, string[]]> = [
  ['key-compromise', { accounts: ACCOUNTS, since: '6h' }, ['cancel-orders', 'revoke', 'reissue', 'notify']],
  ['contain-now', { accounts: ACCOUNTS }, ['cancel-orders', 'revoke']],
  ['key-rotation', { accounts: ACCOUNTS }, ['reissue', 'revoke-old']],
  ['permissions-audit', { accounts: ACCOUNTS }, []],
  ['collect-evidence', { accounts: ACCOUNTS, since: '6h' }, []],
  ['demo', {}, []],
];

describe('shipped runbooks in a dry run', () => {
  it.each(CASES)('%s: plans every write per account, sends no mutating request', async (runbook, inputs, plannedSteps) => {
    const from = world.sim.admin.requestLog().length;
    const result = await world.run(runbook, inputs, { dryRun: true });
    const records = await world.journal(result.incidentDir);
    const failed = recordsOf(records, 'step.failed').map((r) => `${r.data.stepId}: ${r.data.error.message}`);
    expect(result.status, failed.join('\n')).toBe('succeeded');
    expect(records.every((r) => r.mode === 'dry-run')).toBe(true);
    // Each write or notify step is planned once per account (notify once, for the incident).
    const expected = plannedSteps.flatMap((id) => (id === 'notify' ? [id] : ACCOUNTS.map((a) => `${id}[${a}]`)));
    expect(result.planned.map((p) => p.stepId).sort()).toEqual(expected.sort());
    expect(world.mutatingRequests(from)).toEqual([]);
    expect(world.sim.state.keys().filter((k) => k.deletedAt !== null)).toEqual([]);
    expect(world.sim.state.openOrders().length).toBe(openOrders);
    if (runbook !== 'demo') expect(existsSync(path.join(result.incidentDir, 'report.md'))).toBe(true);
  }, 60_000);
});
