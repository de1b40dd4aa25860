// R9: value drained through trades alone, without withdrawals: the FTX DMG "contra trades"
// ($1.6M over 5,000 trades) and the 3Commas buys of coins "from him at much higher prices".
// Every fill is valued at fair prices: for each asset the lower of its price before the window
// and its reference price now, so a coin pumped by the attack itself is not counted at its pump.
import { amount, percent } from '../format.js';
import { tradeCost } from '../activity-index.js';
import { marketParts } from '../symbols.js';
import type { BundleTrade } from '../types.js';
import { preWindowPrice, referencePrice } from './market-data.js';
import { finding, type Rule } from './rule.js';

/** A fill that lost more than this share of what it gave is one of the draining fills. */
const LOSING_FILL_SHARE = 0.1;

export const valueDrainRule: Rule = {
  id: 'value-drain',
  family: 'value',
  description: "the account lost over 20% of its value through trades alone (valued at prices before the window), more than it withdrew",
  run({ index }) {
    const { balances } = index.bundle;
    if (!balances || !index.bundle.referencePrices) {
      if (index.trades.window.length > 0) index.notes.push('No balances or reference prices in the bundle: value drained through trades was not checked.');
      return [];
    }
    const fairCache = new Map<string, number | undefined>();
    const fair = (asset: string): number | undefined => {
      if (!fairCache.has(asset)) {
        const now = referencePrice(index, asset);
        const before = preWindowPrice(index, asset);
        fairCache.set(asset, now === undefined ? before : before === undefined ? now : Math.min(now, before));
      }
      return fairCache.get(asset);
    };
    let lost = 0;
    const losing: BundleTrade[] = [];
    for (const tr of index.trades.window) {
      const { base, quote } = marketParts(tr.symbol);
      const fb = fair(base);
      const fq = fair(quote);
      if (fb === undefined || fq === undefined) continue;
      const baseValue = tr.amount * fb;
      const quoteValue = tradeCost(tr) * fq;
      const given = tr.side === 'buy' ? quoteValue : baseValue;
      const loss = given - (tr.side === 'buy' ? baseValue : quoteValue);
      lost += loss;
      if (given > 0 && loss / given > LOSING_FILL_SHARE) losing.push(tr);
    }
    let valueNow = 0;
    for (const [asset, held] of Object.entries(balances)) valueNow += held * (fair(asset) ?? 0);
    const value = (list: readonly { currency: string; amount: number }[]): number => list.reduce((sum, x) => sum + x.amount * (fair(x.currency) ?? 0), 0);
    const withdrawn = value(index.withdrawals.window);
    const deposited = value(index.deposits.window);
    const valueBefore = valueNow + lost + withdrawn - deposited;
    if (valueBefore <= 0 || lost <= withdrawn) return [];
    const share = lost / valueBefore;
    if (share < index.thresholds.drainShare || losing.length === 0) return [];
    const assets = [...new Set(losing.map((tr) => `${tr.side === 'buy' ? 'buying' : 'selling'} ${marketParts(tr.symbol).base}`))].slice(0, 3).join(', ');
    const withdrawnText = withdrawn > 0 ? `only ${amount(withdrawn)} was withdrawn` : 'nothing was withdrawn';
    return [
      finding(this, {
        score: share >= 0.5 ? 0.9 : 0.8,
        sentence: `The account lost about ${amount(lost)} in reference value (${percent(share)} of what it held) through ${losing.length} fills at unfair prices (${assets}), valued at prices before the window; ${withdrawnText}.`,
        trades: losing,
      }),
    ];
  },
};
