// R3: bursts of orders or fills on one market: the VIA/BTC buys came in two minutes, the DMG
// account traded more than 5,000 times in a day. Judged against the account's own busiest
// minute and hour in the baseline, so a busy bot is not an alarm by being busy.
import { amount, plural, time } from '../format.js';
import type { BundleOrder, BundleTrade } from '../types.js';
import { finding, type Rule } from './rule.js';
import { peakCount, recordsInCrowdedWindows } from './sliding.js';

const SCALES = [
  { name: 'minute', ms: 60_000, floor: (t: { burstPerMinute: number }) => t.burstPerMinute },
  { name: 'hour', ms: 3_600_000, floor: (t: { burstPerHour: number }) => t.burstPerHour },
] as const;

export const burstRule: Rule = {
  id: 'burst',
  family: 'tempo',
  description: "more orders or fills on one market in a minute or an hour than the account's baseline ever had (x10), and at least 20 a minute or 120 an hour",
  run({ index }) {
    const t = index.thresholds;
    const out = [];
    // The baseline's busiest minute and hour on any one market, for fills and for orders.
    const baselinePeak = { fills: [0, 0], orders: [0, 0] };
    for (const s of index.symbols.values()) {
      SCALES.forEach((scale, i) => {
        baselinePeak.fills[i] = Math.max(baselinePeak.fills[i], peakCount(s.trades.baseline, scale.ms));
        baselinePeak.orders[i] = Math.max(baselinePeak.orders[i], peakCount(s.orders.baseline, scale.ms));
      });
    }
    for (const s of index.symbols.values()) {
      const trades = new Set<BundleTrade>();
      const orders = new Set<BundleOrder>();
      let strongest: { ratio: number; text: string } | undefined;
      for (const [kind, list, marked] of [['fills', s.trades.window, trades], ['orders', s.orders.window, orders]] as const) {
        SCALES.forEach((scale, i) => {
          const limit = Math.max(scale.floor(t), t.burstBaselineMultiple * baselinePeak[kind][i]);
          if (list.length <= limit) return;
          const { crowded, peak, peakAt } = recordsInCrowdedWindows<BundleTrade | BundleOrder>(list, scale.ms, limit);
          if (crowded.length === 0) return;
          for (const r of crowded) (marked as Set<BundleTrade | BundleOrder>).add(r);
          const ratio = peak / limit;
          if (!strongest || ratio > strongest.ratio) {
            strongest = { ratio, text: `${amount(peak)} ${kind} on ${s.symbol} within one ${scale.name} (from ${time(peakAt)}); the account's busiest ${scale.name} in the baseline had ${plural(baselinePeak[kind][i], kind.slice(0, -1))} on any market` };
          }
        });
      }
      if (!strongest) continue;
      const score = strongest.ratio >= 5 ? 0.85 : strongest.ratio >= 2 ? 0.75 : 0.6;
      const sentence = `${strongest.text.charAt(0).toUpperCase()}${strongest.text.slice(1)}.`;
      out.push(finding(this, { score, sentence, trades: [...trades], orders: [...orders] }));
    }
    return out;
  },
};
