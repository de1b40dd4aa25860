// From findings to labels and a verdict. A family is one kind of evidence; the account is
// "compromise-suspected" only with two independent families, at least one of them strong,
// and evidence spanning more than one order (one odd trade is not an alarm). A record is
// "attacker-likely" only in a compromised account, and only when a strong family and a second
// family point at it (or one strong finding is near certain).
import { DERIVED_FAMILIES, STRONG_FAMILIES } from './rules/rule.js';
import { list, plural } from './format.js';
import type { ActivityLabel, BundleOrder, BundleTrade, Finding, Verdict } from './types.js';

/** A family "fires" for the verdict at this score. */
export const FIRING_SCORE = 0.5;
/** A finding below this only makes a record suspicious... */
const COUNTING_SCORE = 0.3;
/** ...and one strong finding this sure is enough for a record on its own. */
const CERTAIN_SCORE = 0.9;

type FamilyScores = Map<string, number>;
type Coverage = Map<string, FamilyScores>;

export interface Coverages {
  trades: Coverage;
  orders: Coverage;
  withdrawals: Coverage;
}

function cover(coverage: Coverage, id: string, family: string, score: number): void {
  let families = coverage.get(id);
  if (!families) coverage.set(id, (families = new Map()));
  if ((families.get(family) ?? 0) < score) families.set(family, score);
}

/** Which families (and how strongly) point at each record; a fill and its order share their evidence. */
export function coverages(findings: readonly Finding[], trades: readonly BundleTrade[], orderById: Map<string, BundleOrder>): Coverages {
  const out: Coverages = { trades: new Map(), orders: new Map(), withdrawals: new Map() };
  for (const f of findings) {
    if (DERIVED_FAMILIES.has(f.signal)) continue;
    for (const id of f.tradeIds) cover(out.trades, id, f.signal, f.score);
    for (const id of f.orderIds) cover(out.orders, id, f.signal, f.score);
    for (const id of f.withdrawalIds) cover(out.withdrawals, id, f.signal, f.score);
  }
  if (out.trades.size === 0 && out.orders.size === 0) return out;
  for (const t of trades) {
    if (!t.order) continue;
    const fromTrade = out.trades.get(t.id);
    const fromOrder = out.orders.get(t.order);
    if ((!fromTrade && !fromOrder) || !orderById.has(t.order)) continue;
    if (fromTrade) for (const [family, score] of fromTrade) cover(out.orders, t.order, family, score);
    if (fromOrder) for (const [family, score] of fromOrder) cover(out.trades, t.id, family, score);
  }
  return out;
}

export function labelOf(families: FamilyScores | undefined, compromised: boolean): ActivityLabel {
  if (!families) return 'normal';
  let counted = 0;
  let strongest = 0;
  for (const [family, score] of families) {
    if (score < COUNTING_SCORE) continue;
    counted++;
    if (STRONG_FAMILIES.has(family) && score >= FIRING_SCORE) strongest = Math.max(strongest, score);
  }
  if (counted === 0) return 'normal';
  if (compromised && strongest > 0 && (counted >= 2 || strongest >= CERTAIN_SCORE)) return 'attacker-likely';
  return 'suspicious';
}

const FAMILY_NAMES: Record<string, string> = {
  market: 'a new market',
  price: 'off-price fills',
  tempo: 'bursts of activity',
  flow: 'liquidate-then-concentrate',
  withdrawal: 'a withdrawal to a new address',
  value: 'value drained through trades',
  style: 'unusual order types',
  origin: 'foreign client order ids',
  timing: 'unusual timing',
};

export function decideVerdict(findings: readonly Finding[], trades: readonly BundleTrade[]): Verdict {
  const firing = new Map<string, number>();
  for (const f of findings) {
    if (DERIVED_FAMILIES.has(f.signal) || f.score < FIRING_SCORE) continue;
    firing.set(f.signal, Math.max(firing.get(f.signal) ?? 0, f.score));
  }
  const signals = [...firing.keys()].sort();
  const strong = signals.filter((s) => STRONG_FAMILIES.has(s));
  // How many separate actions the strong evidence spans: orders (a fill without an order counts alone) and withdrawals.
  const strongTrades = new Set<string>();
  const actions = new Set<string>();
  for (const f of findings) {
    if (!STRONG_FAMILIES.has(f.signal) || f.score < FIRING_SCORE) continue;
    for (const id of f.tradeIds) strongTrades.add(id);
    for (const id of f.orderIds) actions.add(`o:${id}`);
    for (const id of f.withdrawalIds) actions.add(`w:${id}`);
  }
  if (strongTrades.size > 0) for (const t of trades) if (strongTrades.has(t.id)) actions.add(`o:${t.order ?? t.id}`);
  const names = list(signals.map((s) => FAMILY_NAMES[s] ?? s));
  if (signals.length >= 2 && strong.length >= 1 && actions.size >= 2) {
    return { compromised: true, level: 'compromise-suspected', signals, summary: `Compromise suspected: ${plural(signals.length, 'independent signal')} (${names}).` };
  }
  if (findings.some((f) => f.score >= 0.4)) {
    const why = signals.length === 0 ? 'only weak signals' : `only ${names}`;
    return { compromised: false, level: 'suspicious', signals, summary: `Suspicious but not conclusive: ${why}; one kind of evidence is not enough. Review the flagged activity.` };
  }
  return { compromised: false, level: 'clean', signals, summary: 'No sign of unauthorized activity.' };
}
