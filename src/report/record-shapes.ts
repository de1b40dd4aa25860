// The least each journal record must hold for the report to read it. A journal can be damaged or
// edited (the chain check says so); a record that lacks these fields is left out with a note
// instead of breaking the whole report.
import { z } from 'zod';
import type { JournalRecord } from '../engine/journal-types.js';

const step = { stepId: z.string() };
const stepUses = { ...step, uses: z.string() };
const shapes: Partial<Record<JournalRecord['type'], z.ZodType>> = {
  'run.started': z.object({ incidentId: z.string(), runbook: z.string(), inputs: z.record(z.string(), z.unknown()), dryRun: z.boolean() }),
  'run.resumed': z.object({ user: z.string() }),
  'step.started': z.object({ ...stepUses, effect: z.string(), attempt: z.number(), input: z.record(z.string(), z.unknown()) }),
  'step.planned': z.object({ ...stepUses, summary: z.string(), outputs: z.record(z.string(), z.unknown()) }),
  'step.succeeded': z.object({ ...stepUses, outputs: z.record(z.string(), z.unknown()) }),
  'step.failed': z.object({ ...stepUses, attempt: z.number(), error: z.object({ message: z.string() }), willRetry: z.boolean(), continueOnError: z.boolean() }),
  'step.skipped': z.object({ ...stepUses, reason: z.string() }),
  'step.reconciled': z.object({ ...stepUses, done: z.boolean(), note: z.string() }),
  'approval.requested': z.object({ ...step, reason: z.string() }),
  'approval.granted': z.object({ ...step, user: z.string() }),
  'approval.denied': z.object({ ...step, user: z.string() }),
  'evidence.written': z.object({ path: z.string(), sha256: z.string(), bytes: z.number() }),
  note: z.object({ message: z.string() }),
  'run.waiting-approval': z.object({ ...step }),
  'run.interrupted': z.object({ reason: z.string() }),
  'run.finished': z.object({ status: z.enum(['succeeded', 'failed']), failedSteps: z.array(z.string()) }),
};

export function readableRecords(records: readonly JournalRecord[]): { records: JournalRecord[]; notes: string[] } {
  const kept: JournalRecord[] = [];
  const notes: string[] = [];
  for (const record of records) {
    const shape = shapes[record.type];
    if (!shape || shape.safeParse(record.data).success) kept.push(record);
    else notes.push(`Journal record seq ${record.seq} (${record.type}) lacks fields the report needs; it was left out.`);
  }
  return { records: kept, notes };
}
