import { describe, expect, it } from 'vitest';
import { getAction } from '../../src/actions/registry.js';
import { ActionError, type ActionContext, type OperatorStandIn, type Prompter } from '../../src/actions/types.js';
import { createNonInteractivePrompter, NoOperatorError } from '../../src/engine/prompter.js';
import { scriptedPrompter } from './helpers.js';

function context(options: { prompter?: Prompter; yes?: boolean; dryRun?: boolean; operator?: OperatorStandIn; signal?: AbortSignal } = {}): ActionContext & { logs: string[] } {
  const logs: string[] = [];
  const unused = (): never => {
    throw new Error('core actions write no evidence');
  };
  return {
    logs,
    incidentId: 'i',
    incidentDir: '/nonexistent',
    kitHome: '/nonexistent',
    dryRun: options.dryRun ?? false,
    yes: options.yes ?? false,
    signal: options.signal ?? new AbortController().signal,
    stepId: 'step',
    run: { id: 'i', dryRun: options.dryRun ?? false, startedAt: '2026-01-01T00:00:00.000Z' },
    log: (m) => logs.push(m),
    evidence: { writeJson: unused, writeText: unused, pathOf: unused, record: unused },
    prompter: options.prompter ?? createNonInteractivePrompter(),
    operator: options.operator,
    settings: {},
  };
}

async function run(name: string, ctx: ActionContext, raw: unknown): Promise<Record<string, unknown>> {
  const action = getAction(name)!;
  return action.run(ctx, action.input.parse(raw));
}

describe('manual.confirm', () => {
  const input = { instructions: 'Delete the key on the exchange', url: 'https://example.invalid/api' };

  it('shows the instructions and waits until the operator says it is done', async () => {
    const prompter = scriptedPrompter(['not-yet', 'done']);
    const ctx = context({ prompter });
    const out = await run('manual.confirm', ctx, input);
    expect(out).toMatchObject({ confirmed: true, by: 'operator' });
    expect(prompter.asked).toHaveLength(2);
    expect(ctx.logs[0]).toContain('Delete the key on the exchange (https://example.invalid/api)');
  });

  it('fails when the operator cannot do it', async () => {
    await expect(run('manual.confirm', context({ prompter: scriptedPrompter(['cannot']) }), input)).rejects.toThrow(/could not do it/);
  });

  it('fails under --yes or with nobody to ask, unless the runbook allows auto-confirm', async () => {
    await expect(run('manual.confirm', context({ yes: true, prompter: scriptedPrompter([]) }), input)).rejects.toThrow(ActionError);
    await expect(run('manual.confirm', context(), input)).rejects.toThrow(/needs a person/);
    expect(await run('manual.confirm', context({ yes: true }), { ...input, 'auto-confirm': true })).toMatchObject({ by: 'auto-confirm' });
  });

  it('lets a drill stand-in perform it, passing on what it reports', async () => {
    const seen: Array<[string, Record<string, unknown>]> = [];
    const operator: OperatorStandIn = { perform: async (kind, details) => (seen.push([kind, details]), { deletedKey: 'abcd' }) };
    const out = await run('manual.confirm', context({ operator }), { ...input, kind: 'delete-key', details: { exchange: 'binance' } });
    expect(out).toMatchObject({ confirmed: true, by: 'stand-in', deletedKey: 'abcd' });
    expect(seen).toEqual([['delete-key', { exchange: 'binance', stepId: 'step', instructions: input.instructions }]]);
  });

  it('asks nobody in a dry run', async () => {
    const prompter = scriptedPrompter([]);
    const ctx = context({ dryRun: true, prompter });
    expect(await run('manual.confirm', ctx, input)).toMatchObject({ by: 'dry-run' });
    expect(prompter.asked).toEqual([]);
    expect(ctx.logs[0]).toMatch(/^would ask the operator to: Delete the key/);
  });
});

describe('manual.checklist', () => {
  const items = ['Change the password', 'Check 2FA', 'Remove withdrawal addresses'];

  it('collects ticks until every item is done', async () => {
    const prompter = scriptedPrompter([['Check 2FA'], 'again', ['Change the password', 'Remove withdrawal addresses']]);
    expect(await run('manual.checklist', context({ prompter }), { items })).toEqual({ done: items, pending: [], complete: true, by: 'operator' });
  });

  it('fails with the items left pending, unless pending items are allowed', async () => {
    await expect(run('manual.checklist', context({ prompter: scriptedPrompter([['Check 2FA'], 'stop']) }), { items })).rejects.toThrow(/2 checklist item\(s\) still pending: Change the password; Remove withdrawal addresses/);
    const ctx = context();
    const out = await run('manual.checklist', ctx, { items, 'allow-pending': true });
    expect(out).toMatchObject({ done: [], pending: items, complete: false });
    expect(ctx.logs).toEqual(items.map((i) => `pending: ${i}`));
    await expect(run('manual.checklist', context(), { items })).rejects.toThrow(/3 checklist item/);
  });
});

describe('wait and log.note', () => {
  it('wait ends at once when its signal aborts', async () => {
    const controller = new AbortController();
    const waiting = run('wait', context({ signal: controller.signal }), { duration: '10m' });
    controller.abort(new Error('timed out'));
    await expect(waiting).rejects.toThrow('timed out');
  });

  it('wait waits for real and a dry run does not', async () => {
    expect(await run('wait', context(), { duration: '20ms' })).toEqual({ waitedMs: 20 });
    expect(await run('wait', context({ dryRun: true }), { duration: '1h' })).toEqual({ waitedMs: 0 });
  });

  it('log.note writes its message', async () => {
    const ctx = context();
    await run('log.note', ctx, { message: 'careful', level: 'warn' });
    expect(ctx.logs).toEqual(['warning: careful']);
  });
});

describe('the non-interactive prompter', () => {
  it('never waits: every question fails at once and says what to do', async () => {
    const prompter = createNonInteractivePrompter();
    expect(prompter.interactive).toBe(false);
    await expect(prompter.confirm('Proceed?')).rejects.toThrow(NoOperatorError);
    await expect(prompter.select('Which?', [{ value: 'a' }])).rejects.toThrow(/nobody can answer/);
  });
});
