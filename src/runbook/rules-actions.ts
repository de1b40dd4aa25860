// Lint rules between a step and its action: `uses` names a registered action; every required
// action input is present; no unknown input; a literal (expression-free) `with` value already
// satisfies the action's field schema; a secret field never holds a literal.
import { z } from 'zod';
import { getAction, listActions } from '../actions/registry.js';
import { presenceRulesOf } from '../actions/input-rules.js';
import { isSecretSchema, secretFieldsOf } from '../actions/secret-field.js';
import type { ActionDefinition } from '../actions/types.js';
import { zodIssuesToProblems } from '../util/yaml-located.js';
import { asRecord, type RuleContext } from './rule-context.js';
import { didYouMean } from '../util/suggest.js';
import { hasExpression } from './template.js';

/** The registered action for a step, or undefined after reporting why not. */
export function resolveUses(ctx: RuleContext, index: number, uses: unknown): ActionDefinition | undefined {
  // A non-string is the schema's to report; an expression, the literal-field rule's.
  if (typeof uses !== 'string' || uses === '' || hasExpression(uses)) return undefined;
  const action = getAction(uses);
  if (action) return action;
  const names = listActions().map((a) => a.name);
  const known = names.length > 0 ? `known actions: ${names.join(', ')}` : 'no actions are registered';
  ctx.report('error', ['steps', index, 'uses'], `unknown action "${uses}"${didYouMean(uses, names)}; ${known}`);
  return undefined;
}

function containsExpression(value: unknown): boolean {
  if (typeof value === 'string') return hasExpression(value);
  if (Array.isArray(value)) return value.some(containsExpression);
  const record = asRecord(value);
  return record ? Object.values(record).some(containsExpression) : false;
}

/** Whether the object schema keeps keys it does not know (z.looseObject) rather than refusing or dropping them. */
function acceptsUnknownKeys(schema: z.ZodObject): boolean {
  const catchall = schema.def.catchall;
  return catchall !== undefined && !(catchall instanceof z.ZodNever);
}

export function checkActionInputs(ctx: RuleContext, index: number, action: ActionDefinition, rawWith: unknown): void {
  const schema = action.input;
  if (!(schema instanceof z.ZodObject)) return; // not an object schema: nothing to check field by field
  const shape = schema.shape as Record<string, z.ZodType>;
  const given = asRecord(rawWith) ?? {};
  const withPath = ['steps', index, 'with'];
  const secrets = new Set(secretFieldsOf(schema));
  const fields = Object.keys(shape);

  for (const [field, fieldSchema] of Object.entries(shape)) {
    if (Object.prototype.hasOwnProperty.call(given, field) || fieldSchema.safeParse(undefined).success) continue;
    // Point at `with:` when there is one, else at the action name.
    const where = rawWith === undefined ? ['steps', index, 'uses'] : withPath;
    ctx.report('error', where, `missing required input "${field}" for action ${action.name}: add it under with:`, { key: rawWith !== undefined, shownPath: [...withPath, field] });
  }

  // Rules over which fields are given together (e.g. exactly one of target and exchange).
  for (const rule of presenceRulesOf(schema)) {
    const problem = rule((field) => Object.prototype.hasOwnProperty.call(given, field));
    if (!problem) continue;
    const isGiven = Object.prototype.hasOwnProperty.call(given, problem.field);
    const where = isGiven ? [...withPath, problem.field] : rawWith === undefined ? ['steps', index, 'uses'] : withPath;
    ctx.report('error', where, `${problem.message} (action ${action.name})`, { key: rawWith !== undefined, shownPath: [...withPath, problem.field] });
  }

  for (const [field, value] of Object.entries(given)) {
    const path = [...withPath, field];
    const fieldSchema = shape[field];
    if (!fieldSchema) {
      if (!acceptsUnknownKeys(schema)) ctx.report('error', path, `unknown input "${field}" for action ${action.name}${didYouMean(field, fields)}; it takes: ${fields.join(', ') || 'nothing'}`, { key: true });
      continue;
    }
    if (containsExpression(value)) continue; // checked at run time, once evaluated
    if (secrets.has(field) || isSecretSchema(fieldSchema)) {
      ctx.report('error', path, `"${field}" is a secret: never write it in a runbook; declare an input of type secret and pass \${{ inputs.<name> }}`);
      continue;
    }
    const result = fieldSchema.safeParse(value);
    if (!result.success) ctx.problems.push(...zodIssuesToProblems(ctx.parsed, result.error.issues, path, fieldSchema));
  }
}
