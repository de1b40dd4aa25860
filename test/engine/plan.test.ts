import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { planRun } from '../../src/engine/plan.js';
import type { ActionDefinition } from '../../src/actions/types.js';
import { runbookSpec } from '../../src/runbook/schema.js';
import { UsageError } from '../../src/errors.js';

const action = (name: string, effect: ActionDefinition['effect']): ActionDefinition => ({
  name,
  effect,
  description: `${name} description`,
  input: z.object({ account: z.string().optional() }),
  run: async () => ({}),
  describe: (i) => `${name} on ${i.account ?? '?'}`,
});
const registry = new Map([action('x.read', 'read'), action('x.write', 'write'), action('x.notify', 'notify'), action('x.local', 'local')].map((a) => [a.name, a]));
const lookup = (name: string) => registry.get(name);

const runbook = runbookSpec.parse({
  version: 1,
  name: 'p',
  steps: [
    { id: 'read', uses: 'x.read', with: { account: 'main' } },
    { id: 'a', uses: 'x.write', parallel: 'accounts', with: { account: 'a' } },
    { id: 'b', uses: 'x.write', parallel: 'accounts', with: { account: '${{ inputs.account }}' } },
    { id: 'c', uses: 'x.write', parallel: 'other' },
    { id: 'd', uses: 'x.write', parallel: 'accounts', approval: false },
    { id: 'notify', uses: 'x.notify', always: true },
    { id: 'note', uses: 'x.local', approval: true },
  ],
});

describe('plan', () => {
  const plan = planRun(runbook, { account: 'b' }, lookup);

  it('keeps the runbook order and takes each effect from the registry', () => {
    expect(plan.steps.map((s) => [s.id, s.effect])).toEqual([
      ['read', 'read'], ['a', 'write'], ['b', 'write'], ['c', 'write'], ['d', 'write'], ['notify', 'notify'], ['note', 'local'],
    ]);
  });

  it('groups only consecutive steps sharing a parallel group', () => {
    expect(plan.groups.map((g) => g.steps.map((s) => s.id))).toEqual([['read'], ['a', 'b'], ['c'], ['d'], ['notify'], ['note']]);
  });

  it('asks approval for every write (approval: false does not exempt one) and for approval: true', () => {
    expect(plan.steps.filter((s) => s.needsApproval).map((s) => s.id)).toEqual(['a', 'b', 'c', 'd', 'note']);
  });

  it('says what a dry run does with each step', () => {
    expect(plan.steps.map((s) => s.dryRun)).toEqual(['run', 'plan', 'plan', 'plan', 'plan', 'plan', 'run']);
  });

  it('describes steps from their literal inputs only', () => {
    expect(plan.steps[1].description).toBe('x.write on a');
    expect(plan.steps[2].description).toBe('x.write on ?');
  });

  it('is pure: the same input gives the same plan', () => {
    expect(planRun(runbook, { account: 'b' }, lookup)).toEqual(plan);
  });

  it('refuses an unknown action', () => {
    expect(() => planRun(runbook, {}, () => undefined)).toThrow(UsageError);
  });
});
