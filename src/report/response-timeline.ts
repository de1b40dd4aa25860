// The response as a UTC timeline: one line per journal event a person cares about.
import type { JournalRecord } from '../engine/journal-types.js';
import { outputsText } from './steps.js';
import type { TimelineEvent } from './schema.js';

type Describe = (record: JournalRecord) => { stepId?: string; text: string } | undefined;
const d = <T extends JournalRecord['type']>(record: JournalRecord) => (record as unknown as JournalRecord<T>).data;

const describers: Partial<Record<JournalRecord['type'], Describe>> = {
  'run.started': (r) => {
    const x = d<'run.started'>(r);
    return { text: `${x.dryRun ? 'Dry run' : 'Run'} of runbook ${x.runbook} started by ${x.user}@${x.host} (kit ${x.kitVersion})` };
  },
  'run.resumed': (r) => ({ text: `Run resumed by ${d<'run.resumed'>(r).user}` }),
  'step.started': (r) => {
    const x = d<'step.started'>(r);
    return { stepId: x.stepId, text: `${x.attempt > 1 ? `Attempt ${x.attempt} of` : 'Started'} ${x.stepId} (${x.uses})` };
  },
  'step.succeeded': (r) => {
    const x = d<'step.succeeded'>(r);
    return { stepId: x.stepId, text: `${x.stepId} succeeded${x.reconciled ? ' (reconciled)' : ''}: ${outputsText(x.outputs)}` };
  },
  'step.planned': (r) => {
    const x = d<'step.planned'>(r);
    return { stepId: x.stepId, text: `${x.stepId} planned (dry run, not done): ${x.summary}` };
  },
  'step.failed': (r) => {
    const x = d<'step.failed'>(r);
    const next = x.willRetry ? 'will retry' : x.continueOnError ? 'run continues (continue-on-error)' : 'step failed';
    return { stepId: x.stepId, text: `${x.stepId} attempt ${x.attempt} failed: ${x.error.message} — ${next}` };
  },
  'step.skipped': (r) => {
    const x = d<'step.skipped'>(r);
    return { stepId: x.stepId, text: `${x.stepId} skipped: ${x.reason}` };
  },
  'step.reconciled': (r) => {
    const x = d<'step.reconciled'>(r);
    return { stepId: x.stepId, text: `${x.stepId} reconciled after a crash (${x.done ? 'already done' : 'not done'}): ${x.note}` };
  },
  'approval.requested': (r) => ({ stepId: d<'approval.requested'>(r).stepId, text: `Approval requested for ${d<'approval.requested'>(r).stepId}: ${d<'approval.requested'>(r).reason}` }),
  'approval.granted': (r) => ({ stepId: d<'approval.granted'>(r).stepId, text: `${d<'approval.granted'>(r).stepId} approved by ${d<'approval.granted'>(r).user} (${d<'approval.granted'>(r).via})` }),
  'approval.denied': (r) => ({ stepId: d<'approval.denied'>(r).stepId, text: `${d<'approval.denied'>(r).stepId} denied by ${d<'approval.denied'>(r).user}` }),
  'evidence.written': (r) => ({ stepId: d<'evidence.written'>(r).stepId, text: `Evidence saved: ${d<'evidence.written'>(r).path}` }),
  note: (r) => (d<'note'>(r).level === 'warn' ? { stepId: d<'note'>(r).stepId, text: `Warning: ${d<'note'>(r).message}` } : undefined),
  'run.waiting-approval': (r) => ({ stepId: d<'run.waiting-approval'>(r).stepId, text: `Run paused for approval of ${d<'run.waiting-approval'>(r).stepId}` }),
  'run.interrupted': (r) => ({ text: `Run interrupted: ${d<'run.interrupted'>(r).reason}` }),
  'run.finished': (r) => {
    const x = d<'run.finished'>(r);
    return { text: `Run finished: ${x.status}${x.failedSteps.length ? ` (failed steps: ${x.failedSteps.join(', ')})` : ''}` };
  },
};

export function responseTimeline(records: readonly JournalRecord[]): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  for (const record of records) {
    const described = describers[record.type]?.(record);
    if (described) events.push({ time: record.time, kind: record.type, stepId: described.stepId ?? null, text: described.text });
  }
  return events;
}
