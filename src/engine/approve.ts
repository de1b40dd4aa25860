// `kit approve <incident> <step>`: records, in the journal, that a person approved a step the
// run is waiting for (or will reach). `kit resume` then runs it without asking.
import { UsageError } from '../errors.js';
import { loadActionModules } from './action-modules.js';
import { osUser } from './approval.js';
import { loadPinnedRunbook, reopenIncident } from './reopen.js';
import { TERMINAL } from './replay.js';

export interface ApproveResult {
  incidentId: string;
  stepId: string;
  user: string;
  /** False when the step had been approved already (nothing was journaled). */
  recorded: boolean;
  /** True when the run was stopped waiting for exactly this step. */
  wasWaiting: boolean;
  resumeCommand: string;
}

export async function approveStep(kitHome: string, incidentId: string, stepId: string, env: NodeJS.ProcessEnv = process.env): Promise<ApproveResult> {
  // The pinned runbook is checked like any runbook, so the actions it uses must be known.
  await loadActionModules(env);
  const reopened = await reopenIncident(kitHome, incidentId);
  const { incident, lock, replay } = reopened;
  try {
    const loaded = await loadPinnedRunbook(incident, replay);
    const ids = loaded.runbook.steps.map((s) => s.id);
    if (!ids.includes(stepId)) {
      throw new UsageError(`incident ${incidentId} has no step "${stepId}"`, { hint: `Its steps are: ${ids.join(', ')}.` });
    }
    if (replay.finished) throw new UsageError(`incident ${incidentId} has finished (${replay.finished.status}); there is nothing to approve`);
    const state = replay.steps.get(stepId);
    if (state && TERMINAL.has(state.status)) throw new UsageError(`step ${stepId} of incident ${incidentId} has already ${state.status}; there is nothing to approve`);
    const user = osUser();
    const base = { incidentId, stepId, user, wasWaiting: replay.waitingFor === stepId, resumeCommand: `kit resume ${incidentId}` };
    if (state?.approved) return { ...base, recorded: false };
    const journal = await reopened.openJournal();
    try {
      await journal.append('approval.granted', { stepId, user, via: 'kit-approve' });
    } finally {
      await journal.close();
    }
    return { ...base, recorded: true };
  } finally {
    await lock.release();
  }
}
