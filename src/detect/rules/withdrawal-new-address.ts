// R8: a withdrawal to an address the account never used and the operator never allowed; worse
// soon after anomalous trades (the VIA accounts withdrew "immediately afterwards") or when it
// takes nearly the whole balance (Binance 2019: 7,000 BTC in one transaction).
import { amount, duration, percent } from '../format.js';
import { marketParts } from '../symbols.js';
import type { BundleTrade, BundleTransfer } from '../types.js';
import { anomalousTradeIds } from './anomalous-times.js';
import { finding, type Rule } from './rule.js';

/** EVM addresses are case-insensitive (checksum casing); others are compared exactly. */
export function normalizeAddress(address: string): string {
  const a = address.trim();
  return /^0x[0-9a-fA-F]{40}$/.test(a) ? a.toLowerCase() : a;
}

export const withdrawalNewAddressRule: Rule = {
  id: 'withdrawal-new-address',
  family: 'withdrawal',
  description: 'a withdrawal to an address neither used in the baseline nor allow-listed; worse within 60 minutes after anomalous trades or near the full balance',
  run({ index, prior }) {
    const t = index.thresholds;
    const known = new Set<string>();
    for (const a of index.config.allowlistedAddresses ?? []) known.add(normalizeAddress(a));
    for (const w of index.withdrawals.baseline) if (w.address) known.add(normalizeAddress(w.address));
    // Market orders at 3 a.m. right before a withdrawal count here, though style and timing are weak alone.
    const anomalous = anomalousTradeIds(prior, { minScore: 0.4, strongOnly: false });
    const anomalousTrades = index.trades.window.filter((tr) => anomalous.has(tr.id));
    const afterMs = t.withdrawalAfterAnomalyMinutes * 60_000;
    const out = [];
    for (const w of index.withdrawals.window) {
      if (w.address && known.has(normalizeAddress(w.address))) continue;
      const funding = fundingTrades(anomalousTrades, w, afterMs);
      const held = index.bundle.balances?.[w.currency];
      // Balance just before = what is left now + this withdrawal (later movements are small next to a drain).
      const share = held !== undefined ? w.amount / (w.amount + held) : undefined;
      const nearFull = share !== undefined && share >= t.withdrawalFullBalanceShare;
      const lastAnomaly = anomalousTrades.filter((tr) => tr.timestamp <= w.timestamp && w.timestamp - tr.timestamp <= afterMs).at(-1);
      let score = w.address ? 0.6 : 0.4;
      if (nearFull) score += 0.2;
      // Minutes after anomalous trades, a new address is how a thief cashes out: near-certain on its own.
      if (lastAnomaly) score += 0.3;
      const where = w.address ? `to ${w.address}${w.network ? ` (${w.network})` : ''}, an address never used before and not on the allow-list` : 'to an address the exchange did not report';
      const soon = lastAnomaly ? `, ${duration(w.timestamp - lastAnomaly.timestamp)} after anomalous trades` : '';
      const full = nearFull ? `; that is ${percent(share)} of the account's ${w.currency}` : '';
      const status = w.status && w.status !== 'ok' ? ` (status: ${w.status})` : '';
      out.push(
        finding(this, {
          score: Math.min(0.95, score),
          sentence: `Withdrew ${amount(w.amount)} ${w.currency} ${where}${soon}${full}${status}.`,
          withdrawals: [w],
          trades: funding,
        }),
      );
    }
    return out;
  },
};

/** The anomalous fills shortly before the withdrawal that produced the withdrawn currency. */
function fundingTrades(anomalous: readonly BundleTrade[], w: BundleTransfer, afterMs: number): BundleTrade[] {
  return anomalous.filter((tr) => {
    if (tr.timestamp > w.timestamp || w.timestamp - tr.timestamp > afterMs) return false;
    const { base, quote } = marketParts(tr.symbol);
    return (tr.side === 'sell' && quote === w.currency) || (tr.side === 'buy' && base === w.currency);
  });
}
