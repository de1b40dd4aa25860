// The journal record format. `journal.jsonl` is append-only, one JSON record per line, each
// carrying the SHA-256 of the previous record (a hash chain). The report, `kit resume` and
// `kit journal verify` read nothing else, so this file is the contract between them.

export type RunMode = 'live' | 'dry-run';

export interface JournalRecord<T extends JournalRecordType = JournalRecordType> {
  /** 1, 2, 3, ... with no gaps. */
  seq: number;
  /** ISO 8601 UTC with milliseconds. */
  time: string;
  type: T;
  mode: RunMode;
  data: JournalData[T];
  /** `hash` of the previous record; 64 zeros for the first. */
  prev: string;
  /** SHA-256 hex of the canonical JSON of {seq, time, type, mode, data, prev}. */
  hash: string;
}

export type StepStatus = 'succeeded' | 'failed' | 'skipped' | 'planned';

/**
 * On the records of one instance of a `for-each` step, whose `stepId` is the instance id
 * (`revoke[binance/main]`): the step it belongs to and the item's key.
 */
export interface InstanceRef {
  step: string;
  key: string;
}

export interface JournalData {
  'run.started': {
    incidentId: string;
    runbook: string;
    runbookTitle?: string;
    runbookSha256: string;
    /** Resolved inputs, secret inputs masked. */
    inputs: Record<string, unknown>;
    dryRun: boolean;
    user: string;
    host: string;
    kitVersion: string;
    /** Non-secret settings (drill, target). */
    settings?: Record<string, unknown>;
  };
  'run.resumed': { user: string; pid: number };
  /**
   * A `for-each` step's list, evaluated once when its turn comes (a resume uses this, not a new
   * evaluation). Its instances are journaled as steps of their own, then the step itself ends
   * with the collected outputs ({ items, outcomes, count, succeeded, failed, skipped }).
   */
  'step.expanded': { stepId: string; uses: string; items: Array<{ key: string; item: unknown }> };
  'step.started': { stepId: string; title?: string; uses: string; effect: string; attempt: number; input: Record<string, unknown>; instance?: InstanceRef };
  /** Dry run: a write or notify step's plan instead of its effect. */
  'step.planned': { stepId: string; uses: string; effect: string; summary: string; outputs: Record<string, unknown>; instance?: InstanceRef };
  'step.succeeded': { stepId: string; uses: string; effect: string; outputs: Record<string, unknown>; durationMs: number; reconciled?: boolean; instance?: InstanceRef };
  'step.failed': {
    stepId: string;
    uses: string;
    effect: string;
    attempt: number;
    error: { message: string; name: string; retryable: boolean; hint?: string };
    willRetry: boolean;
    continueOnError: boolean;
    durationMs: number;
    instance?: InstanceRef;
    /** A for-each step whose instances did not all succeed: what the others output. */
    outputs?: Record<string, unknown>;
  };
  'step.skipped': { stepId: string; uses: string; reason: string; instance?: InstanceRef };
  'step.reconciling': { stepId: string; uses: string; instance?: InstanceRef };
  'step.reconciled': { stepId: string; uses: string; done: boolean; note: string; instance?: InstanceRef };
  'approval.requested': { stepId: string; reason: string };
  /** via `plan`: the operator approved every step at once by confirming the shown plan (`kit incident`). */
  'approval.granted': { stepId: string; user: string; via: 'prompt' | 'yes-flag' | 'kit-approve' | 'plan' };
  'approval.denied': { stepId: string; user: string };
  'evidence.written': { stepId?: string; path: string; sha256: string; bytes: number };
  note: { stepId?: string; message: string; level?: 'info' | 'warn' };
  'run.waiting-approval': { stepId: string; resumeCommand: string };
  'run.interrupted': { reason: string; resumeCommand: string };
  'run.finished': { status: 'succeeded' | 'failed'; failedSteps: string[]; durationMs: number };
}

export type JournalRecordType = keyof JournalData;
