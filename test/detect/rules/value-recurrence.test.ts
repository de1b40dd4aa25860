import { describe, expect, it } from 'vitest';
import { recurrenceRule } from '../../../src/detect/rules/recurrence.js';
import { valueDrainRule } from '../../../src/detect/rules/value-drain.js';
import type { Finding } from '../../../src/detect/types.js';
import { bundle, DAY, flatCandles, HOUR, runRule, T0, trade } from '../helpers.js';

// DMG at 0.02 USD before the window; the account buys it at 0.2 with its BTC's proceeds.
const ohlcv = { 'DMG/USD': flatCandles(T0 - HOUR, 60, 0.02, 100) };
const contra = Array.from({ length: 10 }, (_, i) => trade({ id: `c${i}`, timestamp: T0 + HOUR + i * 60_000, symbol: 'DMG/USD', side: 'buy', price: 0.2, amount: 50_000, cost: 10_000 }));

describe('rule value-drain', () => {
  it('flags value lost through fills at unfair prices, valued at the price before the window', () => {
    // Held 120,000 USD before; paid 100,000 for DMG worth 10,000.
    const b = bundle({ trades: contra, ohlcv, balances: { USD: 20_000, DMG: 500_000 }, referencePrices: { DMG: 0.2, USD: 1 } });
    const { findings } = runRule(valueDrainRule, b);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ signal: 'value', score: 0.9, severity: 'critical' });
    expect(findings[0].tradeIds).toHaveLength(10);
    expect(findings[0].sentence).toBe('The account lost about 90,000 in reference value (75% of what it held) through 10 fills at unfair prices (buying DMG), valued at prices before the window; nothing was withdrawn.');
  });

  it('does not count fair trades, and says so when it cannot value anything', () => {
    const fair = contra.map((t) => ({ ...t, price: 0.02, cost: 1000 }));
    expect(runRule(valueDrainRule, bundle({ trades: fair, ohlcv, balances: { USD: 20_000, DMG: 500_000 }, referencePrices: { DMG: 0.02 } })).findings).toEqual([]);
    const { findings, notes } = runRule(valueDrainRule, bundle({ trades: contra }));
    expect(findings).toEqual([]);
    expect(notes[0]).toMatch(/not checked/);
  });
});

describe('rule recurrence', () => {
  const strong = (ids: string[]): Finding => ({ rule: 'new-market', signal: 'market', severity: 'high', score: 0.8, tradeIds: ids, orderIds: [], withdrawalIds: [], sentence: '' });

  it('flags anomalous trading that comes back after a quiet day', () => {
    const later = contra.map((t, i) => ({ ...t, id: `l${i}`, timestamp: t.timestamp + 2 * DAY }));
    const b = bundle({ window: { since: T0, until: T0 + 3 * DAY }, trades: [...contra, ...later] });
    const { findings } = runRule(recurrenceRule, b, [strong([...contra, ...later].map((t) => t.id))]);
    expect(findings[0].tradeIds).toEqual(later.map((t) => t.id));
    expect(findings[0].sentence).toMatch(/^The anomalous trading stopped for 48 hours and came back at 2023-10-26 01:00 UTC \(2 episodes in all\)/);
  });

  it('needs earlier strong findings and a real gap', () => {
    expect(runRule(recurrenceRule, bundle({ trades: contra })).findings).toEqual([]);
    expect(runRule(recurrenceRule, bundle({ trades: contra }), [strong(contra.map((t) => t.id))]).findings).toEqual([]);
  });
});
