// Before a group of steps starts: for each step, whether it is already done (a resumed run),
// skipped (its `if` is false, or an earlier step failed and it is not an `always` step),
// refused (approval denied), or to be run. Approvals are settled here, one step after the
// other, so parallel steps never prompt at the same time. 'stop' means the run waits for approval.
// A for-each step is decided item by item (./for-each.ts), with one approval for the step.
import { ActionError } from '../actions/types.js';
import { InterruptedError } from '../errors.js';
import type { Prompter } from '../actions/types.js';
import { ensureApproval } from './approval.js';
import { decideForEach, type ForEachDecision } from './for-each.js';
import type { PlannedStep, StepGroup } from './plan.js';
import { TERMINAL } from './replay.js';
import { evaluateCondition } from '../runbook/expressions.js';
import type { RunSession } from './session.js';
import { errorMessage, recordFailure, recordSkipped } from './step-outcome.js';

export type StepDecision =
  | { step: PlannedStep; kind: 'run' }
  | { step: PlannedStep; kind: 'done'; status: string }
  | { step: PlannedStep; kind: 'skipped'; reason: string }
  | { step: PlannedStep; kind: 'failed'; message: string }
  | ForEachDecision;

export async function prepareGroup(session: RunSession, group: StepGroup, prompter: Prompter): Promise<StepDecision[] | 'stop'> {
  const decisions: StepDecision[] = [];
  for (const step of group.steps) {
    const decision = await decide(session, step, prompter);
    if (decision === 'stop') return 'stop';
    decisions.push(decision);
  }
  return decisions;
}

async function decide(session: RunSession, step: PlannedStep, prompter: Prompter): Promise<StepDecision | 'stop'> {
  const state = session.step(step.id);
  if (TERMINAL.has(state.status)) return { step, kind: 'done', status: state.status };
  if (session.failing && !step.always) {
    const reason = 'an earlier step failed';
    await recordSkipped(session, step, reason);
    return { step, kind: 'skipped', reason };
  }
  if (step.forEach !== undefined) return decideForEach(session, step, prompter);
  const decision = await decideCondition(session, step);
  return decision.kind === 'run' ? settleApproval(session, step, prompter) : decision;
}

async function failStep(session: RunSession, step: PlannedStep, error: unknown): Promise<StepDecision> {
  const action = session.action(step.uses);
  const result = await recordFailure(session, step, action, error, { attempt: session.step(step.id).attempts, willRetry: false, retryable: false, startedAt: Date.now() });
  return { step, kind: 'failed', message: result.kind === 'failed' ? result.message : errorMessage(error) };
}

/** Done already (from the journal), skipped by its `if`, or to run. For a step or a for-each instance. */
export async function decideCondition(session: RunSession, step: PlannedStep): Promise<StepDecision> {
  const state = session.step(step.id);
  if (TERMINAL.has(state.status)) return { step, kind: 'done', status: state.status };
  let runIt: boolean;
  try {
    runIt = evaluateCondition(step.spec.if, session.contexts(step));
  } catch (error) {
    return failStep(session, step, new ActionError(`step ${step.id}: cannot evaluate \`if\`: ${errorMessage(error)}`));
  }
  if (runIt) return { step, kind: 'run' };
  const reason = `condition is false: ${String(step.spec.if)}`;
  await recordSkipped(session, step, reason);
  return { step, kind: 'skipped', reason };
}

/** The step's approval (asked once, journaled): run it, refuse it, or stop to wait. */
export async function settleApproval(session: RunSession, step: PlannedStep, prompter: Prompter): Promise<StepDecision | 'stop'> {
  let approval;
  try {
    approval = await ensureApproval(session, step, prompter);
  } catch (error) {
    if (error instanceof InterruptedError) {
      session.interrupt();
      return 'stop';
    }
    return failStep(session, step, error);
  }
  if (approval === 'waiting') return 'stop';
  if (approval === 'denied') return failStep(session, step, new ActionError(`step ${step.id} was not approved by the operator`, { hint: 'Later steps are skipped, except `always` ones; the run ends as failed.' }));
  return { step, kind: 'run' };
}
