// Which fills earlier rules found anomalous, for the rules that judge what came after them
// (a withdrawal soon after, a recurrence days later).
import type { Finding } from '../types.js';
import { DERIVED_FAMILIES, STRONG_FAMILIES } from './rule.js';

/** Ids of fills covered by a finding of at least `minScore` (of a strong family only, if asked). */
export function anomalousTradeIds(prior: readonly Finding[], options: { minScore: number; strongOnly: boolean }): Set<string> {
  const ids = new Set<string>();
  for (const f of prior) {
    if (DERIVED_FAMILIES.has(f.signal) || f.score < options.minScore) continue;
    if (options.strongOnly && !STRONG_FAMILIES.has(f.signal)) continue;
    for (const id of f.tradeIds) ids.add(id);
  }
  return ids;
}
