import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runIncident, verifyJournal } from '../../src/engine/index.js';
import type { RunEvent } from '../../src/engine/index.js';
import { journalOf, readLines, recordsOf, sandbox, type Sandbox } from './helpers.js';

let box: Sandbox;
beforeEach(async () => (box = await sandbox()));
afterEach(async () => box.cleanup());

const writes = (n: number, extra = '') => `version: 1
name: writes
inputs:
  file: { type: string, required: true }
steps:
${Array.from({ length: n }, (_, i) => `  - id: w${i + 1}
    uses: test.record-effect
    with: { file: "\${{ inputs.file }}", key: "effect-${i + 1}" }${extra}`).join('\n')}
`;

describe('run', () => {
  it('runs write steps once each under --yes, journals approvals with the OS user, and the journal verifies', async () => {
    const events: RunEvent[] = [];
    const file = await box.runbook('writes', writes(3));
    const result = await runIncident({ runbookFile: file, inputs: { file: box.effects }, kitHome: box.kitHome, yes: true, env: box.env, onEvent: (e) => events.push(e) });
    expect(result.status).toBe('succeeded');
    expect(result.incidentId).toMatch(/^\d{8}T\d{4}Z-writes-[0-9a-f]{4}$/);
    expect(await readLines(box.effects)).toEqual(['effect-1', 'effect-2', 'effect-3']);
    const records = await journalOf(result.incidentDir);
    expect(records[0].type).toBe('run.started');
    expect(records.at(-1)?.type).toBe('run.finished');
    expect(recordsOf(records, 'approval.granted').map((r) => r.data.via)).toEqual(['yes-flag', 'yes-flag', 'yes-flag']);
    expect(recordsOf(records, 'approval.granted')[0].data.user).toBeTruthy();
    expect(events.map((e) => e.seq)).toEqual(records.map((r) => r.seq));
    expect(events.every((e) => e.mode === 'live')).toBe(true);
    expect((await verifyJournal(`${result.incidentDir}/journal.jsonl`)).ok).toBe(true);
  });
});

describe('dry run', () => {
  it('plans write and notify steps without running them, feeds plan outputs forward, and stamps the mode', async () => {
    const events: RunEvent[] = [];
    const file = await box.runbook('dry', `version: 1
name: dry
inputs:
  file: { type: string, required: true }
steps:
  - id: look
    uses: test.echo
    with: { values: { orders: 7 } }
  - id: cancel
    uses: test.record-effect
    with: { file: "\${{ inputs.file }}", key: "cancel-\${{ steps.look.outputs.orders }}" }
  - id: tell
    uses: test.notify
    if: \${{ steps.cancel.outputs.key == 'cancel-7' }}
    with: { file: "\${{ inputs.file }}", message: "cancelled" }
`);
    const result = await runIncident({ runbookFile: file, inputs: { file: box.effects }, kitHome: box.kitHome, dryRun: true, env: box.env, onEvent: (e) => events.push(e) });
    expect(result.status).toBe('succeeded');
    expect(result.mode).toBe('dry-run');
    expect(await readLines(box.effects)).toEqual([]);
    expect(result.planned).toEqual([
      { stepId: 'cancel', summary: 'record effect cancel-7 in effects.txt' },
      { stepId: 'tell', summary: 'send "cancelled"' },
    ]);
    const records = await journalOf(result.incidentDir);
    expect(records.every((r) => r.mode === 'dry-run')).toBe(true);
    expect(events.every((e) => e.mode === 'dry-run')).toBe(true);
    expect(recordsOf(records, 'step.succeeded').map((r) => r.data.stepId)).toEqual(['look']);
    expect(recordsOf(records, 'approval.requested')).toEqual([]);
  });
});

