// Rules over which fields of an action's input are given together ("exactly one of target or
// exchange"), declared once and enforced twice: by the schema when a step runs (a zod
// refinement), and by `kit runbook lint`, which sees only WHICH fields a step's `with` gives
// (their values may be expressions known at run time only). A rule says what is wrong, or nothing.
import type { z } from 'zod';

export interface PresenceProblem {
  /** The field to point at (a field that is given, or the one that is missing). */
  field: string;
  message: string;
}

export type PresenceRule = (given: (field: string) => boolean) => PresenceProblem | undefined;

const rulesBySchema = new WeakMap<object, PresenceRule[]>();

/** The schema with the rule enforced when it parses, and known to lint. */
export function withPresenceRule<T extends z.ZodObject>(schema: T, rule: PresenceRule): T {
  const refined = schema.superRefine((value, ctx) => {
    const record = value as Record<string, unknown>;
    const problem = rule((field) => record[field] !== undefined);
    if (problem) ctx.addIssue({ code: 'custom', message: problem.message, path: [problem.field] });
  }) as T;
  rulesBySchema.set(refined, [...presenceRulesOf(schema), rule]);
  return refined;
}

/** Keeps the rules of `from` on a schema derived from it (e.g. by .overwrite()). */
export function keepPresenceRules<T extends z.ZodType>(from: z.ZodType, to: T): T {
  rulesBySchema.set(to, presenceRulesOf(from));
  return to;
}

export function presenceRulesOf(schema: unknown): PresenceRule[] {
  return (typeof schema === 'object' && schema !== null && rulesBySchema.get(schema)) || [];
}
