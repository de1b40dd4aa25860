// R10: the same activity returning after a quiet gap (FTX DMG: 18 and 19 October, then again on
// the 21st). It adds no new evidence (it restates the other findings), but it tells the owner
// the key is still in someone's hands.
import { duration, plural, time } from '../format.js';
import type { BundleTrade } from '../types.js';
import { anomalousTradeIds } from './anomalous-times.js';
import { finding, type Rule } from './rule.js';

export const recurrenceRule: Rule = {
  id: 'recurrence',
  family: 'recurrence',
  description: 'anomalous activity that stops for a day or more and then comes back',
  run({ index, prior }) {
    const anomalous = anomalousTradeIds(prior, { minScore: 0.5, strongOnly: true });
    if (anomalous.size === 0) return [];
    const gapMs = index.thresholds.quietGapHours * 3_600_000;
    const episodes: BundleTrade[][] = [];
    for (const tr of index.trades.window) {
      if (!anomalous.has(tr.id)) continue;
      const last = episodes.at(-1);
      if (last && tr.timestamp - last[last.length - 1].timestamp < gapMs) last.push(tr);
      else episodes.push([tr]);
    }
    if (episodes.length < 2) return [];
    let longest = 0;
    let resumedAt = 0;
    for (let i = 1; i < episodes.length; i++) {
      const quiet = episodes[i][0].timestamp - episodes[i - 1][episodes[i - 1].length - 1].timestamp;
      if (quiet > longest) {
        longest = quiet;
        resumedAt = episodes[i][0].timestamp;
      }
    }
    return [
      finding(this, {
        score: 0.7,
        sentence: `The anomalous trading stopped for ${duration(longest)} and came back at ${time(resumedAt)} (${plural(episodes.length, 'episode')} in all): whoever holds the key is still using it.`,
        trades: episodes.slice(1).flat(),
      }),
    ];
  },
};