describe('conditions, failures and always', () => {
  it('skips a step whose `if` is false and exposes outcomes and outputs', async () => {
    const file = await box.runbook('cond', `version: 1
name: cond
steps:
  - id: a
    uses: test.echo
    with: { values: { method: manual } }
  - id: b
    uses: test.echo
    if: \${{ steps.a.outputs.method == 'api' }}
  - id: c
    uses: test.echo
    if: \${{ steps.b.outcome == 'skipped' && steps.a.outcome == 'success' }}
    with: { values: { saw: "\${{ steps.a.outputs.method }}" } }
`);
    const result = await runIncident({ runbookFile: file, kitHome: box.kitHome, env: box.env });
    const records = await journalOf(result.incidentDir);
    expect(recordsOf(records, 'step.skipped').map((r) => [r.data.stepId, r.data.reason])).toEqual([['b', "condition is false: ${{ steps.a.outputs.method == 'api' }}"]]);
    expect(recordsOf(records, 'step.succeeded').find((r) => r.data.stepId === 'c')?.data.outputs).toEqual({ saw: 'manual' });
  });

  it('goes on after a continue-on-error failure, skips the rest after a real one, runs always-steps, and stays failed', async () => {
    const file = await box.runbook('fail', `version: 1
name: fail
inputs:
  file: { type: string, required: true }
steps:
  - id: soft
    uses: test.fail
    continue-on-error: true
  - id: after-soft
    uses: test.echo
  - id: hard
    uses: test.fail
    with: { message: "exchange said no" }
  - id: skipped-later
    uses: test.echo
  - id: notify
    uses: test.notify
    always: true
    with: { file: "\${{ inputs.file }}", message: "run ended" }
`);
    const result = await runIncident({ runbookFile: file, inputs: { file: box.effects }, kitHome: box.kitHome, env: box.env });
    expect(result.status).toBe('failed');
    expect(result.failedSteps).toEqual(['hard']);
    expect(await readLines(box.effects)).toEqual(['notify: run ended']);
    const records = await journalOf(result.incidentDir);
    expect(recordsOf(records, 'step.succeeded').map((r) => r.data.stepId)).toEqual(['after-soft', 'notify']);
    expect(recordsOf(records, 'step.skipped').map((r) => [r.data.stepId, r.data.reason])).toEqual([['skipped-later', 'an earlier step failed']]);
    expect(recordsOf(records, 'run.finished')[0].data).toMatchObject({ status: 'failed', failedSteps: ['hard'] });
  });
});

describe('retries and timeouts', () => {
  const flaky = (failTimes: number, retryable: boolean) => `version: 1
name: flaky
inputs:
  counter: { type: string, required: true }
steps:
  - id: read
    uses: test.flaky
    retry: { attempts: 3, delay: 10ms, backoff: exponential }
    with: { counterFile: "\${{ inputs.counter }}", failTimes: ${failTimes}, retryable: ${retryable} }
`;

  it('retries an error the action marks retryable, with backoff, until it succeeds', async () => {
    const counter = `${box.root}/counter`;
    const result = await runIncident({ runbookFile: await box.runbook('flaky', flaky(2, true)), inputs: { counter }, kitHome: box.kitHome, env: box.env });
    expect(result.status).toBe('succeeded');
    const records = await journalOf(result.incidentDir);
    expect(recordsOf(records, 'step.failed').map((r) => [r.data.attempt, r.data.willRetry])).toEqual([[1, true], [2, true]]);
    expect(recordsOf(records, 'step.succeeded')[0].data.outputs).toEqual({ calls: 3 });
  });

  it('does not retry an error that is not retryable', async () => {
    const counter = `${box.root}/counter`;
    const result = await runIncident({ runbookFile: await box.runbook('flaky', flaky(1, false)), inputs: { counter }, kitHome: box.kitHome, env: box.env });
    expect(result.status).toBe('failed');
    expect(await readLines(counter)).toEqual(['call 1']);
  });

  it('gives up after the last attempt', async () => {
    const counter = `${box.root}/counter`;
    const result = await runIncident({ runbookFile: await box.runbook('flaky', flaky(5, true)), inputs: { counter }, kitHome: box.kitHome, env: box.env });
    expect(result.status).toBe('failed');
    expect(await readLines(counter)).toHaveLength(3);
  });

  it('times a step out: the action sees the abort, and a step that ignores it still fails at the timeout', async () => {
    const mark = `${box.root}/aborted`;
    const file = await box.runbook('hang', `version: 1
name: hang
steps:
  - id: polite
    uses: test.hang
    timeout: 50ms
    continue-on-error: true
    with: { honourSignal: true, markFile: "${mark}" }
  - id: deaf
    uses: test.hang
    timeout: 50ms
    with: { honourSignal: false }
`);
    const result = await runIncident({ runbookFile: file, kitHome: box.kitHome, env: box.env });
    expect(result.status).toBe('failed');
    expect(await readLines(mark)).toEqual(['aborted']);
    const failures = recordsOf(await journalOf(result.incidentDir), 'step.failed');
    expect(failures.map((r) => [r.data.stepId, r.data.error.name, r.data.error.message])).toEqual([
      ['polite', 'StepTimeoutError', 'step polite timed out after 50ms'],
      ['deaf', 'StepTimeoutError', 'step deaf timed out after 50ms'],
    ]);
  });
});
