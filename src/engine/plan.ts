// The pure plan: a runbook and its resolved inputs in, the ordered steps out, each with its
// effect from the action registry, whether it needs approval, what a dry run does with it, and
// the parallel groups. No I/O, no clock: the run (./run.ts) and `kit runbook show` both use it.
import { UsageError } from '../errors.js';
import type { ActionDefinition, Effect } from '../actions/types.js';
import type { Runbook, StepSpec } from '../runbook/schema.js';
import type { InstanceRef } from './journal-types.js';

export type ActionLookup = (name: string) => ActionDefinition | undefined;

export interface PlannedStep {
  /** Position in the runbook, from 0. */
  index: number;
  id: string;
  title: string;
  uses: string;
  effect: Effect;
  /** Asked once before the step runs (live runs only): `approval: true`, or any write effect. */
  needsApproval: boolean;
  /** In a dry run: `run` (read and local actions run for real) or `plan` (write and notify are planned only). */
  dryRun: 'run' | 'plan';
  always: boolean;
  parallel?: string;
  /** What the step does, from the action's describe() over the step's literal `with` values. */
  description: string;
  spec: StepSpec;
  /** `for-each`: the step runs once per item of this list (evaluated when its turn comes). */
  forEach?: StepSpec['for-each'];
  /** Set on one instance of a for-each step (its `id` is then the instance id, `revoke[binance/main]`). */
  instance?: StepInstance;
}

export interface StepInstance {
  /** The for-each step's id. */
  of: string;
  /** The item's key: the item itself when a string or number, else its `key` or `id`, else its index. */
  key: string;
  index: number;
  item: unknown;
}

/** Consecutive steps sharing `parallel: <group>` run together; every other step is a group of one. */
export interface StepGroup {
  parallel?: string;
  steps: PlannedStep[];
}

export interface ExecutionPlan {
  runbook: Runbook;
  inputs: Readonly<Record<string, unknown>>;
  steps: PlannedStep[];
  groups: StepGroup[];
}

/** The `instance` field of an instance's journal records (nothing for an ordinary step). */
export function instanceRef(step: PlannedStep): { instance?: InstanceRef } {
  return step.instance ? { instance: { step: step.instance.of, key: step.instance.key } } : {};
}

/** A write always asks, whatever the runbook says: `approval: false` cannot wave a write through. */
export function needsApproval(spec: StepSpec, effect: Effect): boolean {
  return spec.approval === true || effect === 'write';
}

export function planRun(runbook: Runbook, inputs: Readonly<Record<string, unknown>>, lookup: ActionLookup): ExecutionPlan {
  const steps = runbook.steps.map((spec, index): PlannedStep => {
    const action = lookup(spec.uses);
    if (!action) {
      throw new UsageError(`step ${spec.id} uses unknown action ${spec.uses}`, { hint: 'Run `kit runbook lint` on the runbook; it lists the known actions.' });
    }
    return {
      index,
      id: spec.id,
      title: plannedTitle(spec),
      uses: spec.uses,
      effect: action.effect,
      needsApproval: needsApproval(spec, action.effect),
      dryRun: action.effect === 'write' || action.effect === 'notify' ? 'plan' : 'run',
      always: spec.always,
      parallel: spec.parallel,
      ...(spec['for-each'] !== undefined ? { forEach: spec['for-each'] } : {}),
      description: describeStep(action, spec),
      spec,
    };
  });
  return { runbook, inputs, steps, groups: groupSteps(steps) };
}

/**
 * The title shown before the run: a for-each step's title that names its `item`
 * ("Cancel orders on ${{ item }}") reads "Cancel orders on each item" until its list is known.
 */
function plannedTitle(spec: StepSpec): string {
  const title = spec.title ?? spec.id;
  if (spec['for-each'] === undefined || !EXPRESSION.test(title)) return title;
  return title.replace(/\$\{\{[\s\S]*?\}\}/g, 'each item');
}

export function groupSteps(steps: PlannedStep[]): StepGroup[] {
  const groups: StepGroup[] = [];
  for (const step of steps) {
    const last = groups.at(-1);
    if (step.parallel && last?.parallel === step.parallel) last.steps.push(step);
    else groups.push({ parallel: step.parallel, steps: [step] });
  }
  return groups;
}

const EXPRESSION = /\$\{\{/;

function describeStep(action: ActionDefinition, spec: StepSpec): string {
  if (!action.describe) return action.description;
  // Only literal values: expressions are not known before the run.
  const literal = Object.fromEntries(Object.entries(spec.with).filter(([, v]) => !(typeof v === 'string' && EXPRESSION.test(v))));
  try {
    return action.describe(literal);
  } catch {
    return action.description;
  }
}
