// Journals how a step ended, in the shapes of journal-types.ts, and says what it means for the
// run. Every outcome is fsync'd before the run moves on.
import { ActionError, type ActionDefinition } from '../actions/types.js';
import { isKitError } from '../errors.js';
import { redact } from '../secrets/redact.js';
import { evaluateCondition } from '../runbook/expressions.js';
import { instanceRef, type PlannedStep } from './plan.js';
import type { RunSession } from './session.js';

export type StepResult =
  | { kind: 'succeeded'; outputs: Record<string, unknown>; reconciled?: boolean }
  | { kind: 'planned'; summary: string }
  | { kind: 'failed'; message: string; continueOnError: boolean }
  | { kind: 'skipped'; reason: string }
  | { kind: 'interrupted' };

export interface FailureInfo {
  attempt: number;
  willRetry: boolean;
  retryable: boolean;
  startedAt: number;
}

/** A plan's summary as a sentence about what would happen: actions usually start it with "would" themselves. */
export function wouldText(summary: string): string {
  return /^would\b/i.test(summary.trim()) ? summary.trim() : `would ${summary}`;
}

export function errorMessage(error: unknown): string {
  return redact(error instanceof Error ? error.message : String(error));
}

function errorHint(error: unknown): string | undefined {
  if (error instanceof ActionError || isKitError(error)) return error.hint ? redact(error.hint) : undefined;
  return undefined;
}

/** The step's `continue-on-error`: a literal, or an expression evaluated now. A broken expression means no. */
export function continuesOnError(session: RunSession, step: PlannedStep): boolean {
  const value = step.spec['continue-on-error'];
  if (typeof value === 'boolean') return value;
  try {
    return evaluateCondition(value, session.contexts(step));
  } catch {
    return false;
  }
}

export async function recordFailure(session: RunSession, step: PlannedStep, action: ActionDefinition, error: unknown, info: FailureInfo): Promise<StepResult> {
  const continueOnError = !info.willRetry && continuesOnError(session, step);
  const message = errorMessage(error);
  await session.journal.append('step.failed', {
    stepId: step.id,
    uses: step.uses,
    effect: action.effect,
    attempt: info.attempt,
    error: { message, name: error instanceof Error ? error.name : 'Error', retryable: info.retryable, hint: errorHint(error) },
    willRetry: info.willRetry,
    continueOnError,
    durationMs: Date.now() - info.startedAt,
    ...instanceRef(step),
  });
  return { kind: 'failed', message, continueOnError };
}

export async function recordSucceeded(session: RunSession, step: PlannedStep, action: ActionDefinition, outputs: unknown, startedAt: number, reconciled?: boolean): Promise<StepResult> {
  const normalized = normalizeOutputs(outputs);
  await session.journal.append('step.succeeded', { stepId: step.id, uses: step.uses, effect: action.effect, outputs: normalized, durationMs: Date.now() - startedAt, reconciled, ...instanceRef(step) });
  // What later steps see is what the journal holds (redacted), so a resumed run sees the same.
  return { kind: 'succeeded', outputs: session.step(step.id).outputs, reconciled };
}

export async function recordSkipped(session: RunSession, step: PlannedStep, reason: string): Promise<void> {
  await session.journal.append('step.skipped', { stepId: step.id, uses: step.uses, reason, ...instanceRef(step) });
}

function normalizeOutputs(outputs: unknown): Record<string, unknown> {
  if (outputs === undefined || outputs === null) return {};
  if (typeof outputs === 'object' && !Array.isArray(outputs)) return outputs as Record<string, unknown>;
  return { value: outputs };
}
