// What a rule is, and the signal families the verdict counts. A family is one kind of
// evidence; two findings of one family are one signal, not two. "Strong" families say
// something an owner's own odd behaviour rarely produces (what was traded, at what price, how
// fast, where the money went); the weak ones (style, origin, timing) describe how the account
// was used, which an owner trading by hand at night changes too.
import type { ActivityIndex } from '../activity-index.js';
import type { Finding, Severity } from '../types.js';

export type SignalFamily = 'market' | 'price' | 'tempo' | 'flow' | 'withdrawal' | 'value' | 'style' | 'origin' | 'timing' | 'recurrence';

export const STRONG_FAMILIES: ReadonlySet<string> = new Set<SignalFamily>(['market', 'price', 'tempo', 'flow', 'withdrawal', 'value']);
/** Families that only restate other findings (counted for neither the verdict nor the labels). */
export const DERIVED_FAMILIES: ReadonlySet<string> = new Set<SignalFamily>(['recurrence']);

export interface RuleContext {
  index: ActivityIndex;
  /** Findings of the rules that ran before (the withdrawal and recurrence rules read them). */
  prior: readonly Finding[];
}

export interface Rule {
  id: string;
  family: SignalFamily;
  /** What it looks for, for `kit analyze --help` and the README. */
  description: string;
  run(ctx: RuleContext): Finding[];
}

export function severityOf(score: number): Severity {
  if (score >= 0.9) return 'critical';
  if (score >= 0.7) return 'high';
  if (score >= 0.4) return 'medium';
  return 'low';
}

interface Timed {
  id: string;
  timestamp: number;
}

export interface FindingParts {
  score: number;
  sentence: string;
  trades?: readonly Timed[];
  orders?: readonly Timed[];
  withdrawals?: readonly Timed[];
}

export function finding(rule: Pick<Rule, 'id' | 'family'>, parts: FindingParts): Finding {
  let from = Infinity;
  let to = -Infinity;
  const ids = (records: readonly Timed[] = []): string[] =>
    records.map((r) => {
      if (r.timestamp < from) from = r.timestamp;
      if (r.timestamp > to) to = r.timestamp;
      return r.id;
    });
  const score = Math.round(Math.min(1, Math.max(0, parts.score)) * 100) / 100;
  return {
    rule: rule.id,
    severity: severityOf(score),
    score,
    tradeIds: ids(parts.trades),
    orderIds: ids(parts.orders),
    withdrawalIds: ids(parts.withdrawals),
    sentence: parts.sentence,
    signal: rule.family,
    ...(Number.isFinite(from) ? { from, to } : {}),
  };
}
