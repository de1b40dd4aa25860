// The action contract (DESIGN.md "Actions"). A runbook step's `uses` names an action in the
// registry; the engine validates the step's resolved `with` against `input`, then calls
// `run` (or `plan` in a dry run for write/notify effects), or `reconcile` after a crash.
import type { z } from 'zod';

export type Effect = 'read' | 'write' | 'notify' | 'local';

export interface EvidenceRecord {
  /** Path relative to the incident folder, e.g. `evidence/binance-main/trades.jsonl`. */
  path: string;
  sha256: string;
  bytes: number;
}

export interface EvidenceWriter {
  /** Writes (atomically) a file under evidence/ and journals its SHA-256. */
  writeJson(name: string, value: unknown): Promise<EvidenceRecord>;
  writeText(name: string, text: string): Promise<EvidenceRecord>;
  /** Absolute path of a file in evidence/ (for streaming writers). */
  pathOf(name: string): string;
  /** Journals the hash of a file already written under evidence/ (by a streaming writer). */
  record(name: string): Promise<EvidenceRecord>;
}

export interface Prompter {
  /** Whether a person can answer. */
  interactive: boolean;
  confirm(message: string, options?: { default?: boolean }): Promise<boolean>;
  input(message: string, options?: { default?: string; validate?: (v: string) => true | string }): Promise<string>;
  password(message: string, options?: { validate?: (v: string) => true | string }): Promise<string>;
  select<T extends string>(message: string, choices: Array<{ value: T; name?: string; description?: string }>, options?: { default?: T }): Promise<T>;
  /** `required`: at least one item must be ticked before the answer is taken. */
  checkbox<T extends string>(message: string, choices: Array<{ value: T; name?: string; checked?: boolean }>, options?: { required?: boolean }): Promise<T[]>;
}

/**
 * Something that plays the operator for manual steps in a drill (the simulator deletes a key
 * as the exchange's web page would, creates the replacement and hands it over).
 */
export interface OperatorStandIn {
  /** Returns true when it performed the manual step described by `kind` for the given target. */
  perform(kind: string, details: Record<string, unknown>): Promise<Record<string, unknown> | undefined>;
}

export interface ActionContext {
  incidentId: string;
  /** Absolute path of `$KIT_HOME/incidents/<id>/`. */
  incidentDir: string;
  kitHome: string;
  dryRun: boolean;
  /** --yes: proceed without asking. */
  yes: boolean;
  /** Aborted when the step times out or the operator interrupts. Long operations must honour it. */
  signal: AbortSignal;
  stepId: string;
  run: { id: string; dryRun: boolean; startedAt: string };
  /** A progress or log line for this step (shown in the task list, journaled as a note). */
  log(message: string): void;
  evidence: EvidenceWriter;
  prompter: Prompter;
  /** Present in drills: the simulator playing the operator. */
  operator?: OperatorStandIn;
  /** Run-wide settings from the caller (drill target, sim admin URL, ...). Never secret. */
  settings: Readonly<Record<string, unknown>>;
  /** What the steps of this run share (one exchange connection per account); absent outside a run. */
  runScope?: RunScope;
}

/** Values kept for the length of one run (or resume), shared by its steps, dropped when it ends. */
export interface RunScope {
  /**
   * The value kept under `key`, made by `create` the first time it is asked for. A promise that
   * rejects is not kept: the next caller makes a new one.
   */
  shared<T>(key: string, create: () => T): T;
}

export interface PlanResult<O> {
  /** Exactly what would happen, e.g. "would cancel 7 orders on binance/main: ...". */
  summary: string;
  /** Plausible outputs so that later steps can be planned too. */
  outputs: O;
}

export interface ReconcileResult<O> {
  /** True when the world shows the write already happened: the engine records it done. */
  done: boolean;
  outputs?: O;
  /** What was seen, for the journal. */
  note: string;
}

export interface ActionDefinition<I = any, O extends Record<string, unknown> = Record<string, unknown>> {
  /** The `uses` name, e.g. `exchange.cancel-all-orders`. */
  name: string;
  description: string;
  effect: Effect;
  /** Validates the resolved `with`. Mark secret fields with `secret()` from ./secret-field.js. */
  input: z.ZodType<I>;
  run(ctx: ActionContext, input: I): Promise<O>;
  /** Required for write and notify: what a dry run reports instead of acting. */
  plan?(ctx: ActionContext, input: I): Promise<PlanResult<O>>;
  /** Required for write: after a crash mid-step, look at the world before acting again. */
  reconcile?(ctx: ActionContext, input: I): Promise<ReconcileResult<O>>;
  /** Whether a failure may be retried (the step's `retry` applies only to these). Default: no. */
  retryable?(error: unknown): boolean;
  /** Lines for `kit runbook show`: what the step does. */
  describe?(input: Partial<I>): string;
  /**
   * Loads what the action will need (e.g. ccxt, a large module) while the run starts, so the
   * first step that needs it does not wait for it. Called once per run for every planned
   * action, concurrently, never awaited before the first step; failures are ignored here and
   * surface in run() instead.
   */
  warmup?(): Promise<unknown>;
}

/** Thrown by an action when it fails in a way the operator should read as-is. */
export class ActionError extends Error {
  readonly retryable: boolean;
  readonly hint?: string;
  constructor(message: string, options: { retryable?: boolean; hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ActionError';
    this.retryable = options.retryable ?? false;
    this.hint = options.hint;
  }
}
