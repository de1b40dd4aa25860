// `for-each`: one instance per item, all at the same time, each journaled as a step of its own
// (`<step>[<key>]`), `item` in with/if/title, collected outputs, failure semantics, dry run,
// one approval for the step, and resume after an interrupt or a SIGKILL in the middle of the fan-out.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { approveStep, resumeIncident, runIncident, verifyJournal } from '../../src/engine/index.js';
import { expandList, itemKey } from '../../src/engine/for-each.js';
import { kit, startKit } from './cli-helpers.js';
import { journalOf, readLines, recordsOf, sandbox, type Sandbox } from './helpers.js';

let box: Sandbox;
beforeEach(async () => (box = await sandbox()));
afterEach(async () => box.cleanup());

const run = (file: string, inputs: Record<string, string | string[]>, extra: Partial<Parameters<typeof runIncident>[0]> = {}) =>
  runIncident({ runbookFile: file, inputs, kitHome: box.kitHome, yes: true, env: box.env, ...extra });

describe('item keys', () => {
  it('uses the item when a string or number, else its key or id, else its index', () => {
    expect(itemKey('binance/main', 3)).toBe('binance/main');
    expect(itemKey(7, 0)).toBe('7');
    expect(itemKey({ key: 'k', id: 'i' }, 1)).toBe('k');
    expect(itemKey({ id: 'i' }, 1)).toBe('i');
    expect(itemKey({ name: 'n' }, 1)).toBe('1');
    expect(itemKey('', 2)).toBe('2');
  });

  it('runs a repeated item once, refuses two items with one key, and reads null as no items', () => {
    expect(expandList(['a', 'b', 'a'])).toEqual({ ok: true, entries: [{ key: 'a', item: 'a' }, { key: 'b', item: 'b' }], duplicates: ['a'] });
    expect(expandList([{ key: 'x', v: 1 }, { key: 'x', v: 2 }])).toMatchObject({ ok: false, problem: expect.stringContaining('"x"') });
    expect(expandList('a,b')).toMatchObject({ ok: false, problem: expect.stringContaining('needs a list') });
    expect(expandList(null)).toEqual({ ok: true, entries: [], duplicates: [] });
  });
});

const MEET = `version: 1
name: meet
inputs:
  dir: { type: string, required: true }
  people: { type: list, default: [alice, bob] }
steps:
  - id: meet
    title: "\${{ item }} meets the other"
    uses: test.rendezvous
    for-each: \${{ inputs.people }}
    timeout: 10s
    with: { dir: "\${{ inputs.dir }}", me: "\${{ item }}", other: "\${{ item == 'alice' && 'bob' || 'alice' }}" }
  - id: greet
    uses: test.echo
    for-each: \${{ inputs.people }}
    if: \${{ item != 'bob' }}
    with: { values: { says: "hello \${{ steps.meet.outputs.items[item].met }}" } }
  - id: summary
    uses: test.echo
    with: { values: { met: "\${{ steps.meet.outputs.count }}", greeted: "\${{ steps.greet.outputs.succeeded }}", alice: "\${{ steps.greet.outputs.items.alice.says }}", bob: "\${{ steps.greet.outputs.outcomes.bob }}" } }
`;

