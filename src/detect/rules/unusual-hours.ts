// R7, first half: activity at hours of the day when the account is almost never active (VIA:
// 14:58 UTC on accounts that did not trade then). Weak alone: owners do trade at night.
import { hourRanges, percent, plural } from '../format.js';
import { finding, type Rule } from './rule.js';

const HOUR_MS = 3_600_000;
const hourOf = (ts: number): number => Math.floor(ts / HOUR_MS) % 24;

export const unusualHoursRule: Rule = {
  id: 'unusual-hours',
  family: 'timing',
  description: "activity at UTC hours holding under 1% of the account's baseline activity and not among the operator's usual hours",
  run({ index }) {
    const t = index.thresholds;
    const histogram = new Array<number>(24).fill(0);
    let total = 0;
    for (const list of [index.trades.baseline, index.orders.baseline, index.withdrawals.baseline]) {
      for (const r of list) histogram[hourOf(r.timestamp)]++;
      total += list.length;
    }
    const configured = new Set(index.config.usualHoursUtc ?? []);
    if (total < t.minBaselineRecords && configured.size === 0) return [];
    const usual = (h: number): boolean => configured.has(h) || (total >= t.minBaselineRecords && histogram[h] / total >= t.unusualHourShare);
    const odd = <T extends { timestamp: number }>(list: readonly T[]): T[] => list.filter((r) => !usual(hourOf(r.timestamp)));
    const trades = odd(index.trades.window);
    const orders = odd(index.orders.window);
    const withdrawals = odd(index.withdrawals.window);
    if (trades.length + orders.length + withdrawals.length === 0) return [];
    const hours = [...new Set([...trades, ...orders, ...withdrawals].map((r) => hourOf(r.timestamp)))].sort((a, b) => a - b);
    const share = hours.reduce((sum, h) => sum + histogram[h], 0) / Math.max(1, total);
    // An hour never seen in a long baseline says more than one seen a few times.
    const score = share === 0 && total >= 10 * t.minBaselineRecords ? 0.5 : 0.4;
    const counts = [plural(trades.length, 'fill'), plural(orders.length, 'order'), plural(withdrawals.length, 'withdrawal')].filter((c) => !c.startsWith('0 ')).join(', ');
    return [
      finding(this, {
        score,
        sentence: `${counts} at ${hourRanges(hours)} UTC, hours that hold ${percent(share)} of this account's baseline activity.`,
        trades,
        orders,
        withdrawals,
      }),
    ];
  },
};
