// Lint rules for `${{ }}` expressions: each parses, and refers only to declared inputs, earlier
// steps (no forward or self reference, nothing from the same parallel group), run.id|dryRun|
// startedAt and env.KIT_*. Errors point at the offending token inside the expression.
import { isSecretLikeEnvName } from './expressions.js';
import { ExpressionError, parseExpression, type ContextReference } from './expression-parse.js';
import type { RuleContext, Severity } from './rule-context.js';
import { didYouMean } from '../util/suggest.js';
import { expressionSegments, splitTemplate, wholeExpression } from './template.js';
import type { PathSegment } from '../util/yaml-located.js';

export interface StepInfo {
  id: string;
  index: number;
  parallel?: string;
  /** The step has `for-each`: its outputs are the per-item collection (FOR_EACH_OUTPUTS). */
  forEach?: boolean;
}

/** What a for-each step outputs, whatever its action: the engine collects its instances' outputs. */
export const FOR_EACH_OUTPUTS = ['items', 'outcomes', 'count', 'succeeded', 'failed', 'skipped'];

/** What expressions may refer to, and what they did refer to (for the unused-input warning). */
export interface ExpressionScope {
  inputs: string[];
  /** Steps by lower-case id (the first step of a duplicated id). */
  steps: Map<string, StepInfo>;
  usedInputs: Set<string>;
  /** An expression reads `inputs` as a whole or by a computed name: every input may be used. */
  usesAllInputs: boolean;
}

export interface ExpressionSite {
  path: PathSegment[];
  value: string;
  /** The step the expression belongs to; undefined outside steps. */
  step?: StepInfo & { always: boolean };
  /** `condition`: an `if:` (bare or `${{ }}`); `value`: a string with `${{ }}` inside. */
  kind: 'condition' | 'value';
  /** Whether `item` may be used here: in the with/if/title/continue-on-error of a for-each step. */
  itemAllowed?: boolean;
}

const RUN_FIELDS = ['id', 'dryRun', 'startedAt'];
const STEP_FIELDS = ['outputs', 'outcome'];

interface Finding {
  severity: Severity;
  offset: number;
  message: string;
}

export function checkExpressionSite(ctx: RuleContext, scope: ExpressionScope, site: ExpressionSite): void {
  const report = (f: Finding) => ctx.reportInString(f.severity, site.path, site.value, f.offset, f.message);
  const split = splitTemplate(site.value);
  if (split.unclosedAt !== undefined) {
    report({ severity: 'error', offset: split.unclosedAt, message: '"${{" is never closed: add "}}" at the end of the expression' });
    return;
  }
  const segments = expressionSegments(split);
  if (site.kind === 'condition') {
    if (segments.length === 0) {
      if (site.value.trim() === '') return report({ severity: 'error', offset: 0, message: 'the condition is empty: write an expression, or remove `if:`' });
      return checkSource(site.value, 0);
    }
    const whole = wholeExpression(split);
    if (whole) return checkSource(whole.source, whole.sourceStart);
    report({ severity: 'error', offset: segments[0].start, message: 'the condition mixes text and ${{ }}, so it would always be true: write the whole condition inside one ${{ }}' });
  }
  for (const segment of segments) checkSource(segment.source, segment.sourceStart);

  function checkSource(source: string, base: number): void {
    let parsed;
    try {
      parsed = parseExpression(source);
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      // What it refers to is unknown, so no input can be called unused.
      scope.usesAllInputs = true;
      return report({ severity: 'error', offset: base + (error.offset ?? 0), message: `bad expression: ${error.reason}` });
    }
    for (const reference of parsed.references) {
      for (const finding of checkReference(reference, scope, site)) report({ ...finding, offset: base + finding.offset });
    }
    if (site.kind === 'condition' && site.step && !site.step.always) {
      for (const f of parsed.functions) {
        if (f.name === 'failure' || f.name === 'cancelled') {
          report({ severity: 'warning', offset: base + f.offset, message: `${f.name}() is never true here: without \`always: true\` this step does not run after a failure (add always: true)` });
        }
      }
    }
  }
}

function checkReference(ref: ContextReference, scope: ExpressionScope, site: ExpressionSite): Finding[] {
  const [first, second] = ref.path;
  const at = (i: number) => ref.offsets[Math.min(i, ref.offsets.length - 1)];
  const error = (i: number, message: string): Finding[] => [{ severity: 'error', offset: at(i), message }];
  switch (ref.context.toLowerCase()) {
    case 'inputs': {
      if (first === undefined) {
        scope.usesAllInputs = true;
        return [];
      }
      const declared = scope.inputs.find((name) => name.toLowerCase() === first.toLowerCase());
      if (declared) {
        scope.usedInputs.add(declared);
        return [];
      }
      const known = scope.inputs.length > 0 ? `declared inputs: ${scope.inputs.join(', ')}` : 'this runbook declares no inputs';
      return error(1, `unknown input "${first}"${didYouMean(first, scope.inputs)}; ${known} (declare it under inputs:)`);
    }
    case 'steps': {
      if (first === undefined) {
        return ref.dynamic ? [{ severity: 'warning', offset: at(0), message: 'a computed step reference cannot be checked by lint: prefer steps.<id>' }] : [];
      }
      const target = scope.steps.get(first.toLowerCase());
      if (!target) return error(1, `no step has id "${first}"${didYouMean(first, [...scope.steps.values()].map((s) => s.id))}`);
      const current = site.step;
      if (current) {
        if (target.index === current.index) return error(1, `a step cannot use its own outputs or outcome ("${first}" is this step)`);
        if (target.index > current.index) return error(1, `step "${target.id}" runs later (steps[${target.index}]): a step can only use the outputs of earlier steps`);
        if (current.parallel && target.parallel === current.parallel) {
          return error(1, `step "${target.id}" runs in parallel with this one (parallel: ${current.parallel}), so its outputs are not ready: move it out of the group`);
        }
      }
      if (second !== undefined && !STEP_FIELDS.includes(second)) {
        return error(2, `a step has "outputs" and "outcome"; "${second}" is neither${didYouMean(second, STEP_FIELDS)}`);
      }
      const field = ref.path[2];
      if (target.forEach && second === 'outputs' && field !== undefined && !FOR_EACH_OUTPUTS.includes(field)) {
        return error(3, `step "${target.id}" runs once per item (for-each), so its outputs are ${FOR_EACH_OUTPUTS.join(', ')}; one item's "${field}" is steps.${target.id}.outputs.items[<item key>].${field}`);
      }
      return [];
    }
    case 'item':
      if (site.itemAllowed) return [];
      if (site.step && site.step.forEach) return error(0, '`item` is each element of the for-each list, so the list cannot use it');
      return error(0, '`item` exists only in a step with `for-each` (it is the current element of the list): add for-each to the step, or use inputs or steps');
    case 'run':
      if (first !== undefined && !RUN_FIELDS.some((f) => f.toLowerCase() === first.toLowerCase())) {
        return error(1, `run has ${RUN_FIELDS.join(', ')}; "${first}" is none of them${didYouMean(first, RUN_FIELDS)}`);
      }
      return [];
    case 'env':
      if (first === undefined) return [];
      if (!first.toUpperCase().startsWith('KIT_')) return error(1, `only KIT_ environment variables are visible to runbooks ("${first}" is not one): use an input, or a KIT_ variable`);
      if (isSecretLikeEnvName(first)) return error(1, `env.${first} is named like a secret, and such variables are kept out of expressions: declare an input of type secret instead`);
      return [];
    default:
      return [];
  }
}
