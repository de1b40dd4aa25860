// R7, second half: activity after a long silence. The VIA attacker's keys sat unused for weeks;
// the second DMG victim had "not used the API key for 2 years". A key that wakes up is worth a look.
import { duration, plural, time } from '../format.js';
import { finding, type Rule } from './rule.js';

export const dormancyRule: Rule = {
  id: 'dormancy',
  family: 'timing',
  description: 'activity in the window after 30 days or more without any trade, order or withdrawal',
  run({ index }) {
    const gapMs = index.thresholds.dormantDays * 86_400_000;
    const window = [index.trades.window, index.orders.window, index.withdrawals.window];
    const baseline = [index.trades.baseline, index.orders.baseline, index.withdrawals.baseline];
    // All activity times, sorted once (a typed-array sort: fast for a million records).
    const times = new Float64Array(window.reduce((n, l) => n + l.length, 0));
    if (times.length === 0) return [];
    let k = 0;
    for (const list of window) for (const r of list) times[k++] = r.timestamp;
    times.sort();
    let lastBefore = -Infinity;
    for (const list of baseline) if (list.length > 0) lastBefore = Math.max(lastBefore, list[list.length - 1].timestamp);
    // An empty baseline may mean an unused key or a bundle without its history: not judged.
    if (!Number.isFinite(lastBefore)) {
      index.notes.push('The baseline holds no activity at all: dormancy and the account\'s usual behaviour were not judged.');
      return [];
    }
    const silentSince = lastBefore;
    let wakeAt: number | undefined;
    let silence = 0;
    let previous = silentSince;
    for (const ts of times) {
      if (ts - previous >= gapMs && ts - previous > silence) {
        wakeAt = ts;
        silence = ts - previous;
      }
      previous = ts;
    }
    if (wakeAt === undefined) return [];
    const after = <T extends { timestamp: number }>(list: readonly T[]): T[] => list.filter((r) => r.timestamp >= wakeAt);
    const trades = after(index.trades.window);
    const orders = after(index.orders.window);
    const withdrawals = after(index.withdrawals.window);
    return [
      finding(this, {
        score: 0.5,
        sentence: `Activity resumed at ${time(wakeAt)} after ${duration(silence)} without any trade, order or withdrawal: ${plural(trades.length, 'fill')}, ${plural(orders.length, 'order')} and ${plural(withdrawals.length, 'withdrawal')} since.`,
        trades,
        orders,
        withdrawals,
      }),
    ];
  },
};
