import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { approveStep, resumeIncident, runIncident, verifyJournal } from '../../src/engine/index.js';
import { LockedError, ValidationError } from '../../src/errors.js';
import { journalOf, readLines, recordsOf, sandbox, scriptedPrompter, type Sandbox } from './helpers.js';

let box: Sandbox;
beforeEach(async () => (box = await sandbox()));
afterEach(async () => box.cleanup());

const oneWrite = (opts: { key?: string; delayMs?: number; delayAfterMs?: number; approval?: string } = {}) => `version: 1
name: one-write
inputs:
  file: { type: string, required: true }
steps:
  - id: note
    uses: log.note
    with: { message: "starting" }
  - id: write
    uses: test.record-effect${opts.approval ? `\n    approval: ${opts.approval}` : ''}
    with: { file: "\${{ inputs.file }}", key: "${opts.key ?? 'effect'}", delayMs: ${opts.delayMs ?? 0}, delayAfterMs: ${opts.delayAfterMs ?? 0} }
  - id: after
    uses: log.note
    with: { message: "done" }
`;

/** Runs until the write step has started, then interrupts as Ctrl-C would. */
async function interruptDuringWrite(file: string) {
  const controller = new AbortController();
  return runIncident({
    runbookFile: file, inputs: { file: box.effects }, kitHome: box.kitHome, yes: true, env: box.env, signal: controller.signal,
    onEvent: (e) => {
      if (e.event === 'step.started' && e.data.stepId === 'write') setTimeout(() => controller.abort(), 30);
    },
  });
}

describe('approval', () => {
  it('non-interactive without --yes: stops waiting for approval; kit approve then resume runs it, journaled with who', async () => {
    const file = await box.runbook('one-write', oneWrite());
    const first = await runIncident({ runbookFile: file, inputs: { file: box.effects }, kitHome: box.kitHome, env: box.env });
    expect(first.status).toBe('waiting-approval');
    expect(first.waitingFor).toEqual({ stepId: 'write', approveCommand: `kit approve ${first.incidentId} write`, resumeCommand: `kit resume ${first.incidentId}` });
    expect(await readLines(box.effects)).toEqual([]);

    const again = await resumeIncident({ incidentId: first.incidentId, kitHome: box.kitHome, env: box.env });
    expect(again.status).toBe('waiting-approval');

    const approval = await approveStep(box.kitHome, first.incidentId, 'write');
    expect(approval).toMatchObject({ recorded: true, wasWaiting: true });
    const done = await resumeIncident({ incidentId: first.incidentId, kitHome: box.kitHome, env: box.env });
    expect(done.status).toBe('succeeded');
    expect(await readLines(box.effects)).toEqual(['effect']);
    const records = await journalOf(first.incidentDir);
    expect(recordsOf(records, 'approval.granted').map((r) => r.data)).toEqual([{ stepId: 'write', user: approval.user, via: 'kit-approve' }]);
    // The note before the approval ran once, not again on each resume.
    expect(recordsOf(records, 'note').filter((r) => r.data.message === 'starting')).toHaveLength(1);
  });

  it('asks a person once, and a "no" fails the step without running it', async () => {
    const file = await box.runbook('one-write', oneWrite());
    const yes = scriptedPrompter([true]);
    const ok = await runIncident({ runbookFile: file, inputs: { file: box.effects }, kitHome: box.kitHome, env: box.env, prompter: yes });
    expect(ok.status).toBe('succeeded');
    expect(yes.asked).toHaveLength(1);
    expect(recordsOf(await journalOf(ok.incidentDir), 'approval.granted')[0].data.via).toBe('prompt');

    const no = scriptedPrompter([false]);
    const refused = await runIncident({ runbookFile: file, inputs: { file: `${box.root}/other` }, kitHome: box.kitHome, env: box.env, prompter: no });
    expect(refused.status).toBe('failed');
    expect(await readLines(`${box.root}/other`)).toEqual([]);
    expect(recordsOf(await journalOf(refused.incidentDir), 'approval.denied')).toHaveLength(1);
  });

  it('`approval: false` does not wave a write step through', async () => {
    const file = await box.runbook('one-write', oneWrite({ approval: 'false' }));
    const result = await runIncident({ runbookFile: file, inputs: { file: box.effects }, kitHome: box.kitHome, env: box.env });
    expect(result.status).toBe('waiting-approval');
    expect(await readLines(box.effects)).toEqual([]);
  });
});

