import { describe, expect, it } from 'vitest';
import { newMarketRule } from '../../../src/detect/rules/new-market.js';
import { botActivity, bundle, DAY, flatCandles, HOUR, runRule, T0, trade } from '../helpers.js';

const base = botActivity(['LTC/USDT'], T0 - 30 * DAY, 30, 4);
const viaBuys = [1, 2, 3].map((i) => trade({ id: `v${i}`, timestamp: T0 + 14 * HOUR + i * 1000, symbol: 'VIA/BTC', side: 'buy', price: 0.00025 * 10 * i, amount: 1000 }));

describe('rule new-market', () => {
  it('flags fills in a market and an asset the account never traded, stronger when the market is illiquid', () => {
    // 10 VIA a minute at 0.00025 BTC, BTC at 20,000: 72,000 in reference value a day.
    const ohlcv = { 'VIA/BTC': flatCandles(T0 - DAY, 24 * 60 + 60, 0.00025, 10) };
    const b = bundle({ trades: [...base.trades, ...viaBuys], orders: base.orders, ohlcv, referencePrices: { BTC: 20_000 } });
    const { findings } = runRule(newMarketRule, b);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: 'new-market', signal: 'market', severity: 'high', score: 0.8, tradeIds: ['v1', 'v2', 'v3'] });
    expect(findings[0].sentence).toMatch(/^Bought 3,000 VIA on VIA\/BTC; this account had never traded VIA in the 30-day baseline .* the market is illiquid \(about 72,000 in reference value/);
  });

  it('is weak for a liquid market and unknown liquidity is in between', () => {
    const liquid = { 'VIA/BTC': flatCandles(T0 - DAY, 24 * 60, 0.00025, 1e7) };
    const { findings: [l] } = runRule(newMarketRule, bundle({ trades: [...base.trades, ...viaBuys], ohlcv: liquid, referencePrices: { BTC: 20_000 } }));
    expect(l.score).toBe(0.4);
    const { findings: [u] } = runRule(newMarketRule, bundle({ trades: [...base.trades, ...viaBuys] }));
    expect(u.score).toBe(0.5);
  });

  it('stays quiet for markets in the baseline and for symbols the operator just added', () => {
    const ltc = trade({ id: 'x1', timestamp: T0 + HOUR, symbol: 'LTC/USDT' });
    expect((runRule(newMarketRule, bundle({ trades: [...base.trades, ltc] }))).findings).toEqual([]);
    const added = bundle({ trades: [...base.trades, ...viaBuys], config: { operatorSymbols: ['VIA/BTC'] } });
    expect((runRule(newMarketRule, added)).findings).toEqual([]);
  });
});
