// R2: fills far from the market, by direction: a buy well above, or a sell well below, the price
// just before the account started trading that market (VIA/BTC bought at 100x, SYS at 96 BTC,
// DMG contra trades). R11's guard is built in: when the minute's candle shows the market itself
// traded at that price and the account made only a small share of that volume, the market moved
// (a market-wide pump) and the fill is no evidence.
import { candleStart, lastCandleBefore, type CandleSeries } from '../activity-index.js';
import { amount, percent, ratioText } from '../format.js';
import type { BundleTrade } from '../types.js';
import { finding, type Rule } from './rule.js';

/** A pause this long ends a run of fills; the next run takes a fresh reference price. */
const RUN_GAP_MS = 5 * 60_000;

interface Flagged {
  trade: BundleTrade;
  reference: number;
  deviation: number;
  unguarded: boolean;
  ownShare?: number;
}

export const offPriceRule: Rule = {
  id: 'off-price',
  family: 'price',
  description: 'buys far above, or sells far below, the price a minute before; not when the market itself traded there',
  run({ index }) {
    const t = index.thresholds;
    const majors = new Set(t.majors);
    const out = [];
    for (const s of index.symbols.values()) {
      const series = index.candles.get(s.symbol);
      if (s.trades.window.length === 0) continue;
      if (!series) {
        index.notes.push(`No reference prices (OHLCV) for ${s.symbol}: its fill prices were not checked.`);
        continue;
      }
      const tolerance = majors.has(s.base) ? t.priceDeviationMajor : t.priceDeviationAlt;
      const ownVolume = ownVolumeByCandle(series, s.trades.window);
      const flagged: Flagged[] = [];
      let runStart = -Infinity;
      let previous = -Infinity;
      for (const trade of s.trades.window) {
        if (trade.timestamp - previous >= RUN_GAP_MS) runStart = trade.timestamp;
        previous = trade.timestamp;
        const refIndex = lastCandleBefore(series, candleStart(series, runStart));
        const reference = refIndex >= 0 ? series.candles[refIndex][4] : series.candles[series.byStart.get(candleStart(series, trade.timestamp)) ?? -1]?.[1];
        if (!reference) continue;
        const deviation = trade.side === 'buy' ? trade.price / reference - 1 : 1 - trade.price / reference;
        if (deviation <= tolerance) continue;
        const start = candleStart(series, trade.timestamp);
        const at = series.byStart.get(start);
        if (at === undefined) {
          flagged.push({ trade, reference, deviation, unguarded: true });
          continue;
        }
        const [, , high, low, , volume] = series.candles[at];
        const ownShare = volume > 0 ? Math.min(1, (ownVolume.get(start) ?? 0) / volume) : 1;
        const marketTradedThere = trade.price <= high * 1.0001 && trade.price >= low * 0.9999;
        if (marketTradedThere && ownShare < t.marketMoveOwnVolumeShare) continue; // the market moved, not this account
        flagged.push({ trade, reference, deviation, unguarded: false, ownShare });
      }
      for (const side of ['buy', 'sell'] as const) {
        const mine = flagged.filter((f) => f.trade.side === side);
        if (mine.length > 0) out.push(describe(this, s.symbol, s.base, s.quote, side, mine, tolerance, !index.baselineAssets.has(s.base)));
      }
    }
    return out;
  },
};

function ownVolumeByCandle(series: CandleSeries, trades: readonly BundleTrade[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const trade of trades) {
    const start = candleStart(series, trade.timestamp);
    out.set(start, (out.get(start) ?? 0) + trade.amount);
  }
  return out;
}

function describe(rule: Rule, symbol: string, base: string, quote: string, side: 'buy' | 'sell', flagged: Flagged[], tolerance: number, newAsset: boolean) {
  let worst = flagged[0];
  let total = 0;
  for (const f of flagged) {
    total += f.trade.amount;
    if (f.deviation > worst.deviation) worst = f;
  }
  const extreme = Math.min(10 * tolerance, side === 'sell' ? 0.9 : Infinity);
  let score = worst.deviation >= extreme ? 0.95 : worst.deviation >= 3 * tolerance ? 0.85 : 0.7;
  // Without the minute's candle the market-move guard could not run: weaker evidence.
  const unguarded = flagged.every((f) => f.unguarded);
  if (unguarded) score *= 0.7;
  const verb = side === 'buy' ? 'Bought' : 'Sold';
  const bound = side === 'buy' ? 'up to' : 'down to';
  const share = worst.ownShare !== undefined ? `; its own fills made ${percent(worst.ownShare)} of that minute's volume` : '; there is no candle for that minute to compare with';
  const never = newAsset ? `; this account had never traded ${base}` : '';
  const sentence = `${verb} ${amount(total)} ${base} on ${symbol} at ${bound} ${amount(worst.trade.price)} ${quote}, ${ratioText(worst.trade.price, worst.reference)} the price a minute earlier (${amount(worst.reference)} ${quote})${never}${share}.`;
  return finding(rule, { score, sentence, trades: flagged.map((f) => f.trade) });
}
