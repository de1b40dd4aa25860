// Every step of the run and what became of it, folded from the journal records in order:
// started -> (failed and retried)* -> succeeded | failed | planned | skipped, with approvals.
import type { JournalRecord } from '../engine/journal-types.js';
import { valueText } from './format.js';
import type { StepRow } from './schema.js';

type AnyRecord = JournalRecord;
const data = <T extends JournalRecord['type']>(record: AnyRecord, _type: T) => (record as unknown as JournalRecord<T>).data;

const FOR_EACH_KEYS = ['count', 'failed', 'items', 'outcomes', 'skipped', 'succeeded'];

/** The collected outputs of a for-each step, as one line: each item's outputs have a row of their own. */
function forEachText(outputs: Record<string, unknown>): string | undefined {
  if (Object.keys(outputs).sort().join() !== FOR_EACH_KEYS.join() || typeof outputs.count !== 'number') return undefined;
  const { count, succeeded, failed, skipped } = outputs as Record<string, number>;
  const parts = [`${succeeded} succeeded`, ...(failed > 0 ? [`${failed} failed`] : []), ...(skipped > 0 ? [`${skipped} skipped`] : [])];
  return `${count} item${count === 1 ? '' : 's'} (${Object.keys(outputs.outcomes as object).join(', ')}): ${parts.join(', ')}`;
}

export function outputsText(outputs: Record<string, unknown> | undefined): string {
  const collected = outputs ? forEachText(outputs) : undefined;
  if (collected) return collected;
  const entries = Object.entries(outputs ?? {});
  if (entries.length === 0) return 'done';
  return entries.map(([key, value]) => `${key}: ${valueText(value, 80)}`).join('; ');
}

/** `runOpen`: the run has not finished, so a step without an outcome is still running. */
export function foldSteps(records: readonly AnyRecord[], runOpen = false): StepRow[] {
  const steps = new Map<string, StepRow & { startMs?: number }>();
  const row = (stepId: string, uses = '', effect = ''): StepRow & { startMs?: number } => {
    let entry = steps.get(stepId);
    if (!entry) {
      entry = {
        id: stepId, title: null, uses, effect, status: 'running', attempts: 0, startedAt: null, finishedAt: null, durationMs: null,
        result: '', error: null, continueOnError: false, planned: false, reconciled: false, approval: null,
      };
      steps.set(stepId, entry);
    }
    if (uses && !entry.uses) entry.uses = uses;
    if (effect && !entry.effect) entry.effect = effect;
    return entry;
  };
  const finish = (entry: StepRow & { startMs?: number }, time: string, durationMs?: number): void => {
    entry.finishedAt = time;
    entry.durationMs = durationMs ?? (entry.startMs !== undefined ? Date.parse(time) - entry.startMs : null);
  };
  for (const record of records) {
    switch (record.type) {
      case 'step.expanded': {
        // A for-each step's turn came: its row starts here; its items get rows of their own.
        const d = data(record, 'step.expanded');
        const entry = row(d.stepId, d.uses);
        entry.startedAt ??= record.time;
        entry.startMs ??= Date.parse(record.time);
        break;
      }
      case 'step.started': {
        const d = data(record, 'step.started');
        const entry = row(d.stepId, d.uses, d.effect);
        entry.title = d.title ?? entry.title;
        entry.attempts = Math.max(entry.attempts + 1, d.attempt);
        entry.status = 'running';
        if (!entry.startedAt) {
          entry.startedAt = record.time;
          entry.startMs = Date.parse(record.time);
        }
        break;
      }
      case 'step.succeeded': {
        const d = data(record, 'step.succeeded');
        const entry = row(d.stepId, d.uses, d.effect);
        Object.assign(entry, { status: 'succeeded', result: outputsText(d.outputs), error: null, reconciled: Boolean(d.reconciled) });
        finish(entry, record.time);
        break;
      }
      case 'step.planned': {
        const d = data(record, 'step.planned');
        const entry = row(d.stepId, d.uses, d.effect);
        Object.assign(entry, { status: 'planned', planned: true, result: d.summary });
        finish(entry, record.time);
        break;
      }
      case 'step.failed': {
        const d = data(record, 'step.failed');
        const entry = row(d.stepId, d.uses, d.effect);
        entry.error = d.error.hint ? `${d.error.message} (${d.error.hint})` : d.error.message;
        entry.continueOnError = d.continueOnError;
        if (!d.willRetry) {
          entry.status = 'failed';
          entry.result = d.continueOnError ? `failed; the run continued (continue-on-error): ${entry.error}` : `failed: ${entry.error}`;
          finish(entry, record.time);
        } else {
          entry.result = `attempt ${d.attempt} failed (${d.error.message}); retrying`;
        }
        break;
      }
      case 'step.skipped': {
        const d = data(record, 'step.skipped');
        const entry = row(d.stepId, d.uses);
        Object.assign(entry, { status: 'skipped', result: `skipped: ${d.reason}` });
        finish(entry, record.time, 0);
        break;
      }
      case 'step.reconciled': {
        const d = data(record, 'step.reconciled');
        const entry = row(d.stepId, d.uses);
        entry.reconciled = true;
        entry.result = `reconciled after a crash: ${d.note}`;
        if (d.done) {
          entry.status = 'succeeded';
          finish(entry, record.time);
        }
        break;
      }
      case 'approval.requested': {
        const d = data(record, 'approval.requested');
        const entry = row(d.stepId);
        entry.status = 'waiting-approval';
        entry.approval = `requested: ${d.reason}`;
        break;
      }
      case 'approval.granted': {
        const d = data(record, 'approval.granted');
        const entry = row(d.stepId);
        if (entry.status === 'waiting-approval') entry.status = 'running';
        entry.approval = `approved by ${d.user} (${d.via}) at ${record.time}`;
        break;
      }
      case 'approval.denied': {
        const d = data(record, 'approval.denied');
        const entry = row(d.stepId);
        Object.assign(entry, { status: 'denied', approval: `denied by ${d.user} at ${record.time}`, result: 'not run: approval denied' });
        finish(entry, record.time, 0);
        break;
      }
      default:
        break;
    }
  }
  return [...steps.values()].map(({ startMs: _startMs, ...rest }) => ({ ...rest, result: rest.result || (rest.status !== 'running' ? '' : runOpen ? 'in progress when this report was written' : 'did not finish (the run stopped during this step)') }));
}
