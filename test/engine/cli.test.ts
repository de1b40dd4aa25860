// The incident commands through the built CLI: exit codes, what is printed, the journal.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { kit, startKit } from './cli-helpers.js';
import { journalOf, readLines, recordsOf, sandbox, type Sandbox } from './helpers.js';

let box: Sandbox;
let env: NodeJS.ProcessEnv;
beforeEach(async () => {
  box = await sandbox();
  env = { ...box.env, KIT_HOME: box.kitHome };
});
afterEach(async () => box.cleanup());

const twoWrites = (delayMs = 0) => `version: 1
name: two-writes
inputs:
  file: { type: string, required: true }
steps:
  - id: cancel-orders
    title: Cancel every open order
    uses: test.record-effect
    with: { file: "\${{ inputs.file }}", key: cancel, delayMs: ${delayMs} }
  - id: revoke-key
    title: Revoke the key
    uses: test.record-effect
    with: { file: "\${{ inputs.file }}", key: revoke }
  - id: tell
    uses: test.notify
    with: { file: "\${{ inputs.file }}", message: "key revoked" }
`;

async function onlyIncident(): Promise<string> {
  const ids = await fs.readdir(path.join(box.kitHome, 'incidents'));
  expect(ids).toHaveLength(1);
  return ids[0];
}

