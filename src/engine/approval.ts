// Approval before a destructive step: asked once per step (`approval: true`, or a write effect
// unless `approval: false`), never in a dry run. --yes grants it, and so does a plan the operator
// approved as a whole (`kit incident`); otherwise a person at a terminal is asked; with nobody
// to ask the run stops in state waiting-approval, to be continued with `kit approve` and
// `kit resume`. Every decision is journaled with who and when.
import type { Prompter } from '../actions/types.js';
import { currentOsUser } from '../audit/os-user.js';
import type { PlannedStep } from './plan.js';
import type { RunSession } from './session.js';

export type ApprovalDecision = 'granted' | 'denied' | 'waiting';

/** Who approves, runs or resumes: the same cached lookup the audit log names. */
export const osUser = currentOsUser;

export function approveCommand(incidentId: string, stepId: string): string {
  return `kit approve ${incidentId} ${stepId}`;
}

function reasonFor(step: PlannedStep): string {
  const what = step.description && step.description !== step.title ? `: ${step.description}` : '';
  return step.spec.approval ? `the runbook asks for approval before this step${what}` : `this step changes your account (${step.effect})${what}`;
}

export async function ensureApproval(session: RunSession, step: PlannedStep, prompter: Prompter): Promise<ApprovalDecision> {
  if (session.dryRun || !step.needsApproval) return 'granted';
  const state = session.step(step.id);
  if (state.approved) return 'granted';
  const { journal, incident, options } = session;
  if (options.yes) {
    await journal.append('approval.granted', { stepId: step.id, user: osUser(), via: 'yes-flag' });
    return 'granted';
  }
  if (options.planApproved) {
    await journal.append('approval.granted', { stepId: step.id, user: osUser(), via: 'plan' });
    return 'granted';
  }
  const reason = reasonFor(step);
  await journal.append('approval.requested', { stepId: step.id, reason });
  if (!prompter.interactive) {
    session.stopReason = { kind: 'waiting-approval', stepId: step.id };
    await journal.append('run.waiting-approval', { stepId: step.id, resumeCommand: `${approveCommand(incident.id, step.id)} && ${session.resumeCommand()}` });
    return 'waiting';
  }
  const yes = await prompter.confirm(`${session.modeTag} Run step "${step.title}" (${step.uses})? ${reason}`, { default: false });
  if (yes) {
    await journal.append('approval.granted', { stepId: step.id, user: osUser(), via: 'prompt' });
    return 'granted';
  }
  await journal.append('approval.denied', { stepId: step.id, user: osUser() });
  return 'denied';
}
