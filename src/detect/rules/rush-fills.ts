// R3, second half: many fills in the same millisecond. A market order that sweeps the book
// fills at several prices at once; La Morgia et al. call these "rush orders" and found them the
// strongest single feature of pump-and-dumps. One sweep is normal; a run of them, far more
// often than in the baseline, is not.
import { amount, plural } from '../format.js';
import type { BundleTrade } from '../types.js';
import { finding, type Rule } from './rule.js';

function rushGroups(trades: readonly BundleTrade[], size: number): BundleTrade[][] {
  const groups: BundleTrade[][] = [];
  let i = 0;
  while (i < trades.length) {
    let j = i + 1;
    while (j < trades.length && trades[j].timestamp === trades[i].timestamp) j++;
    if (j - i >= size) groups.push(trades.slice(i, j) as BundleTrade[]);
    i = j;
  }
  return groups;
}

export const rushFillsRule: Rule = {
  id: 'rush-fills',
  family: 'tempo',
  description: 'repeated groups of fills sharing one millisecond on a market (book-sweeping market orders), far more often than in the baseline',
  run({ index }) {
    const t = index.thresholds;
    const { baseline, window } = index.bundle;
    const baselineDays = Math.max(1, (baseline.until - baseline.since) / 86_400_000);
    const windowDays = Math.max(1 / 24, (window.until - window.since) / 86_400_000);
    let baselineGroups = 0;
    for (const s of index.symbols.values()) baselineGroups += rushGroups(s.trades.baseline, t.rushGroupSize).length;
    const allowedPerDay = (t.burstBaselineMultiple * baselineGroups) / baselineDays;
    const out = [];
    for (const s of index.symbols.values()) {
      const groups = rushGroups(s.trades.window, t.rushGroupSize);
      if (groups.length < t.rushMinGroups || groups.length / windowDays <= allowedPerDay) continue;
      const fills = groups.flat();
      out.push(
        finding(this, {
          score: 0.6,
          sentence: `${plural(groups.length, 'time')}, ${t.rushGroupSize} or more fills on ${s.symbol} landed in the same millisecond (${amount(fills.length)} fills in all), the mark of market orders sweeping the book; the baseline had ${plural(baselineGroups, 'such group')}.`,
          trades: fills,
        }),
      );
    }
    return out;
  },
};
