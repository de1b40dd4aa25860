import { describe, expect, it } from 'vitest';
import { burstRule } from '../../../src/detect/rules/burst.js';
import { rushFillsRule } from '../../../src/detect/rules/rush-fills.js';
import { botActivity, bundle, DAY, HOUR, runRule, T0, trade } from '../helpers.js';

const base = botActivity(['LTC/USDT'], T0 - 30 * DAY, 30, 24);

describe('rule burst', () => {
  it('flags a minute with far more fills on one market than the baseline ever had', () => {
    const burst = Array.from({ length: 40 }, (_, i) => trade({ id: `b${i}`, timestamp: T0 + HOUR + i * 1000, symbol: 'DMG/USD', side: 'buy' }));
    const { findings } = runRule(burstRule, bundle({ ...base, trades: [...base.trades, ...burst] }));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: 'burst', signal: 'tempo', score: 0.75 });
    expect(findings[0].tradeIds).toHaveLength(40);
    expect(findings[0].sentence).toBe("40 fills on DMG/USD within one minute (from 2023-10-24 01:00 UTC); the account's busiest minute in the baseline had 1 fill on any market.");
  });

  it('flags a day of steady contra trading through the hourly scale', () => {
    // 400 fills an hour, 6 or 7 a minute: no minute is a burst, the hour is.
    const steady = Array.from({ length: 400 }, (_, i) => trade({ id: `d${i}`, timestamp: T0 + HOUR + i * 9000, symbol: 'DMG/USD', side: 'buy' }));
    const { findings } = runRule(burstRule, bundle({ ...base, trades: [...base.trades, ...steady] }));
    expect(findings[0].tradeIds).toHaveLength(400);
    expect(findings[0].sentence).toMatch(/^400 fills on DMG\/USD within one hour/);
  });

  it('does not flag a bot as busy as it always was', () => {
    const more = botActivity(['LTC/USDT'], T0, 1, 24, 70, 9_000_000);
    expect(runRule(burstRule, bundle({ trades: [...base.trades, ...more.trades], orders: [...base.orders, ...more.orders] })).findings).toEqual([]);
  });
});

describe('rule rush-fills', () => {
  const sweep = (n: number, ts: number) => Array.from({ length: 6 }, (_, i) => trade({ id: `r${n}-${i}`, timestamp: ts, symbol: 'VIA/BTC', side: 'buy' }));

  it('flags repeated same-millisecond groups of fills', () => {
    const fills = [sweep(1, T0 + HOUR), sweep(2, T0 + HOUR + 500), sweep(3, T0 + HOUR + 900)].flat();
    const { findings } = runRule(rushFillsRule, bundle({ trades: [...base.trades, ...fills] }));
    expect(findings).toHaveLength(1);
    expect(findings[0].tradeIds).toHaveLength(18);
    expect(findings[0].sentence).toMatch(/^3 times, 5 or more fills on VIA\/BTC landed in the same millisecond \(18 fills in all\)/);
  });

  it('ignores one sweep, and sweeps as frequent as in the baseline', () => {
    expect(runRule(rushFillsRule, bundle({ trades: [...base.trades, ...sweep(1, T0 + HOUR)] })).findings).toEqual([]);
    const habitual = Array.from({ length: 30 }, (_, d) => sweep(100 + d, T0 - (d + 1) * DAY)).flat();
    const fills = [sweep(1, T0 + HOUR), sweep(2, T0 + 2 * HOUR), sweep(3, T0 + 3 * HOUR)].flat();
    expect(runRule(rushFillsRule, bundle({ trades: [...base.trades, ...habitual, ...fills] })).findings).toEqual([]);
  });
});
