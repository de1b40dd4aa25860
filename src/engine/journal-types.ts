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
  'step.started': { stepId: string; title?: string; uses: string; effect: string; attempt: number; input: Record<string, unknown> };
  /** Dry run: a write or notify step's plan instead of its effect. */
  'step.planned': { stepId: string; uses: string; effect: string; summary: string; outputs: Record<string, unknown> };
  'step.succeeded': { stepId: string; uses: string; effect: string; outputs: Record<string, unknown>; durationMs: number; reconciled?: boolean };
  'step.failed': {
    stepId: string;
    uses: string;
    effect: string;
    attempt: number;
    error: { message: string; name: string; retryable: boolean; hint?: string };
    willRetry: boolean;
    continueOnError: boolean;
    durationMs: number;
  };
  'step.skipped': { stepId: string; uses: string; reason: string };
  'step.reconciling': { stepId: string; uses: string };
  'step.reconciled': { stepId: string; uses: string; done: boolean; note: string };
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
