// The semantic rules of a runbook, after the schema: unique step ids, known actions with their
// inputs, expressions that parse and refer only to what exists before them. They run on the raw
// parsed value (defensively), so that a file with a schema error still gets every other problem
// reported in the same pass. Every problem is located: file:line:col plus a field path.
import type { LocatedProblem } from '../errors.js';
import { locate, type ParsedYaml, type PathSegment } from '../util/yaml-located.js';
import { checkActionInputs, resolveUses } from './rules-actions.js';
import { checkExpressionSite, type ExpressionScope, type StepInfo } from './rules-expressions.js';
import { checkInputDeclarations, checkUnusedInputs } from './rules-inputs.js';
import { asRecord, RuleContext } from './rule-context.js';
import { hasExpression, splitTemplate, wholeExpression } from './template.js';

/** Fields that are read as written: an expression there is a mistake (or, for prose, a surprise). */
const LITERAL_STEP_FIELDS = ['id', 'uses', 'timeout', 'parallel'] as const;
const PROSE_FIELDS = ['title', 'description'] as const;

export function checkRunbook(parsed: Pick<ParsedYaml, 'file' | 'doc' | 'lineCounter'>, text: string, value: unknown): LocatedProblem[] {
  const ctx = new RuleContext(parsed, text);
  const root = asRecord(value);
  if (!root) return ctx.problems;
  const inputs = asRecord(root.inputs) ?? {};
  const steps = Array.isArray(root.steps) ? root.steps.map(asRecord) : [];
  const scope: ExpressionScope = { inputs: Object.keys(inputs), steps: collectStepIds(ctx, steps), usedInputs: new Set(), usesAllInputs: false };
  const inputTypes = new Map(Object.entries(inputs).map(([name, spec]) => [name, String(asRecord(spec)?.type ?? 'string')]));

  checkName(ctx, root.name);
  checkInputDeclarations(ctx, inputs);
  for (const field of PROSE_FIELDS) checkProse(ctx, [field], root[field]);
  steps.forEach((step, index) => {
    if (step) checkStep(ctx, scope, step, index, inputTypes);
  });
  checkUnusedInputs(ctx, inputs, scope);
  return ctx.problems;
}

/** `kit run <name>` finds runbooks by file name, so the two should agree. */
function checkName(ctx: RuleContext, name: unknown): void {
  const base = /([^/\\]+)\.ya?ml$/i.exec(ctx.parsed.file)?.[1];
  if (typeof name === 'string' && base !== undefined && base !== name) {
    ctx.report('warning', ['name'], `the runbook is named "${name}" but its file is ${base}.yaml: \`kit run ${name}\` finds runbooks by file name (rename one)`);
  }
}

function collectStepIds(ctx: RuleContext, steps: Array<Record<string, unknown> | undefined>): Map<string, StepInfo> {
  const byId = new Map<string, StepInfo>();
  steps.forEach((step, index) => {
    const id = step?.id;
    if (typeof id !== 'string') return;
    const first = byId.get(id.toLowerCase());
    if (first) {
      const { line } = locate(ctx.parsed, ['steps', first.index, 'id']);
      ctx.report('error', ['steps', index, 'id'], `duplicate step id "${id}": steps[${first.index}] (line ${line}) already has it; step ids must be unique`);
      return;
    }
    byId.set(id.toLowerCase(), { id, index, parallel: typeof step?.parallel === 'string' ? step.parallel : undefined, forEach: step?.['for-each'] !== undefined });
  });
  return byId;
}