async function waitForRecord(incidentId: string, type: string): Promise<void> {
  const journal = path.join(box.kitHome, 'incidents', incidentId, 'journal.jsonl');
  for (;;) {
    if ((await readLines(journal)).some((l) => JSON.parse(l).type === type)) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function firstIncidentId(): Promise<string> {
  for (;;) {
    const ids = await fs.readdir(path.join(box.kitHome, 'incidents')).catch(() => [] as string[]);
    if (ids.length > 0) return ids[0];
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('kit run --dry-run', () => {
  it('changes nothing, names what would have been done, and marks every line with the mode', async () => {
    const file = await box.runbook('two-writes', twoWrites());
    const result = await kit(['run', file, '--dry-run', '--input', `file=${box.effects}`], env);
    expect(result.code).toBe(0);
    expect(await readLines(box.effects)).toEqual([]);
    expect(result.stdout).toContain('would record effect cancel in effects.txt');
    expect(result.stdout).toContain('would record effect revoke in effects.txt');
    expect(result.stdout).toContain('would send "key revoked"');
    const lines = result.stdout.split('\n').filter((l) => l.trim() !== '');
    expect(lines.length).toBeGreaterThan(4);
    for (const line of lines) expect(line).toContain('[dry-run]');
  });

  it('--json streams one event per line, each with its mode', async () => {
    const file = await box.runbook('two-writes', twoWrites());
    const result = await kit(['--json', 'run', file, '--dry-run', '--input', `file=${box.effects}`], env);
    expect(result.code).toBe(0);
    const events = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as { event: string; mode: string });
    expect(events.every((e) => e.mode === 'dry-run')).toBe(true);
    expect(events.filter((e) => e.event === 'step.planned')).toHaveLength(3);
    expect(events.at(-1)).toMatchObject({ event: 'run.result', status: 'succeeded', exitCode: 0 });
  });
});

describe('approval through the CLI', () => {
  it('without a terminal or --yes: exit 3 with the approve and resume commands; approving and resuming finishes it', async () => {
    const file = await box.runbook('two-writes', twoWrites());
    const first = await kit(['run', file, '--input', `file=${box.effects}`], env);
    expect(first.code).toBe(3);
    const id = await onlyIncident();
    const out = first.stdout + first.stderr;
    expect(out.indexOf(`kit approve ${id} cancel-orders`)).toBeGreaterThan(-1);
    expect(out.indexOf(`kit resume ${id}`)).toBeGreaterThan(out.indexOf(`kit approve ${id} cancel-orders`));
    expect(await readLines(box.effects)).toEqual([]);

    expect((await kit(['approve', id, 'cancel-orders'], env)).code).toBe(0);
    const second = await kit(['resume', id], env);
    expect(second.code).toBe(3); // revoke-key needs its own approval
    expect(second.stdout + second.stderr).toContain(`kit approve ${id} revoke-key`);
    expect((await kit(['resume', id, '--yes'], env)).code).toBe(0);
    expect(await readLines(box.effects)).toEqual(['cancel', 'revoke', 'notify: key revoked']);

    const again = await kit(['resume', id], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('has already finished (succeeded)');

    const list = await kit(['incidents'], env);
    expect(list.stdout).toMatch(new RegExp(`${id}\\s+succeeded\\s+live\\s+two-writes`));
  });

  it('rejects an unknown step and an unknown incident with usage errors', async () => {
    const file = await box.runbook('two-writes', twoWrites());
    await kit(['run', file, '--input', `file=${box.effects}`], env);
    const id = await onlyIncident();
    const badStep = await kit(['approve', id, 'no-such-step'], env);
    expect(badStep.code).toBe(2);
    expect(badStep.stderr).toContain('Its steps are: cancel-orders, revoke-key, tell');
    expect((await kit(['resume', '20260101T0000Z-nothing-0000'], env)).code).toBe(2);
  });
});

describe('lock and Ctrl-C', () => {
  it('refuses a second resume while the run is alive (exit 6); Ctrl-C interrupts with exit 130 and the resume command', async () => {
    const file = await box.runbook('two-writes', twoWrites(10_000));
    const running = startKit(['run', file, '--yes', '--input', `file=${box.effects}`], env);
    const id = await firstIncidentId();
    await waitForRecord(id, 'step.started');
    const second = await kit(['resume', id], env);
    expect(second.code).toBe(6);
    expect(second.stderr).toContain(`is in use by kit process ${running.child.pid}`);

    running.child.kill('SIGINT');
    const first = await running.done;
    expect(first.code).toBe(130);
    expect(first.stderr).toContain(`kit resume ${id}`);
    const records = await journalOf(path.join(box.kitHome, 'incidents', id));
    expect(recordsOf(records, 'run.interrupted')).toHaveLength(1);
    expect((await kit(['incidents'], env)).stdout).toMatch(new RegExp(`${id}\\s+interrupted`));
  });
});

describe('SIGTERM', () => {
  it('interrupts like Ctrl-C: journaled with its reason, exit 130, resumable', async () => {
    const file = await box.runbook('two-writes', twoWrites(10_000));
    const running = startKit(['run', file, '--yes', '--input', `file=${box.effects}`], env);
    const id = await firstIncidentId();
    await waitForRecord(id, 'step.started');
    running.child.kill('SIGTERM');
    const result = await running.done;
    expect(result.code).toBe(130);
    const records = await journalOf(path.join(box.kitHome, 'incidents', id));
    expect(recordsOf(records, 'run.interrupted').map((r) => r.data.reason)).toEqual(['interrupted by SIGTERM']);
  });
});

describe('kit journal verify', () => {
  async function finishedIncident(): Promise<{ id: string; journal: string; lines: string[] }> {
    const file = await box.runbook('two-writes', twoWrites());
    expect((await kit(['run', file, '--yes', '--input', `file=${box.effects}`], env)).code).toBe(0);
    const id = await onlyIncident();
    const journal = path.join(box.kitHome, 'incidents', id, 'journal.jsonl');
    return { id, journal, lines: await readLines(journal) };
  }
  const write = (file: string, lines: string[]) => fs.writeFile(file, lines.map((l) => `${l}\n`).join(''));

  it('passes an intact journal and names an edited, a removed and a reordered record by seq and line', async () => {
    const { id, journal, lines } = await finishedIncident();
    const ok = await kit(['journal', 'verify', id], env);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`${lines.length} records, hash chain intact`);

    await write(journal, lines.map((l, i) => (i === 4 ? l.replace('"stepId":"revoke-key"', '"stepId":"cancel-orders"') : l)));
    const edited = await kit(['journal', 'verify', id], env);
    expect(edited.code).toBe(1);
    expect(edited.stdout).toContain(`${journal}:5 edited: record seq 5 (line 5`);

    await write(journal, lines.filter((_, i) => i !== 6));
    const removed = await kit(['journal', 'verify', id], env);
    expect(removed.code).toBe(1);
    expect(removed.stdout).toContain('removed: record seq 7 is missing before line 7');

    await write(journal, [...lines.slice(0, 3), lines[4], lines[3], ...lines.slice(5)]);
    const reordered = await kit(['journal', 'verify', id], env);
    expect(reordered.code).toBe(1);
    expect(reordered.stdout).toContain('reordered: record seq 4 (line 5) comes after seq 5');
  });
});
