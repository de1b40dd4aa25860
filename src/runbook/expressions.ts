// Evaluating `${{ }}` expressions at run time, on GitHub's own evaluator (@actions/expressions):
// never eval or Function. Contexts: inputs, steps.<id>.outputs/.outcome, run, env (KIT_ only),
// and item inside a for-each step.
//
// Status functions, as in GitHub Actions but over this run's earlier steps:
//   success()   no earlier step failed or was cancelled
//   failure()   an earlier step failed (a step that continued on error counts: its outcome is failure)
//   cancelled() an earlier step was cancelled
//   always()    true
// In kit a step runs after a failure only with `always: true`; `if: failure()` then narrows it.
import { Evaluator, data } from '@actions/expressions';
import type { FunctionDefinition } from '@actions/expressions/funcs/info';
import { truthy } from '@actions/expressions/result';
import { expressionDataToText, fromExpressionData, ObjectView, toExpressionData } from './expression-data.js';
import { ExpressionError, parseExpression } from './expression-parse.js';
import { splitTemplate, wholeExpression, type SplitTemplate } from './template.js';

export { ExpressionError, parseExpression, CONTEXT_NAMES } from './expression-parse.js';
export type { ContextReference, FunctionReference, ParsedExpression } from './expression-parse.js';

export interface StepState {
  outputs: Record<string, unknown>;
  outcome: 'success' | 'failure' | 'skipped' | 'cancelled';
}

export interface ExpressionContexts {
  inputs: Record<string, unknown>;
  steps: Record<string, StepState>;
  run: { id: string; dryRun: boolean; startedAt: string };
  env: Record<string, string>;
  /** Inside one instance of a `for-each` step: the list element it runs for. */
  item?: unknown;
}

type Data = data.ExpressionData;

// Environment variables whose names suggest a secret stay out of expressions even with the
// KIT_ prefix (KIT_MASTER_PASSWORD...): an expression can end up in an e-mail or a report.
const SECRET_LIKE_NAME = /PASSWORD|PASSPHRASE|SECRET|TOKEN|PRIVATE|CREDENTIAL|API_?KEY/i;

/** The `env` context: only KIT_-prefixed variables, and none whose name suggests a secret. */
export function kitEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (name.startsWith('KIT_') && value !== undefined && !SECRET_LIKE_NAME.test(name)) out[name] = value;
  }
  return out;
}

export function isSecretLikeEnvName(name: string): boolean {
  return SECRET_LIKE_NAME.test(name);
}

function statusFunctions(ctx: ExpressionContexts): Map<string, FunctionDefinition> {
  const outcomes = Object.values(ctx.steps).map((s) => s.outcome);
  const failed = outcomes.includes('failure');
  const cancelled = outcomes.includes('cancelled');
  const constant = (name: string, value: boolean): [string, FunctionDefinition] => [name, { name, minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(value) }];
  return new Map<string, FunctionDefinition>([
    constant('success', !failed && !cancelled),
    constant('failure', failed),
    constant('cancelled', cancelled),
    constant('always', true),
    // Our own JSON functions, so that parsed and printed objects go through ObjectView (own
    // properties only) rather than the library's plain-object index.
    ['fromjson', { name: 'fromJSON', minArgs: 1, maxArgs: 1, call: (text: Data) => parseJson(text.coerceString()) }],
    ['tojson', { name: 'toJSON', minArgs: 1, maxArgs: 1, call: (value: Data) => new data.StringData(JSON.stringify(fromExpressionData(value), null, 2)) }],
  ]);
}

function parseJson(text: string): Data {
  try {
    return toExpressionData(JSON.parse(text));
  } catch (error) {
    throw new Error(`fromJSON: not valid JSON (${(error as Error).message})`);
  }
}

function contextData(ctx: ExpressionContexts): data.Dictionary {
  const steps: Record<string, unknown> = {};
  for (const [id, state] of Object.entries(ctx.steps)) steps[id] = { outputs: state.outputs ?? {}, outcome: state.outcome };
  return new ObjectView({ inputs: ctx.inputs, steps, run: ctx.run, env: ctx.env, item: ctx.item });
}

function evaluateSource(source: string, ctx: ExpressionContexts): Data {
  const parsed = parseExpression(source);
  try {
    return new Evaluator(parsed.expr, contextData(ctx), statusFunctions(ctx)).evaluate();
  } catch (error) {
    throw new ExpressionError(`cannot evaluate: ${(error as Error).message}`, { expression: source, cause: error });
  }
}

function unclosed(text: string, split: SplitTemplate): ExpressionError {
  return new ExpressionError(`"\${{" at offset ${split.unclosedAt} is never closed with "}}" in: ${text}`);
}

function evaluateString(text: string, ctx: ExpressionContexts): unknown {
  const split = splitTemplate(text);
  if (split.unclosedAt !== undefined) throw unclosed(text, split);
  const whole = wholeExpression(split);
  if (whole) return fromExpressionData(evaluateSource(whole.source, ctx));
  return split.parts.map((p) => (p.kind === 'text' ? p.text : expressionDataToText(evaluateSource(p.segment.source, ctx)))).join('');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Deep-evaluates a `with` value: a string that is exactly one `${{ expr }}` yields the
 * expression's typed value (number, boolean, object, array...); other strings get each `${{ }}`
 * interpolated as text (lists and objects as JSON); objects and arrays are recursed. In an
 * object, a field whose whole expression yields null is left out, so the action's default applies.
 */
export function evaluateValue(value: unknown, ctx: ExpressionContexts): unknown {
  if (typeof value === 'string') return evaluateString(value, ctx);
  if (Array.isArray(value)) return value.map((v) => evaluateValue(v, ctx));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const evaluated = evaluateValue(value[key], ctx);
    if (evaluated === null && value[key] !== null) continue;
    Object.defineProperty(out, key, { value: evaluated, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * The source of a condition: a boolean, a bare expression, or one `${{ }}` around it.
 * Text mixed with `${{ }}` is refused: as a string it would always be true, a classic trap.
 */
export function conditionSource(expr: string): string {
  const split = splitTemplate(expr);
  if (split.unclosedAt !== undefined) throw unclosed(expr, split);
  if (split.parts.every((p) => p.kind === 'text')) {
    if (expr.trim() === '') throw new ExpressionError('the condition is empty (remove `if:` or write an expression)');
    return expr;
  }
  const whole = wholeExpression(split);
  if (!whole) throw new ExpressionError(`the condition mixes text and \${{ }}, so it would always be true: write the whole condition inside one \${{ }} (${expr.trim()})`);
  return whole.source;
}

/** `if:` — a bare expression (with or without ${{ }}) or boolean; GitHub truthiness. */
export function evaluateCondition(expr: string | boolean | undefined, ctx: ExpressionContexts): boolean {
  if (expr === undefined) return true;
  if (typeof expr === 'boolean') return expr;
  return truthy(evaluateSource(conditionSource(expr), ctx));
}