function checkStep(ctx: RuleContext, scope: ExpressionScope, step: Record<string, unknown>, index: number, inputTypes: ReadonlyMap<string, string>): void {
  const base: PathSegment[] = ['steps', index];
  const forEach = step['for-each'] !== undefined;
  const info = { id: typeof step.id === 'string' ? step.id : `#${index}`, index, parallel: typeof step.parallel === 'string' ? step.parallel : undefined, always: step.always === true, forEach };

  const action = resolveUses(ctx, index, step.uses);
  if (action) {
    checkActionInputs(ctx, index, action, step.with);
    if (asRecord(step.retry) && !action.retryable) {
      ctx.report('warning', [...base, 'retry'], `retry has no effect: action ${action.name} never marks a failure as retryable`, { key: true });
    }
  }

  if (forEach) checkForEach(ctx, scope, step['for-each'], info, inputTypes);
  forEachString(step.with, [...base, 'with'], (path, value) => {
    if (hasExpression(value)) checkExpressionSite(ctx, scope, { path, value, step: info, kind: 'value', itemAllowed: forEach });
  });
  // `if` may be a bare expression; `continue-on-error` takes one only inside ${{ }} (the schema
  // reports any other string).
  if (typeof step.if === 'string') checkExpressionSite(ctx, scope, { path: [...base, 'if'], value: step.if, step: info, kind: 'condition', itemAllowed: forEach });
  const continueOnError = step['continue-on-error'];
  if (typeof continueOnError === 'string' && hasExpression(continueOnError)) {
    checkExpressionSite(ctx, scope, { path: [...base, 'continue-on-error'], value: continueOnError, step: info, kind: 'condition', itemAllowed: forEach });
  }

  for (const field of LITERAL_STEP_FIELDS) {
    const value = step[field];
    if (typeof value === 'string' && hasExpression(value)) {
      ctx.report('error', [...base, field], `${field} is read as written: \${{ }} is evaluated only in with, if and continue-on-error`);
    }
  }
  // A for-each step's title is evaluated per item ("Cancel orders on ${{ item }}"); others are shown as written.
  if (forEach && typeof step.title === 'string' && hasExpression(step.title)) {
    checkExpressionSite(ctx, scope, { path: [...base, 'title'], value: step.title, step: info, kind: 'value', itemAllowed: true });
  } else {
    checkProse(ctx, [...base, 'title'], step.title);
  }
}

/**
 * `for-each`: its expressions refer to earlier steps and declared inputs (never to `item`), and
 * a bare `${{ inputs.<name> }}` must name a list input.
 */
function checkForEach(ctx: RuleContext, scope: ExpressionScope, value: unknown, step: StepInfo & { always: boolean }, inputTypes: ReadonlyMap<string, string>): void {
  const path: PathSegment[] = ['steps', step.index, 'for-each'];
  forEachString(value, path, (at, text) => {
    if (hasExpression(text)) checkExpressionSite(ctx, scope, { path: at, value: text, step, kind: 'value', itemAllowed: false });
  });
  if (typeof value !== 'string') return;
  const whole = wholeExpression(splitTemplate(value));
  if (!whole) return;
  // Only the plain `inputs.<name>` form is judged; anything computed is known at run time only.
  const bare = /^(\s*inputs\s*\.\s*)([A-Za-z_][A-Za-z0-9_-]*)\s*$/i.exec(whole.source);
  if (!bare) return;
  const name = [...inputTypes.keys()].find((n) => n.toLowerCase() === bare[2].toLowerCase());
  const type = name === undefined ? undefined : inputTypes.get(name);
  if (type !== undefined && type !== 'list') {
    ctx.reportInString('error', path, value, whole.sourceStart + bare[1].length, `for-each needs a list, and input "${name}" is a ${type}: declare it with type: list`);
  }
}

function checkProse(ctx: RuleContext, path: PathSegment[], value: unknown): void {
  if (typeof value === 'string' && hasExpression(value)) {
    ctx.report('warning', path, `${String(path[path.length - 1])} is shown as written: \${{ }} is not evaluated here`);
  }
}

function forEachString(value: unknown, path: PathSegment[], visit: (path: PathSegment[], value: string) => void): void {
  if (typeof value === 'string') visit(path, value);
  else if (Array.isArray(value)) value.forEach((v, i) => forEachString(v, [...path, i], visit));
  else {
    const record = asRecord(value);
    if (record) for (const [k, v] of Object.entries(record)) forEachString(v, [...path, k], visit);
  }
}
