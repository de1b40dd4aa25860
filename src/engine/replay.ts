// Replays a journal into the state of a run: what each step did (and its outputs), which steps
// were approved, whether the run finished, waits for approval, was interrupted or crashed.
// `kit resume`, `kit approve` and `kit incidents` all read the journal through this.
import type { JournalData, JournalRecord, RunMode } from './journal-types.js';

export type ReplayedStepStatus =
  | 'pending'
  /** Started and not finished: a crash or an interrupt; a write here is reconciled before anything else. */
  | 'started'
  /** Failed with a retry due, which never started. */
  | 'retry-pending'
  | 'succeeded'
  | 'failed'
  | 'skipped'
  | 'planned';

export interface ReplayedStep {
  status: ReplayedStepStatus;
  outputs: Record<string, unknown>;
  /** Attempts started so far. */
  attempts: number;
  /** Attempts that failed so far (the retry budget counts these, not crashes). */
  failures: number;
  approved: boolean;
  denied: boolean;
  /** For a failed step: whether the run went on regardless. */
  continueOnError: boolean;
  reconciled: boolean;
  error?: string;
  /** For an instance of a for-each step: that step's id. */
  instanceOf?: string;
}

export type IncidentState = 'not-started' | 'running' | 'crashed' | 'waiting-approval' | 'interrupted' | 'succeeded' | 'failed';

export interface ReplayedRun {
  started?: JournalData['run.started'];
  mode?: RunMode;
  startedAt?: string;
  /** Steps and for-each instances, by (instance) id. */
  steps: Map<string, ReplayedStep>;
  /** The list of each for-each step whose turn has come, as journaled then. */
  expansions: Map<string, Array<{ key: string; item: unknown }>>;
  finished?: JournalData['run.finished'];
  /** The step the run stopped at to wait for approval, if that is how it last stopped. */
  waitingFor?: string;
  interrupted: boolean;
  lastTime?: string;
}

export const TERMINAL: ReadonlySet<ReplayedStepStatus> = new Set(['succeeded', 'failed', 'skipped', 'planned']);

export function emptyStep(): ReplayedStep {
  return { status: 'pending', outputs: {}, attempts: 0, failures: 0, approved: false, denied: false, continueOnError: false, reconciled: false };
}

export function emptyRun(): ReplayedRun {
  return { steps: new Map(), expansions: new Map(), interrupted: false };
}

export function replayJournal(records: readonly JournalRecord[]): ReplayedRun {
  const run = emptyRun();
  for (const record of records) applyRecord(run, record);
  return run;
}

/** Folds one record into the state. A live run applies each record as it is journaled, so its
 * state in memory is always exactly what a later replay of the journal will rebuild. */
export function applyRecord(run: ReplayedRun, record: JournalRecord): void {
  const step = (id: string): ReplayedStep => {
    let s = run.steps.get(id);
    if (!s) run.steps.set(id, (s = emptyStep()));
    return s;
  };
  run.lastTime = record.time;
  const r = record as JournalRecord<any>;
  if (record.type.startsWith('step.') && r.data?.instance && typeof r.data.stepId === 'string') step(r.data.stepId).instanceOf = String(r.data.instance.step);
  switch (record.type) {
    case 'run.started':
      run.started = r.data;
      run.mode = record.mode;
      run.startedAt = record.time;
      break;
    case 'run.resumed':
      run.waitingFor = undefined;
      run.interrupted = false;
      break;
    case 'run.waiting-approval':
      run.waitingFor = r.data.stepId;
      break;
    case 'run.interrupted':
      run.interrupted = true;
      break;
    case 'run.finished':
      run.finished = r.data;
      break;
    case 'step.expanded':
      run.expansions.set(r.data.stepId, r.data.items);
      break;
    case 'step.started': {
      const s = step(r.data.stepId);
      s.status = 'started';
      s.attempts = Math.max(s.attempts, r.data.attempt);
      break;
    }
    case 'step.failed': {
      const s = step(r.data.stepId);
      s.failures++;
      s.status = r.data.willRetry ? 'retry-pending' : 'failed';
      s.continueOnError = r.data.continueOnError;
      s.error = r.data.error.message;
      if (r.data.outputs) s.outputs = r.data.outputs;
      break;
    }
    case 'step.succeeded':
    case 'step.planned':
      Object.assign(step(r.data.stepId), { status: record.type === 'step.succeeded' ? 'succeeded' : 'planned', outputs: r.data.outputs ?? {}, reconciled: Boolean(r.data.reconciled) });
      break;
    case 'step.skipped':
      step(r.data.stepId).status = 'skipped';
      break;
    case 'approval.granted':
      Object.assign(step(r.data.stepId), { approved: true, denied: false });
      break;
    case 'approval.denied':
      Object.assign(step(r.data.stepId), { approved: false, denied: true });
      break;
    default:
      break;
  }
}

/** Failed steps that make the run fail (continue-on-error ones do not). A failed for-each
 * instance counts through its step, which fails when one of its instances does. */
export function failedSteps(run: ReplayedRun): string[] {
  return [...run.steps.entries()].filter(([, s]) => s.status === 'failed' && !s.continueOnError && s.instanceOf === undefined).map(([id]) => id);
}

export function incidentState(run: ReplayedRun, lockHeldByLiveProcess: boolean): IncidentState {
  if (!run.started) return 'not-started';
  if (run.finished) return run.finished.status;
  if (lockHeldByLiveProcess) return 'running';
  if (run.waitingFor) return 'waiting-approval';
  if (run.interrupted) return 'interrupted';
  return 'crashed';
}