describe('for-each runs', () => {
  it('runs every item at the same time, journals each instance, and collects the outputs for later steps', async () => {
    const file = await box.runbook('meet', MEET);
    const result = await run(file, { dir: box.root });
    expect(result.status).toBe('succeeded');
    const records = await journalOf(result.incidentDir);
    expect(recordsOf(records, 'step.expanded').map((r) => r.data)).toEqual([
      { stepId: 'meet', uses: 'test.rendezvous', items: [{ key: 'alice', item: 'alice' }, { key: 'bob', item: 'bob' }] },
      { stepId: 'greet', uses: 'test.echo', items: [{ key: 'alice', item: 'alice' }, { key: 'bob', item: 'bob' }] },
    ]);
    const started = recordsOf(records, 'step.started');
    expect(started.filter((r) => r.data.instance?.step === 'meet').map((r) => [r.data.stepId, r.data.title, r.data.instance?.key])).toEqual([
      ['meet[alice]', 'alice meets the other', 'alice'],
      ['meet[bob]', 'bob meets the other', 'bob'],
    ]);
    const succeeded = recordsOf(records, 'step.succeeded');
    expect(succeeded.find((r) => r.data.stepId === 'meet')?.data.outputs).toEqual({
      items: { alice: { met: 'bob' }, bob: { met: 'alice' } }, outcomes: { alice: 'success', bob: 'success' }, count: 2, succeeded: 2, failed: 0, skipped: 0,
    });
    expect(recordsOf(records, 'step.skipped').map((r) => [r.data.stepId, r.data.instance?.step])).toEqual([['greet[bob]', 'greet']]);
    expect(succeeded.find((r) => r.data.stepId === 'summary')?.data.outputs).toEqual({ met: 2, greeted: 1, alice: 'hello bob', bob: 'skipped' });
    expect((await verifyJournal(path.join(result.incidentDir, 'journal.jsonl'))).ok).toBe(true);
  });

  it('fails the step when one item fails, after every other item ran; continue-on-error is judged item by item', async () => {
    const file = await box.runbook('fanout-fail', `version: 1
name: fanout-fail
inputs:
  file: { type: string, required: true }
  lenient: { type: boolean, default: false }
steps:
  - id: write
    uses: test.record-effect
    for-each: [a, b, c]
    with: { file: "\${{ inputs.file }}", key: "\${{ item }}", delayMs: "\${{ item == 'c' && 50 || 0 }}" }
  - id: check
    uses: test.fail
    for-each: [a, b]
    continue-on-error: \${{ inputs.lenient }}
    if: \${{ item == 'b' }}
    with: { message: "\${{ item }} is broken" }
  - id: after
    uses: test.echo
    with: { values: { outcome: "\${{ steps.check.outcome }}", written: "\${{ steps.write.outputs.succeeded }}" } }
  - id: report
    uses: test.echo
    always: true
    with: { values: { failed: "\${{ steps.check.outputs.failed }}" } }
`);
    const strict = await run(file, { file: box.effects });
    expect(strict.status).toBe('failed');
    expect(strict.failedSteps).toEqual(['check']);
    expect((await readLines(box.effects)).sort()).toEqual(['a', 'b', 'c']);
    let records = await journalOf(strict.incidentDir);
    const failed = recordsOf(records, 'step.failed');
    expect(failed.map((r) => r.data.stepId)).toEqual(['check[b]', 'check']);
    expect(failed[1].data).toMatchObject({ error: { message: '1 of 2 items failed: b: b is broken' }, continueOnError: false, outputs: { count: 2, failed: 1, skipped: 1, succeeded: 0 } });
    expect(recordsOf(records, 'step.skipped').find((r) => r.data.stepId === 'after')?.data.reason).toBe('an earlier step failed');
    expect(recordsOf(records, 'step.succeeded').find((r) => r.data.stepId === 'report')?.data.outputs).toEqual({ failed: 1 });
    expect(recordsOf(records, 'run.finished')[0].data.failedSteps).toEqual(['check']);

    const lenient = await run(file, { file: path.join(box.root, 'other'), lenient: 'true' });
    expect(lenient.status).toBe('succeeded');
    records = await journalOf(lenient.incidentDir);
    expect(recordsOf(records, 'step.succeeded').find((r) => r.data.stepId === 'after')?.data.outputs).toEqual({ outcome: 'failure', written: 3 });
  });

  it('a dry run plans every item and does nothing; the plans name each instance', async () => {
    const file = await box.runbook('fanout', FANOUT({}));
    const result = await run(file, { file: box.effects, items: ['a', 'b'] }, { dryRun: true });
    expect(result.status).toBe('succeeded');
    expect(await readLines(box.effects)).toEqual([]);
    expect(result.planned.map((p) => p.stepId).sort()).toEqual(['write[a]', 'write[b]']);
    const records = await journalOf(result.incidentDir);
    expect(recordsOf(records, 'step.planned').find((r) => r.data.stepId === 'write')?.data.outputs).toMatchObject({ count: 2, succeeded: 2, items: { a: { applied: false }, b: { applied: false } } });
    expect(records.every((r) => r.mode === 'dry-run')).toBe(true);
  });

  it('asks for approval once for the whole step; without --yes it waits, and kit approve <step> lets every item run', async () => {
    const file = await box.runbook('fanout', FANOUT({}));
    const first = await run(file, { file: box.effects, items: ['a', 'b'] }, { yes: false });
    expect(first.status).toBe('waiting-approval');
    expect(first.waitingFor?.stepId).toBe('write');
    expect(await readLines(box.effects)).toEqual([]);
    await approveStep(box.kitHome, first.incidentId, 'write');
    const done = await resumeIncident({ incidentId: first.incidentId, kitHome: box.kitHome, env: box.env });
    expect(done.status).toBe('succeeded');
    expect((await readLines(box.effects)).sort()).toEqual(['a', 'b']);
    const records = await journalOf(first.incidentDir);
    expect(recordsOf(records, 'approval.requested').map((r) => r.data.stepId)).toEqual(['write']);
    expect(recordsOf(records, 'step.expanded')).toHaveLength(1);
  });

  it('a for-each step in a parallel group runs beside the group\'s other steps', async () => {
    const file = await box.runbook('grouped', `version: 1
name: grouped
inputs:
  dir: { type: string, required: true }
steps:
  - id: each
    uses: test.rendezvous
    parallel: together
    for-each: [left]
    timeout: 10s
    with: { dir: "\${{ inputs.dir }}", me: "\${{ item }}", other: right }
  - id: single
    uses: test.rendezvous
    parallel: together
    timeout: 10s
    with: { dir: "\${{ inputs.dir }}", me: right, other: left }
`);
    const result = await run(file, { dir: box.root });
    expect(result.status).toBe('succeeded');
    const outputs = recordsOf(await journalOf(result.incidentDir), 'step.succeeded').map((r) => [r.data.stepId, r.data.outputs]);
    expect(outputs).toEqual(expect.arrayContaining([['each[left]', { met: 'right' }], ['single', { met: 'left' }]]));
  });

  it('a list that is not a list fails the step with a clear message', async () => {
    const file = await box.runbook('bad-list', `version: 1
name: bad-list
steps:
  - id: one
    uses: test.echo
    with: { values: { list: "a,b" } }
  - id: each
    uses: test.echo
    for-each: \${{ steps.one.outputs.list }}
    with: { values: { x: "\${{ item }}" } }
`);
    const result = await run(file, {});
    expect(result.status).toBe('failed');
    const failed = recordsOf(await journalOf(result.incidentDir), 'step.failed');
    expect(failed[0].data.error.message).toBe('step each: for-each needs a list, and it yielded the text "a,b"');
  });
});

