// The plan the operator approves: every step in order, what changes the account marked ✖ with
// what it does, what waits for them ⏸, notices ✉, and the mode.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { getAction } from '../../src/actions/registry.js';
import { planRun } from '../../src/engine/plan.js';
import { resolveInputs } from '../../src/runbook/inputs.js';
import { loadRunbookFile, loadRunbookText } from '../../src/runbook/load.js';
import { planLines } from '../../src/wizard/plan-view.js';

const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'kc-fixture.yaml');

async function plan() {
  const loaded = await loadRunbookFile(fixture);
  return planRun(loaded.runbook, resolveInputs(loaded.runbook, { exchange: 'binance' }), getAction);
}

describe('planLines', () => {
  it('marks the steps that change the account, wait for the operator or send a notice', async () => {
    const lines = planLines(await plan(), { accounts: [{ exchange: 'binance', account: 'main' }], start: { at: Date.UTC(2026, 2, 7, 9, 30), duration: '3h' }, dryRun: false, color: false });
    const text = lines.join('\n');
    expect(lines[0]).toBe('The plan: Compromised exchange API key (wizard test) (runbook kc-fixture)');
    expect(text).toContain('  accounts: binance/main');
    expect(text).toContain('  activity: the last 3h (since 2026-03-07 09:30 UTC)');
    const step = (n: number): string => lines.find((l) => l.trimStart().startsWith(`${n}. `))!;
    expect(step(1)).not.toMatch(/[✖⏸✉]/);
    expect(step(2)).toMatch(/Cancel every open order\s+✖ cancels orders$/);
    expect(step(3)).toMatch(/Revoke or neutralize the leaked key\s+✖ revokes key$/);
    expect(step(7)).toMatch(/Secure the account\s+⏸ waits for you$/);
    expect(step(8)).toMatch(/✖ replaces the stored key$/);
    expect(step(9)).toMatch(/Notify \(even if a step fails\)\s+✉ sends a notice$/);
    expect(lines.at(-1)).toBe('✖ marks the 3 steps that change your exchange account. Nothing has been changed yet.');
  });

  it('says a dry run changes nothing, shows the runbook default start, and colours ✖ only when asked', async () => {
    const lines = planLines(await plan(), { accounts: [{ exchange: 'binance', account: 'main' }], dryRun: true, color: true });
    expect(lines[0]).toMatch(/^\[dry-run\] The plan:/);
    expect(lines).toContain('  activity: the last 72h (the runbook\'s default)');
    expect(lines.join('\n')).toContain('\x1b[31m✖ cancels orders\x1b[39m');
    expect(lines.at(-1)).toBe('[dry-run] Nothing will change: reads run for real; the 3 ✖ steps are only planned.');
  });

  it('names the accounts a for-each step runs for, when the inputs say them', () => {
    const { runbook: loaded } = loadRunbookText(`version: 1
name: multi
inputs:
  accounts: { type: list, required: true }
steps:
  - id: cancel
    title: Cancel every open order
    uses: exchange.cancel-all-orders
    for-each: \${{ inputs.accounts }}
    with: { target: "\${{ item }}" }
  - id: revoke
    title: "Revoke the key of \${{ item }}"
    uses: key.revoke
    for-each: \${{ inputs.accounts }}
    with: { target: "\${{ item }}" }
  - id: later
    title: "Revoke what \${{ item }} found"
    uses: key.revoke
    for-each: \${{ steps.cancel.outputs.items }}
    with: { target: "\${{ item }}" }
`, 'multi.yaml');
    const plan = planRun(loaded!.runbook, resolveInputs(loaded!.runbook, { accounts: 'binance/main,bybit/main' }), getAction);
    const lines = planLines(plan, { accounts: [{ exchange: 'binance', account: 'main' }, { exchange: 'bybit', account: 'main' }], dryRun: false, color: false });
    expect(lines).toContainEqual(expect.stringMatching(/1\. Cancel every open order, for binance\/main, bybit\/main\s+✖ cancels orders$/));
    expect(lines).toContainEqual(expect.stringMatching(/2\. Revoke the key of binance\/main, bybit\/main\s+✖ revokes key$/));
    expect(lines).toContainEqual(expect.stringMatching(/3\. Revoke what each item found\s+✖ revokes key$/));
  });
});
