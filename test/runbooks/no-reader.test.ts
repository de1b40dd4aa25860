// key-compromise when no read-only key is connected: containment goes ahead (the Bybit key
// deletes itself), then the sweep cannot read with the dead key and says how to connect a
// read-only one; the run goes on, and the report shows that the evidence could not be pulled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { recordsOf } from '../engine/helpers.js';
import { runbookWorld, type RunbookWorld } from './world.js';

let world: RunbookWorld;
beforeAll(async () => (world = await runbookWorld({ readers: false })));
afterAll(() => world.close());

describe('key-compromise without a read-only key', () => {
  it('contains, says the evidence could not be pulled and how to fix that, and the report shows it', async () => {
    const result = await world.run('key-compromise', { accounts: ['bybit/beta'], since: '6h', reissue: 'false' });
    const records = await world.journal(result.incidentDir);
    expect(result.status).toBe('succeeded');
    expect(world.sim.state.openOrders('beta')).toEqual([]);
    const failure = recordsOf(records, 'step.failed').find((r) => r.data.stepId === 'sweep[bybit/beta]')!;
    expect(failure.data.error.message).toMatch(/^the evidence of bybit\/beta could not be pulled: its own key was refused \(.+\), most likely because it was revoked/);
    expect(failure.data.error.hint).toContain('kit connect bybit --account beta_readonly');
    expect(failure.data.continueOnError).toBe(true);
    expect(recordsOf(records, 'step.skipped').map((r) => r.data.stepId)).toEqual(expect.arrayContaining(['flag[bybit/beta]', 'reissue[bybit/beta]']));
    const report = readFileSync(path.join(result.incidentDir, 'report.md'), 'utf8');
    expect(report).toContain('the evidence of bybit/beta could not be pulled');
    expect(report).toContain('No activity bundle in this incident');
    // The step's own row sums up its items; each item has a row of its own.
    expect(report).toMatch(/\| \*\*sweep\*\* \| exchange\.fetch-activity \(read\) \| failed, continue-on-error \| 0 \| [^|]+ \| failed; the run continued \(continue-on-error\): 1 of 1 item failed/);
    expect(report).toMatch(/\| \*\*revoke\*\* \| key\.revoke \(write\) \| succeeded \| 0 \| [^|]+ \| 1 item \(bybit\/beta\): 1 succeeded/);
  }, 60_000);
});
