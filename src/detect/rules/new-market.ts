// R1: a market the account never traded in the baseline (VIA/BTC 2018, DMG 2022, the low-cap
// coins of the 3Commas leak). Stronger when the asset itself is new to the account and when
// the market is illiquid: thin markets are where a stolen trading key turns into money.
import { amount } from '../format.js';
import { dailyQuoteVolume, fillSummary, recordCount } from './market-data.js';
import { finding, type Rule } from './rule.js';

export const newMarketRule: Rule = {
  id: 'new-market',
  family: 'market',
  description: 'orders or fills in a market the account never traded in the baseline (stronger for a new asset, and for an illiquid market)',
  run({ index }) {
    const operatorSymbols = new Set(index.config.operatorSymbols ?? []);
    const baselineDays = Math.round((index.bundle.baseline.until - index.bundle.baseline.since) / 86_400_000);
    const out = [];
    for (const s of index.symbols.values()) {
      if (s.trades.window.length === 0 && s.orders.window.length === 0) continue;
      if (index.baselineSymbols.has(s.symbol) || operatorSymbols.has(s.symbol)) continue;
      const assetIsNew = !index.baselineAssets.has(s.base);
      const firstActivity = Math.min(s.trades.window[0]?.timestamp ?? Infinity, s.orders.window[0]?.timestamp ?? Infinity);
      const volume = dailyQuoteVolume(index, s.symbol, firstActivity);
      const illiquid = volume !== undefined && volume < index.thresholds.illiquidQuoteVolume;
      const liquidity = volume === undefined ? 'unknown' : illiquid ? 'illiquid' : 'liquid';
      const score = { unknown: assetIsNew ? 0.5 : 0.35, illiquid: assetIsNew ? 0.8 : 0.55, liquid: assetIsNew ? 0.4 : 0.25 }[liquidity];
      const what = s.trades.window.length > 0 ? `${fillSummary(s.trades.window, s.base)} on ${s.symbol}` : `Placed ${recordCount(0, s.orders.window.length)} on ${s.symbol}`;
      const history = assetIsNew ? `this account had never traded ${s.base}` : `this account had not traded ${s.symbol}`;
      const thin = illiquid ? `; the market is illiquid (about ${amount(volume)} in reference value traded in the 24 hours before this account's first trade there)` : '';
      out.push(
        finding(this, {
          score,
          sentence: `${what}; ${history} in the ${baselineDays}-day baseline and it is not among the operator's symbols${thin}.`,
          trades: s.trades.window,
          orders: s.orders.window,
        }),
      );
    }
    return out;
  },
};
