// The runbook format, version 1. Unknown keys are rejected everywhere (z.strictObject),
// so a misspelt field is an error with a location rather than silently ignored.
import { z } from 'zod';

/** `30s`, `5m`, `72h`, `7d`, `1500ms`, or a combination like `1h30m`. */
export const DURATION_PATTERN = /^(\d+(\.\d+)?(ms|s|m|h|d|w))+$/;
export const duration = z.string().regex(DURATION_PATTERN, 'expected a duration such as 30s, 5m, 72h or 7d');

const EXPRESSION_ONLY = /^\s*\$\{\{[\s\S]*\}\}\s*$/;
/** A literal of type T, or a `${{ }}` expression evaluated at run time. */
const orExpression = <T extends z.ZodType>(schema: T, expected: string) => z.union([schema, z.string().regex(EXPRESSION_ONLY, `expected ${expected} or a \${{ }} expression`)]);

export const inputType = z.enum(['string', 'number', 'boolean', 'duration', 'list', 'secret']);
export type InputType = z.infer<typeof inputType>;

export const inputSpec = z.strictObject({
  type: inputType.default('string'),
  description: z.string().optional(),
  required: z.boolean().default(false),
  default: z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number(), z.boolean()]))]).optional(),
  /** For `string` and `list`: the allowed values (of each item, for a list). */
  options: z.array(z.string()).optional(),
});
export type InputSpec = z.infer<typeof inputSpec>;

export const retrySpec = z.strictObject({
  attempts: z.number().int().min(1).max(100),
  delay: duration.default('1s'),
  backoff: z.union([z.enum(['fixed', 'exponential'], { error: 'expected fixed, exponential, or a growth factor from 1 to 10' }), z.number().min(1).max(10)]).default('exponential'),
});
export type RetrySpec = z.infer<typeof retrySpec>;

export const INPUT_NAME_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_-]*$/;

export const STEP_ID_PATTERN = /^[a-z][a-z0-9_-]*$/;

/** An item of a literal `for-each` list: a scalar, or a mapping (its `key` or `id` names the instance). */
const forEachItem = z.union([z.string(), z.number(), z.boolean(), z.record(z.string(), z.unknown())]);

export const stepSpec = z.strictObject({
  id: z.string().regex(STEP_ID_PATTERN, 'expected a lower-case id such as cancel-orders (letters, digits, - and _)'),
  title: z.string().optional(),
  uses: z.string().min(1, 'expected an action name such as exchange.cancel-all-orders'),
  with: z.record(z.string(), z.unknown()).default({}),
  if: z.union([z.string(), z.boolean()]).optional(),
  retry: retrySpec.optional(),
  timeout: duration.optional(),
  'continue-on-error': orExpression(z.boolean(), 'true, false').default(false),
  always: z.boolean().default(false),
  approval: z.boolean().optional(),
  /**
   * Runs the step once per item of a list, every item at the same time (one instance per account).
   * A `${{ }}` expression that yields a list, or a literal list; `item` is the element in the
   * step's `with`, `if`, `title` and `continue-on-error`.
   */
  'for-each': z.union([
    z.string().regex(EXPRESSION_ONLY, 'expected a ${{ }} expression that yields a list, e.g. ${{ inputs.accounts }}, or a list'),
    z.array(forEachItem, { error: 'expected a ${{ }} expression that yields a list, e.g. ${{ inputs.accounts }}, or a list' }).min(1, 'a for-each list needs at least one item'),
  ]).optional(),
  /** Steps sharing a group id run in parallel with each other (e.g. one per account). */
  parallel: z.string().regex(STEP_ID_PATTERN, 'expected a lower-case group name such as per-account').optional(),
});
export type StepSpec = z.infer<typeof stepSpec>;

export const runbookSpec = z.strictObject({
  version: z.literal(1, { error: 'expected version: 1 (the only runbook format version)' }),
  name: z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected a lower-case name such as key-compromise'),
  title: z.string().optional(),
  description: z.string().optional(),
  inputs: z.record(z.string().regex(INPUT_NAME_PATTERN, 'expected an input name of letters, digits, _ and - that starts with a letter or _'), inputSpec).default({}),
  steps: z.array(stepSpec).min(1, 'a runbook needs at least one step'),
});
export type Runbook = z.infer<typeof runbookSpec>;

/** A runbook as loaded from a file: the parsed model plus where it came from and its hash. */
export interface LoadedRunbook {
  runbook: Runbook;
  file: string;
  /** The exact source text (pinned into the incident folder). */
  source: string;
  /** SHA-256 hex of `source`. */
  sha256: string;
}
