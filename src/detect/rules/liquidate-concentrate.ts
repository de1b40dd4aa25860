// R4: liquidate-then-concentrate. Several assets sold into one quote asset within minutes, then
// most of the proceeds put into one other asset: the VIA pattern (alts -> BTC -> VIA) and the
// 3Commas class action's "selling all assets into low market cap cryptocurrencies". One sliding
// window per quote asset, updated record by record, so the cost stays linear.
import { amount, duration, list, percent } from '../format.js';
import { tradeCost } from '../activity-index.js';
import type { BundleTrade } from '../types.js';
import { marketParts } from '../symbols.js';
import { finding, type Rule } from './rule.js';

interface Episode {
  quote: string;
  target: string;
  sold: Map<string, number>;
  proceeds: number;
  spent: number;
  trades: Set<BundleTrade>;
}

export const liquidateConcentrateRule: Rule = {
  id: 'liquidate-concentrate',
  family: 'flow',
  description: 'three or more assets sold into one quote asset within 15 minutes, with most of the proceeds then put into one other asset',
  run({ index }) {
    const t = index.thresholds;
    const spanMs = t.concentrateWindowMinutes * 60_000;
    const byQuote = new Map<string, BundleTrade[]>();
    for (const trade of index.trades.window) {
      const { quote } = marketParts(trade.symbol);
      let q = byQuote.get(quote);
      if (!q) byQuote.set(quote, (q = []));
      q.push(trade);
    }
    const episodes: Episode[] = [];
    for (const [quote, trades] of byQuote) {
      const sold = new Map<string, number>();
      const bought = new Map<string, number>();
      let proceeds = 0;
      let left = 0;
      let current: Episode | undefined;
      // Records up to here are already sorted into the current episode (each is looked at once).
      let markedUpTo = -1;
      for (let right = 0; right < trades.length; right++) {
        const add = trades[right];
        while (add.timestamp - trades[left].timestamp >= spanMs) {
          const drop = trades[left++];
          const book = drop.side === 'sell' ? sold : bought;
          const base = marketParts(drop.symbol).base;
          const rest = (book.get(base) ?? 0) - tradeCost(drop);
          if (rest <= 1e-12) book.delete(base);
          else book.set(base, rest);
          if (drop.side === 'sell') proceeds -= tradeCost(drop);
        }
        const base = marketParts(add.symbol).base;
        const book = add.side === 'sell' ? sold : bought;
        book.set(base, (book.get(base) ?? 0) + tradeCost(add));
        if (add.side === 'sell') proceeds += tradeCost(add);
        if (add.side !== 'buy') continue;
        const spent = bought.get(base) ?? 0;
        const otherAssetsSold = sold.size - (sold.has(base) ? 1 : 0);
        if (otherAssetsSold < t.concentrateMinAssetsSold || proceeds <= 0 || spent / proceeds < t.concentrateMinShare) continue;
        if (!current || current.target !== base || current.quote !== quote) {
          current = { quote, target: base, sold: new Map(), proceeds: 0, spent: 0, trades: new Set() };
          episodes.push(current);
          markedUpTo = left - 1;
        }
        current.proceeds = Math.max(current.proceeds, proceeds);
        current.spent = Math.max(current.spent, spent);
        for (let i = Math.max(left, markedUpTo + 1); i <= right; i++) {
          const r = trades[i];
          const rBase = marketParts(r.symbol).base;
          if (r.side === 'sell' && rBase !== base) {
            current.trades.add(r);
            current.sold.set(rBase, (current.sold.get(rBase) ?? 0) + tradeCost(r));
          } else if (r.side === 'buy' && rBase === base) current.trades.add(r);
        }
        markedUpTo = right;
      }
    }
    return episodes.map((e) => {
      const covered = [...e.trades];
      const span = covered.length > 1 ? covered[covered.length - 1].timestamp - covered[0].timestamp : 0;
      const target = e.target;
      const isNew = !index.baselineAssets.has(target);
      const assets = [...e.sold.keys()].sort();
      return finding(this, {
        score: isNew ? 0.85 : 0.65,
        sentence: `Sold ${list(assets)} into ${e.quote} (${amount(e.proceeds)} ${e.quote}) and put ${amount(e.spent)} ${e.quote} (${percent(Math.min(1, e.spent / e.proceeds))}) of it into ${target} within ${duration(span)}${isNew ? `, an asset this account had never traded` : ''}.`,
        trades: covered,
      });
    });
  },
};
