// Before a group of steps starts: for each step, whether it is already done (a resumed run),
// skipped (its `if` is false, or an earlier step failed and it is not an `always` step),
// refused (approval denied), or to be run. Approvals are settled here, one step after the
// other, so parallel steps never prompt at the same time. 'stop' means the run waits for approval.
import { ActionError } from '../actions/types.js';
import { InterruptedError } from '../errors.js';
import type { Prompter } from '../actions/types.js';
import { ensureApproval } from './approval.js';
import type { PlannedStep, StepGroup } from './plan.js';
import { TERMINAL } from './replay.js';
import { evaluateCondition } from '../runbook/expressions.js';
import type { RunSession } from './session.js';
import { errorMessage, recordFailure, recordSkipped } from './step-outcome.js';

export type StepDecision =
  | { step: PlannedStep; kind: 'run' }
  | { step: PlannedStep; kind: 'done'; status: string }
  | { step: PlannedStep; kind: 'skipped'; reason: string }
  | { step: PlannedStep; kind: 'failed'; message: string };

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
  const action = session.action(step.uses);
  const fail = async (error: unknown): Promise<StepDecision> => {
    const result = await recordFailure(session, step, action, error, { attempt: state.attempts, willRetry: false, retryable: false, startedAt: Date.now() });
    return { step, kind: 'failed', message: result.kind === 'failed' ? result.message : errorMessage(error) };
  };
  let runIt: boolean;
  try {
    runIt = evaluateCondition(step.spec.if, session.contexts());
  } catch (error) {
    return fail(new ActionError(`step ${step.id}: cannot evaluate \`if\`: ${errorMessage(error)}`));
  }
  if (!runIt) {
    const reason = `condition is false: ${String(step.spec.if)}`;
    await recordSkipped(session, step, reason);
    return { step, kind: 'skipped', reason };
  }
  let approval;
  try {
    approval = await ensureApproval(session, step, prompter);
  } catch (error) {
    if (error instanceof InterruptedError) {
      session.interrupt();
      return 'stop';
    }
    return fail(error);
  }
  if (approval === 'waiting') return 'stop';
  if (approval === 'denied') return fail(new ActionError(`step ${step.id} was not approved by the operator`, { hint: 'Later steps are skipped, except `always` ones; the run ends as failed.' }));
  return { step, kind: 'run' };
}
