// What `kit runbook show` says about a runbook: its inputs, and for each step in order its
// action and effect, its condition, retry, timeout and approval, and what a dry run would do.
// Pure: the registry supplies each action's effect and describe().
import { getAction } from '../actions/registry.js';
import type { Effect } from '../actions/types.js';
import type { InputSpec, Runbook, StepSpec } from './schema.js';

export interface InputDescription {
  name: string;
  type: InputSpec['type'];
  required: boolean;
  default?: unknown;
  options?: string[];
  description?: string;
}

export interface StepDescription {
  /** 1-based position in the run. */
  number: number;
  id: string;
  title?: string;
  uses: string;
  effect?: Effect;
  /** The action's own one-line description. */
  action?: string;
  /** What this step does, from the action's describe() and the step's `with`, when it says. */
  does?: string;
  condition?: string;
  always: boolean;
  continueOnError: boolean | string;
  retry?: string;
  timeout?: string;
  parallel?: string;
  /** For a for-each step: what it runs over, e.g. "each item of ${{ inputs.accounts }}, all at once". */
  forEach?: string;
  /** Why a live run asks before this step, if it does. */
  approval?: string;
  /** What a dry run does with this step. */
  dryRun: string;
}

export interface RunbookDescription {
  name: string;
  title?: string;
  description?: string;
  inputs: InputDescription[];
  steps: StepDescription[];
}

const DRY_RUN_BY_EFFECT: Record<Effect, (what: string | undefined) => string> = {
  read: () => 'runs for real (read)',
  local: () => 'runs for real (local)',
  write: (what) => `planned only: ${what ?? 'the write is described, not done'}`,
  notify: (what) => `planned only: ${what ?? 'the message is rendered, not sent'}`,
};

function describeAction(step: StepSpec): string | undefined {
  const action = getAction(step.uses);
  if (!action?.describe) return undefined;
  try {
    return action.describe(step.with as Record<string, unknown>);
  } catch {
    return undefined; // describe() is a courtesy; a runbook is still shown without it
  }
}

function describeRetry(step: StepSpec): string | undefined {
  if (!step.retry) return undefined;
  const { attempts, delay, backoff } = step.retry;
  const growth = typeof backoff === 'number' ? `delay x${backoff} each time` : `${backoff} backoff`;
  return `${attempts} attempts, ${delay} delay, ${growth} (only for failures the action marks retryable)`;
}

function describeForEach(list: NonNullable<StepSpec['for-each']>): string {
  const what = typeof list === 'string' ? list.trim() : `[${list.map((item) => (typeof item === 'object' ? JSON.stringify(item) : String(item))).join(', ')}]`;
  return `once per item of ${what}, every item at the same time`;
}

function approvalOf(step: StepSpec, effect: Effect | undefined): string | undefined {
  if (step.approval === true) return 'asks before running (approval: true)';
  if (effect === 'write') return 'asks before running (a write: it changes something)';
  return undefined;
}

function describeStep(step: StepSpec, index: number): StepDescription {
  const action = getAction(step.uses);
  const effect = action?.effect;
  const what = describeAction(step);
  const approval = approvalOf(step, effect);
  let dryRun = effect ? DRY_RUN_BY_EFFECT[effect](what) : 'unknown action';
  // A read or local step runs for real in a dry run too, so its approval still applies there.
  if (step.approval === true && (effect === 'read' || effect === 'local')) dryRun = `asks for approval, then ${dryRun}`;
  return {
    number: index + 1,
    id: step.id,
    ...(step.title ? { title: step.title } : {}),
    uses: step.uses,
    ...(effect ? { effect } : {}),
    ...(action ? { action: action.description } : {}),
    ...(what ? { does: what } : {}),
    ...(step.if !== undefined ? { condition: String(step.if) } : {}),
    always: step.always,
    continueOnError: step['continue-on-error'],
    ...(step.retry ? { retry: describeRetry(step) } : {}),
    ...(step.timeout ? { timeout: step.timeout } : {}),
    ...(step.parallel ? { parallel: step.parallel } : {}),
    ...(step['for-each'] !== undefined ? { forEach: describeForEach(step['for-each']) } : {}),
    ...(approval ? { approval } : {}),
    dryRun,
  };
}

export function describeRunbook(runbook: Runbook): RunbookDescription {
  return {
    name: runbook.name,
    ...(runbook.title ? { title: runbook.title } : {}),
    ...(runbook.description ? { description: runbook.description } : {}),
    inputs: Object.entries(runbook.inputs).map(([name, spec]) => ({
      name,
      type: spec.type,
      required: spec.required,
      ...(spec.default !== undefined ? { default: spec.default } : {}),
      ...(spec.options ? { options: spec.options } : {}),
      ...(spec.description ? { description: spec.description } : {}),
    })),
    steps: runbook.steps.map(describeStep),
  };
}
