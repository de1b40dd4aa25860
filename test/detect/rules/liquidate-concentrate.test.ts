import { describe, expect, it } from 'vitest';
import { liquidateConcentrateRule } from '../../../src/detect/rules/liquidate-concentrate.js';
import { botActivity, bundle, DAY, HOUR, runRule, T0, trade } from '../helpers.js';

const at = T0 + 14 * HOUR;
const sell = (id: string, symbol: string, cost: number, dt: number) => trade({ id, timestamp: at + dt, symbol, side: 'sell', price: cost, amount: 1, cost });
const buy = (id: string, symbol: string, cost: number, dt: number) => trade({ id, timestamp: at + dt, symbol, side: 'buy', price: cost, amount: 1, cost });
const base = botActivity(['ADA/BTC'], T0 - 10 * DAY, 10, 2);

describe('rule liquidate-concentrate', () => {
  it('flags several assets sold into one quote, then most of it put into one new asset', () => {
    const trades = [sell('s1', 'ADA/BTC', 0.5, 0), sell('s2', 'LTC/BTC', 0.7, 10_000), sell('s3', 'XRP/BTC', 0.4, 20_000), sell('s4', 'TRX/BTC', 0.3, 30_000), buy('v1', 'VIA/BTC', 1.0, 60_000), buy('v2', 'VIA/BTC', 0.7, 70_000)];
    const { findings } = runRule(liquidateConcentrateRule, bundle({ trades: [...base.trades, ...trades] }));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: 'liquidate-concentrate', signal: 'flow', score: 0.85, tradeIds: ['s1', 's2', 's3', 's4', 'v1', 'v2'] });
    expect(findings[0].sentence).toBe('Sold ADA, LTC, TRX and XRP into BTC (1.9 BTC) and put 1.7 BTC (89%) of it into VIA within 1 minute, an asset this account had never traded.');
  });

  it('ignores a spread of buys (a rebalancing bot), too few assets, and buys long after', () => {
    const spread = [sell('s1', 'ADA/BTC', 1, 0), sell('s2', 'LTC/BTC', 1, 1000), sell('s3', 'XRP/BTC', 1, 2000), buy('b1', 'ETH/BTC', 1, 3000), buy('b2', 'SOL/BTC', 1, 4000), buy('b3', 'DOT/BTC', 1, 5000)];
    expect(runRule(liquidateConcentrateRule, bundle({ trades: spread })).findings).toEqual([]);
    const two = [sell('s1', 'ADA/BTC', 1, 0), sell('s2', 'LTC/BTC', 1, 1000), buy('v1', 'VIA/BTC', 2, 2000)];
    expect(runRule(liquidateConcentrateRule, bundle({ trades: two })).findings).toEqual([]);
    const late = [sell('s1', 'ADA/BTC', 1, 0), sell('s2', 'LTC/BTC', 1, 1000), sell('s3', 'XRP/BTC', 1, 2000), buy('v1', 'VIA/BTC', 3, HOUR)];
    expect(runRule(liquidateConcentrateRule, bundle({ trades: late })).findings).toEqual([]);
  });
});
