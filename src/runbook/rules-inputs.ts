// Lint rules for input declarations: a default of the declared type, no default for a secret,
// options only where they mean something, and inputs that nothing uses.
import { convertInput } from './inputs.js';
import { asRecord, type RuleContext } from './rule-context.js';
import { INPUT_NAME_PATTERN, inputType, type InputType } from './schema.js';
import type { ExpressionScope } from './rules-expressions.js';

export function checkInputDeclarations(ctx: RuleContext, inputs: Record<string, unknown>): void {
  for (const [name, rawSpec] of Object.entries(inputs)) {
    const spec = asRecord(rawSpec);
    if (!spec) continue;
    const parsedType = inputType.safeParse(spec.type ?? 'string');
    if (!parsedType.success) continue; // the schema reports it
    const type: InputType = parsedType.data;
    const options = Array.isArray(spec.options) && spec.options.every((o) => typeof o === 'string') ? (spec.options as string[]) : undefined;
    if (spec.options !== undefined && type !== 'string' && type !== 'list') {
      ctx.report('error', ['inputs', name, 'options'], `options apply to string and list inputs only (this input is a ${type})`, { key: true });
    }
    if (spec.default === undefined) continue;
    if (type === 'secret') {
      ctx.report('error', ['inputs', name, 'default'], 'a secret input cannot have a default: a secret must never be written in a runbook (remove the default)', { key: true });
      continue;
    }
    if (spec.required === true) {
      ctx.report('warning', ['inputs', name, 'default'], 'a required input never uses its default: remove `required: true` or the default', { key: true });
    }
    const converted = convertInput({ type, options }, spec.default);
    if (!converted.ok) ctx.report('error', ['inputs', name, 'default'], `the default ${converted.problem}`);
  }
}

export function checkUnusedInputs(ctx: RuleContext, inputs: Record<string, unknown>, scope: ExpressionScope): void {
  if (scope.usesAllInputs) return;
  for (const name of Object.keys(inputs)) {
    // A malformed name already has its error; it cannot be referred to anyway.
    if (!scope.usedInputs.has(name) && INPUT_NAME_PATTERN.test(name)) ctx.report('warning', ['inputs', name], `input "${name}" is declared but no step uses it (\${{ inputs.${name} }})`, { key: true });
  }
}
