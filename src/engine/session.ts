// One run (or resume) of an incident in memory: the plan, the journal, and the state of every
// step, which is folded from the journal's own records as they are written (./replay.ts), so
// what the run believes is always what the journal says.
import type { ActionDefinition, Prompter } from '../actions/types.js';
import { InternalError, type KitError } from '../errors.js';
import { kitEnv, type ExpressionContexts, type StepState } from '../runbook/expressions.js';
import type { IncidentPaths } from './incident.js';
import type { PromptQueue } from './prompter.js';
import type { Journal } from './journal.js';
import type { EngineOptions } from './options.js';
import type { ActionLookup, ExecutionPlan, PlannedStep } from './plan.js';
import { RunScopeStore } from './run-scope.js';
import { applyRecord, emptyStep, failedSteps, type ReplayedRun, type ReplayedStep } from './replay.js';

export interface RunInfo {
  id: string;
  dryRun: boolean;
  startedAt: string;
}

export type StopReason =
  | { kind: 'waiting-approval'; stepId: string }
  | { kind: 'interrupted' }
  /** The exchange (or another service) did not answer a step's last attempt: resume when it does. */
  | { kind: 'unavailable'; error: KitError };

export class RunSession {
  stopReason?: StopReason;
  readonly planned: Array<{ stepId: string; summary: string }> = [];
  /** Write steps reconciled as "not done" in this process: their next attempt need not look again. */
  readonly reconciledThisRun = new Set<string>();
  /** Prompts of steps running side by side wait here for their turn. */
  readonly promptQueue: PromptQueue = { tail: Promise.resolve() };
  /** What the steps of this run share (ActionContext.runScope), dropped when the run ends. */
  readonly runScope = new RunScopeStore();
  private readonly env: Record<string, string>;

  constructor(
    readonly incident: IncidentPaths,
    readonly journal: Journal,
    readonly plan: ExecutionPlan,
    readonly run: RunInfo,
    readonly options: EngineOptions,
    readonly prompter: Prompter,
    readonly state: ReplayedRun,
    private readonly lookup: ActionLookup,
  ) {
    this.env = kitEnv(options.env ?? process.env);
    journal.onRecord((record) => applyRecord(state, record));
  }

  get dryRun(): boolean {
    return this.run.dryRun;
  }

  get modeTag(): string {
    return this.dryRun ? '[dry-run]' : '[live]';
  }

  /** Ctrl-C, the caller's abort, or a disk that refused a write: the run stops, resumable. */
  get interrupted(): boolean {
    return this.stopReason?.kind === 'interrupted' || Boolean(this.options.signal?.aborted) || this.journal.storageFailure !== undefined;
  }

  get stopped(): boolean {
    return this.stopReason !== undefined || this.interrupted;
  }

  interrupt(): void {
    this.stopReason ??= { kind: 'interrupted' };
  }

  stopForUnavailable(error: KitError): void {
    this.stopReason ??= { kind: 'unavailable', error };
  }

  /** Why the run was interrupted, for the journal: the caller's abort reason, or Ctrl-C at a prompt. */
  interruptReason(): string {
    const storage = this.journal.storageFailure;
    if (storage) return `stopped: ${storage.message}`;
    const reason: unknown = this.options.signal?.aborted ? this.options.signal.reason : undefined;
    if (reason instanceof Error) return reason.message;
    return typeof reason === 'string' ? reason : 'interrupted by the operator (Ctrl-C)';
  }

  action(uses: string): ActionDefinition {
    const action = this.lookup(uses);
    if (!action) throw new InternalError(`action ${uses} disappeared from the registry`);
    return action;
  }

  step(id: string): ReplayedStep {
    return this.state.steps.get(id) ?? emptyStep();
  }

  /** Whether a step that must not continue-on-error failed: the run is failing. */
  get failing(): boolean {
    return failedSteps(this.state).length > 0;
  }

  /** What expressions see; for an instance of a for-each step, `item` too. Instances are not steps of their own here. */
  contexts(step?: PlannedStep): ExpressionContexts {
    const steps: Record<string, StepState> = {};
    for (const [id, s] of this.state.steps) {
      if (s.instanceOf !== undefined) continue;
      if (s.status === 'succeeded' || s.status === 'planned') steps[id] = { outputs: s.outputs, outcome: 'success' };
      else if (s.status === 'failed') steps[id] = { outputs: s.outputs, outcome: 'failure' };
      else if (s.status === 'skipped') steps[id] = { outputs: {}, outcome: 'skipped' };
    }
    return { inputs: { ...this.plan.inputs }, steps, run: { ...this.run }, env: this.env, ...(step?.instance ? { item: step.instance.item } : {}) };
  }

  resumeCommand(): string {
    return `kit resume ${this.incident.id}`;
  }
}
