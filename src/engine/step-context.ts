// Builds what an action sees (ActionContext) and the step's input: `with` evaluated against the
// run's contexts, validated by the action's schema, its secret fields registered with the
// redactor and masked by field for the journal.
import type { ActionContext, ActionDefinition, Prompter } from '../actions/types.js';
import { ActionError } from '../actions/types.js';
import { secretFieldsOf } from '../actions/secret-field.js';
import { registerSecret } from '../secrets/redact.js';
import { createEvidenceWriter } from './evidence.js';
import { evaluateValue } from '../runbook/expressions.js';
import type { PlannedStep } from './plan.js';
import type { RunSession } from './session.js';

export interface StepUi {
  prompter: Prompter;
  /** A progress line in the task list (also journaled as a note by ctx.log). */
  output(line: string): void;
}

export interface ResolvedInput {
  input: unknown;
  /** The input with secret fields masked: what the journal may hold. */
  journaled: Record<string, unknown>;
}

const MASK = '[REDACTED]';

export function resolveStepInput(session: RunSession, step: PlannedStep, action: ActionDefinition): ResolvedInput {
  let evaluated: unknown;
  try {
    evaluated = evaluateValue(step.spec.with, session.contexts(step));
  } catch (error) {
    throw new ActionError(`step ${step.id}: cannot evaluate \`with\`: ${(error as Error).message}`);
  }
  const parsed = action.input.safeParse(evaluated);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `with.${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ActionError(`step ${step.id}: invalid input for ${action.name}: ${issues}`, { hint: 'Check the step\'s `with` and the inputs given to the run.' });
  }
  const input = parsed.data as unknown;
  const secretFields = new Set(secretFieldsOf(action.input));
  const journaled: Record<string, unknown> = {};
  for (const [key, value] of Object.entries((input ?? {}) as Record<string, unknown>)) {
    if (secretFields.has(key)) {
      if (typeof value === 'string') registerSecret(value);
      journaled[key] = value === undefined || value === '' ? value : MASK;
    } else {
      journaled[key] = value;
    }
  }
  return { input, journaled };
}

export function actionContext(session: RunSession, step: PlannedStep, ui: StepUi, signal: AbortSignal): ActionContext {
  const { incident, options, journal } = session;
  return {
    incidentId: incident.id,
    incidentDir: incident.dir,
    kitHome: options.kitHome,
    dryRun: session.dryRun,
    yes: Boolean(options.yes),
    signal,
    stepId: step.id,
    run: { ...session.run },
    log(message) {
      ui.output(message);
      // Queued behind earlier records, so it lands before the step's outcome.
      journal.append('note', { stepId: step.id, message }).catch(() => undefined);
    },
    evidence: createEvidenceWriter(incident.dir, journal, step.id),
    prompter: ui.prompter,
    operator: options.operator,
    settings: Object.freeze({ ...(options.settings ?? {}) }),
    runScope: session.runScope,
  };
}
