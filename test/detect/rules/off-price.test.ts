import { describe, expect, it } from 'vitest';
import { offPriceRule } from '../../../src/detect/rules/off-price.js';
import type { Candle } from '../../../src/detect/types.js';
import { bundle, DAY, flatCandles, HOUR, MINUTE, runRule, T0, trade } from '../helpers.js';

const at = T0 + 14 * HOUR + 58 * MINUTE;
/** VIA/BTC flat at 0.00025, then the attack minute: the market's range reaches 0.025. */
function viaCandles(attackVolume: number): Candle[] {
  const before = flatCandles(at - 60 * MINUTE, 60, 0.00025, 100);
  return [...before, [at, 0.00025, 0.025, 0.00025, 0.02, attackVolume]];
}
const buys = [1, 2, 3, 4].map((i) => trade({ id: `v${i}`, timestamp: at + i * 100, symbol: 'VIA/BTC', side: 'buy', price: 0.00625 * i, amount: 10_000 }));

describe('rule off-price', () => {
  it('flags buys far above the price a minute earlier when the account made the move', () => {
    const { findings } = runRule(offPriceRule, bundle({ trades: buys, ohlcv: { 'VIA/BTC': viaCandles(50_000) } }));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: 'off-price', signal: 'price', severity: 'critical', tradeIds: ['v1', 'v2', 'v3', 'v4'] });
    expect(findings[0].sentence).toBe("Bought 40,000 VIA on VIA/BTC at up to 0.025 BTC, 100x the price a minute earlier (0.00025 BTC); this account had never traded VIA; its own fills made 80% of that minute's volume.");
  });

  it('is no evidence when the market itself traded there and the account was a small part of it (R11)', () => {
    const { findings } = runRule(offPriceRule, bundle({ trades: buys, ohlcv: { 'VIA/BTC': viaCandles(5_000_000) } }));
    expect(findings).toEqual([]);
  });

  it('flags sells below by direction, but not buys below or sells above', () => {
    const ohlcv = { 'LTC/USDT': flatCandles(T0, 24 * 60, 70) };
    const cheapSell = trade({ id: 's1', timestamp: T0 + HOUR, symbol: 'LTC/USDT', side: 'sell', price: 35, amount: 5 });
    const cheapBuy = trade({ id: 'b1', timestamp: T0 + 2 * HOUR, symbol: 'LTC/USDT', side: 'buy', price: 35, amount: 5 });
    const dearSell = trade({ id: 's2', timestamp: T0 + 3 * HOUR, symbol: 'LTC/USDT', side: 'sell', price: 140, amount: 5 });
    const { findings } = runRule(offPriceRule, bundle({ trades: [cheapSell, cheapBuy, dearSell], ohlcv }));
    expect(findings.map((f) => f.tradeIds)).toEqual([['s1']]);
    expect(findings[0].sentence).toMatch(/^Sold 5 LTC on LTC\/USDT at down to 35 USDT, 50% below the price a minute earlier \(70 USDT\)/);
  });

  it('notes a market without reference prices instead of guessing', () => {
    const { findings, notes } = runRule(offPriceRule, bundle({ trades: buys }));
    expect(findings).toEqual([]);
    expect(notes).toEqual(['No reference prices (OHLCV) for VIA/BTC: its fill prices were not checked.']);
  });

  it('uses the price before the run of fills began, not the price the run itself pushed up', () => {
    const candles: Candle[] = [...flatCandles(at - 10 * MINUTE, 10, 1, 10), [at, 1, 2, 1, 2, 10], [at + MINUTE, 2, 3, 2, 3, 10]];
    const run = [trade({ id: 'r1', timestamp: at + 1000, symbol: 'DMG/USD', side: 'buy', price: 2, amount: 5 }), trade({ id: 'r2', timestamp: at + MINUTE + 1000, symbol: 'DMG/USD', side: 'buy', price: 3, amount: 5 })];
    const { findings } = runRule(offPriceRule, bundle({ window: { since: T0, until: T0 + DAY }, trades: run, ohlcv: { 'DMG/USD': candles } }));
    expect(findings[0].tradeIds).toEqual(['r1', 'r2']);
    expect(findings[0].sentence).toMatch(/3x the price a minute earlier \(1 USD\)/);
  });
});
