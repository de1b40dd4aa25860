// On resume, before anything else: the steps the journal shows as started and not finished
// (a crash, a kill, an interrupt). A write is reconciled against the world and re-run only if it
// did not happen; a notification with no way to check may be sent twice, and the journal says
// so; reads and local steps simply run again.
import { instancesOf } from './for-each.js';
import type { PlannedStep } from './plan.js';
import type { RunSession } from './session.js';
import type { StepUi } from './step-context.js';
import { reconcileStep, resolveOrFail } from './step-executor.js';
import type { StepResult } from './step-outcome.js';

/** Steps (and instances of for-each steps) that started and did not finish. */
export function inDoubtSteps(session: RunSession): PlannedStep[] {
  const steps = session.plan.steps.flatMap((step) => (step.forEach !== undefined ? instancesOf(session, step) : [step]));
  return steps.filter((step) => {
    const status = session.step(step.id).status;
    return status === 'started' || status === 'retry-pending';
  });
}

export async function settleInDoubt(session: RunSession, step: PlannedStep, ui: StepUi): Promise<StepResult | 'run-again'> {
  const action = session.action(step.uses);
  if (action.effect === 'write' || (action.effect === 'notify' && action.reconcile)) {
    const input = await resolveOrFail(session, step, action);
    if ('failed' in input) return input.failed;
    const seen = await reconcileStep(session, step, action, input.resolved, ui);
    return seen === 'not-done' ? 'run-again' : seen;
  }
  if (action.effect === 'notify') {
    await session.journal.append('note', { stepId: step.id, level: 'warn', message: `step ${step.id} was cut short and cannot check whether its notification went out; it is sent again` });
  }
  return 'run-again';
}