describe('resume', () => {
  it('an interrupted write whose effect happened is reconciled, not repeated', async () => {
    const file = await box.runbook('one-write', oneWrite({ delayAfterMs: 5000 }));
    const first = await interruptDuringWrite(file);
    expect(first.status).toBe('interrupted');
    expect(first.resumeCommand).toBe(`kit resume ${first.incidentId}`);
    expect(await readLines(box.effects)).toEqual(['effect']);
    expect(recordsOf(await journalOf(first.incidentDir), 'run.interrupted')).toHaveLength(1);

    const second = await resumeIncident({ incidentId: first.incidentId, kitHome: box.kitHome, env: box.env });
    expect(second.status).toBe('succeeded');
    expect(await readLines(box.effects)).toEqual(['effect']);
    const records = await journalOf(first.incidentDir);
    expect(recordsOf(records, 'step.reconciled').map((r) => r.data.done)).toEqual([true]);
    expect(recordsOf(records, 'step.succeeded').find((r) => r.data.stepId === 'write')?.data.reconciled).toBe(true);
    expect((await verifyJournal(`${first.incidentDir}/journal.jsonl`)).ok).toBe(true);
  });

  it('an interrupted write whose effect did not happen is reconciled and then run once, from the pinned runbook', async () => {
    const file = await box.runbook('one-write', oneWrite({ key: 'pinned', delayMs: 300 }));
    const first = await interruptDuringWrite(file);
    expect(first.status).toBe('interrupted');
    expect(await readLines(box.effects)).toEqual([]);
    await fs.writeFile(file, oneWrite({ key: 'edited-later' })); // the file changes; the incident keeps its copy
    const second = await resumeIncident({ incidentId: first.incidentId, kitHome: box.kitHome, env: box.env });
    expect(second.status).toBe('succeeded');
    expect(await readLines(box.effects)).toEqual(['pinned']);
    const records = await journalOf(first.incidentDir);
    expect(recordsOf(records, 'step.reconciled').map((r) => r.data.done)).toEqual([false]);
    expect(recordsOf(records, 'step.started').filter((r) => r.data.stepId === 'write').map((r) => r.data.attempt)).toEqual([1, 2]);
  });

  it('says so when the incident has finished, and runs nothing', async () => {
    const file = await box.runbook('one-write', oneWrite());
    const first = await runIncident({ runbookFile: file, inputs: { file: box.effects }, kitHome: box.kitHome, yes: true, env: box.env });
    const before = await journalOf(first.incidentDir);
    const again = await resumeIncident({ incidentId: first.incidentId, kitHome: box.kitHome, env: box.env });
    expect(again).toMatchObject({ alreadyFinished: true, status: 'succeeded' });
    expect(await journalOf(first.incidentDir)).toEqual(before);
    expect(await readLines(box.effects)).toEqual(['effect']);
  });

  it('refuses a pinned runbook that was changed after the run started', async () => {
    const file = await box.runbook('one-write', oneWrite());
    const first = await runIncident({ runbookFile: file, inputs: { file: box.effects }, kitHome: box.kitHome, env: box.env });
    await fs.appendFile(`${first.incidentDir}/runbook.yaml`, '# edited\n');
    await expect(resumeIncident({ incidentId: first.incidentId, kitHome: box.kitHome, env: box.env })).rejects.toThrow(ValidationError);
  });

  it('refuses a journal that was tampered with', async () => {
    const file = await box.runbook('one-write', oneWrite());
    const first = await runIncident({ runbookFile: file, inputs: { file: box.effects }, kitHome: box.kitHome, env: box.env });
    const journal = `${first.incidentDir}/journal.jsonl`;
    await fs.writeFile(journal, (await fs.readFile(journal, 'utf8')).replace('starting', 'STARTING'));
    await expect(resumeIncident({ incidentId: first.incidentId, kitHome: box.kitHome, env: box.env })).rejects.toThrow(/does not verify/);
  });
});

describe('lock', () => {
  it('refuses a second resume while a run holds the incident', async () => {
    const file = await box.runbook('one-write', oneWrite({ delayMs: 5000 }));
    const controller = new AbortController();
    let incidentId = '';
    let second: Promise<unknown> | undefined;
    const first = runIncident({
      runbookFile: file, inputs: { file: box.effects }, kitHome: box.kitHome, yes: true, env: box.env, signal: controller.signal,
      onEvent: (e) => {
        incidentId = e.incidentId;
        if (e.event === 'step.started' && !second) {
          second = resumeIncident({ incidentId, kitHome: box.kitHome, env: box.env }).then(
            () => 'resumed',
            (error: unknown) => error,
          ).finally(() => controller.abort());
        }
      },
    });
    await expect(first).resolves.toMatchObject({ status: 'interrupted' });
    expect(await second).toBeInstanceOf(LockedError);
  });

  it('takes over a stale lock left by a dead process, and journals it', async () => {
    const file = await box.runbook('one-write', oneWrite());
    const first = await runIncident({ runbookFile: file, inputs: { file: box.effects }, kitHome: box.kitHome, env: box.env });
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    await fs.writeFile(`${first.incidentDir}/lock`, JSON.stringify({ pid: dead, host: (await import('node:os')).hostname(), startedAt: '2026-01-01T00:00:00.000Z' }));
    const resumed = await resumeIncident({ incidentId: first.incidentId, kitHome: box.kitHome, env: box.env, yes: true });
    expect(resumed.status).toBe('succeeded');
    const notes = recordsOf(await journalOf(first.incidentDir), 'note').map((r) => r.data.message);
    expect(notes).toContainEqual(expect.stringContaining(`took over the lock of kit process ${dead}`));
    await expect(fs.stat(`${first.incidentDir}/lock`)).rejects.toThrow();
  });

  it('refuses a lock held on another host', async () => {
    const file = await box.runbook('one-write', oneWrite());
    const first = await runIncident({ runbookFile: file, inputs: { file: box.effects }, kitHome: box.kitHome, env: box.env });
    await fs.writeFile(`${first.incidentDir}/lock`, JSON.stringify({ pid: 1, host: 'elsewhere.invalid', startedAt: '2026-01-01T00:00:00.000Z' }));
    await expect(resumeIncident({ incidentId: first.incidentId, kitHome: box.kitHome, env: box.env })).rejects.toThrow(LockedError);
  });
});