function readLinesSync(file: string): string[] {
  try {
    return readFileSync(file, 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

/** Items write their own key; `slow` items take `slowMs` before (or after) writing. */
const FANOUT = (o: { slowMs?: number; slowAfterMs?: number }) => `version: 1
name: fanout
inputs:
  file: { type: string, required: true }
  items: { type: list, required: true }
steps:
  - id: write
    uses: test.record-effect
    for-each: \${{ inputs.items }}
    with: { file: "\${{ inputs.file }}", key: "\${{ item }}", delayMs: "\${{ startsWith(item, 'slow') && ${o.slowMs ?? 0} || 0 }}", delayAfterMs: "\${{ startsWith(item, 'slow') && ${o.slowAfterMs ?? 0} || 0 }}" }
  - id: after
    uses: test.echo
    with: { values: { count: "\${{ steps.write.outputs.count }}" } }
`;

describe('resume in the middle of a fan-out', () => {
  /** Interrupts once `doneId` succeeded (and, when asked, once these effects are on disk too). */
  async function interruptWhenDone(file: string, doneId: string, waitForEffects: string[] = []) {
    const controller = new AbortController();
    const effectsWritten = async (): Promise<void> => {
      // Under load the slow item's write can trail the fast item's journal record: wait for it.
      for (let i = 0; i < 500 && !waitForEffects.every((k) => readLinesSync(box.effects).includes(k)); i++) await new Promise((r) => setTimeout(r, 10));
    };
    return run(file, { file: box.effects, items: ['fast', 'slow'] }, {
      signal: controller.signal,
      onEvent: (e) => {
        if (e.event === 'step.succeeded' && e.data.stepId === doneId) void effectsWritten().then(() => controller.abort());
      },
    });
  }

  it('finished items are not run again; an item whose effect did not happen is reconciled and run once', async () => {
    const file = await box.runbook('fanout', FANOUT({ slowMs: 400 }));
    const first = await interruptWhenDone(file, 'write[fast]');
    expect(first.status).toBe('interrupted');
    expect(await readLines(box.effects)).toEqual(['fast']);
    const second = await resumeIncident({ incidentId: first.incidentId, kitHome: box.kitHome, env: box.env, yes: true });
    expect(second.status).toBe('succeeded');
    expect((await readLines(box.effects)).sort()).toEqual(['fast', 'slow']);
    const records = await journalOf(first.incidentDir);
    expect(recordsOf(records, 'step.started').filter((r) => r.data.instance).map((r) => `${r.data.stepId}#${r.data.attempt}`)).toEqual(['write[fast]#1', 'write[slow]#1', 'write[slow]#2']);
    expect(recordsOf(records, 'step.reconciled').map((r) => [r.data.stepId, r.data.done, r.data.instance])).toEqual([['write[slow]', false, { step: 'write', key: 'slow' }]]);
    expect(recordsOf(records, 'step.expanded')).toHaveLength(1);
    expect(recordsOf(records, 'step.succeeded').find((r) => r.data.stepId === 'after')?.data.outputs).toEqual({ count: 2 });
  });

  it('an item whose effect happened before the interrupt is reconciled as done, not repeated', async () => {
    const file = await box.runbook('fanout', FANOUT({ slowAfterMs: 5000 }));
    const first = await interruptWhenDone(file, 'write[fast]', ['slow']);
    expect(first.status).toBe('interrupted');
    // The slow item wrote its effect, then was cut short before it could say so.
    expect((await readLines(box.effects)).sort()).toEqual(['fast', 'slow']);
    const second = await resumeIncident({ incidentId: first.incidentId, kitHome: box.kitHome, env: box.env, yes: true });
    expect(second.status).toBe('succeeded');
    expect((await readLines(box.effects)).sort()).toEqual(['fast', 'slow']);
    const records = await journalOf(first.incidentDir);
    expect(recordsOf(records, 'step.succeeded').find((r) => r.data.stepId === 'write[slow]')?.data.reconciled).toBe(true);
    expect(recordsOf(records, 'step.succeeded').find((r) => r.data.stepId === 'write')?.data.outputs).toMatchObject({ count: 2, succeeded: 2 });
  });

  it('SIGKILL while one item is in flight: kit resume finishes the step, each effect exactly once, and the journal verifies', async () => {
    const file = await box.runbook('fanout', FANOUT({ slowMs: 1500 }));
    const env = { KIT_HOME: box.kitHome, ...box.env };
    const child = startKit(['run', file, '--yes', '--input', `file=${box.effects}`, '--input', 'items=fast,slow,slow2'], env);
    // Kill once the fast item is recorded as done while the slow ones are still waiting to write.
    for (;;) {
      const ids = await import('node:fs/promises').then((fs) => fs.readdir(path.join(box.kitHome, 'incidents')).catch(() => [] as string[]));
      const records = ids.length === 1 ? await journalOf(path.join(box.kitHome, 'incidents', ids[0])).catch(() => []) : [];
      if (records.some((r) => r.type === 'step.succeeded' && (r.data as { stepId: string }).stepId === 'write[fast]')) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    child.child.kill('SIGKILL');
    await child.done;
    expect(await readLines(box.effects)).toEqual(['fast']);
    const [id] = await import('node:fs/promises').then((fs) => fs.readdir(path.join(box.kitHome, 'incidents')));
    const resumed = await kit(['resume', id, '--yes'], env);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect((await readLines(box.effects)).sort()).toEqual(['fast', 'slow', 'slow2']);
    const dir = path.join(box.kitHome, 'incidents', id);
    const check = await verifyJournal(path.join(dir, 'journal.jsonl'));
    expect(check.problems).toEqual([]);
    const records = await journalOf(dir);
    expect(recordsOf(records, 'step.reconciled').map((r) => r.data.stepId).sort()).toEqual(['write[slow2]', 'write[slow]']);
    expect(recordsOf(records, 'run.finished')[0].data.status).toBe('succeeded');
  }, 30_000);
});
