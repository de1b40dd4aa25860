import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/detect/analyze.js';
import type { Candle } from '../../src/detect/types.js';
import { botActivity, bundle, DAY, flatCandles, HOUR, MINUTE, order, T0, trade } from './helpers.js';

const at = T0 + 14 * HOUR + 58 * MINUTE;
const base = botActivity(['ADA/BTC', 'LTC/BTC'], T0 - 30 * DAY, 30, 4, 0.001);
const viaCandles: Candle[] = [...flatCandles(at - 60 * MINUTE, 60, 0.00025, 10), [at, 0.00025, 0.025, 0.00025, 0.02, 45_000]];
const referencePrices = { BTC: 20_000 };

function viaBuy(i: number) {
  return {
    order: order({ id: `vo${i}`, clientOrderId: `x-R4BD3S82${i}`, timestamp: at + i * 1000, symbol: 'VIA/BTC', side: 'buy', type: 'market', price: null, amount: 10_000, filled: 10_000 }),
    trade: trade({ id: `vt${i}`, order: `vo${i}`, timestamp: at + i * 1000 + 3, symbol: 'VIA/BTC', side: 'buy', takerOrMaker: 'taker', price: 0.006 * i, amount: 10_000, cost: 60 * i, clientOrderId: null }),
  };
}

describe('analyze', () => {
  it('one odd trade is not an alarm, however odd', () => {
    const { trade: odd } = viaBuy(4);
    const candles: Candle[] = [...viaCandles.slice(0, -1), [at, 0.00025, 0.025, 0.00025, 0.02, 12_000]];
    const result = analyze(bundle({ ...base, trades: [...base.trades, odd], ohlcv: { 'VIA/BTC': candles }, referencePrices }));
    expect(result.findings.map((f) => f.rule).sort()).toEqual(['new-market', 'off-price', 'order-style']);
    expect(result.verdict).toMatchObject({ compromised: false, level: 'suspicious' });
    expect(result.labels.trades.vt4).toBe('suspicious');
    expect(Object.values(result.labels.trades).filter((l) => l === 'attacker-likely')).toEqual([]);
  });

  it('several independent signals over several orders make a compromise; labels reach the orders and spare the bot', () => {
    const buys = [1, 2, 3, 4].map(viaBuy);
    const b = bundle({
      trades: [...base.trades, ...buys.map((x) => x.trade)],
      orders: [...base.orders, ...buys.map((x) => x.order)],
      ohlcv: { 'VIA/BTC': viaCandles },
      referencePrices,
      config: { clientOrderIdPrefixes: ['gridbot-'] },
    });
    const result = analyze(b);
    expect(result.verdict.compromised).toBe(true);
    expect(result.verdict.level).toBe('compromise-suspected');
    expect(result.verdict.signals).toEqual(['market', 'price', 'style']);
    for (const i of [1, 2, 3, 4]) {
      expect(result.labels.trades[`vt${i}`]).toBe('attacker-likely');
      expect(result.labels.orders[`vo${i}`]).toBe('attacker-likely');
    }
    expect(result.counts).toMatchObject({ flaggedTrades: 4, flaggedOrders: 4, flaggedWithdrawals: 0, trades: base.trades.length + 4 });
    expect(result.labels.trades[base.trades[0].id]).toBe('normal');
    // Findings come most severe first, each with a sentence and its family.
    expect(result.findings[0]).toMatchObject({ rule: 'off-price', severity: 'critical' });
    expect(result.findings[0].sentence).toMatch(/^Bought 40,000 VIA on VIA\/BTC at up to 0.024 BTC, 96x the price a minute earlier/);
  });

  it('a config override replaces the bundle config (the operator had just added VIA/BTC)', () => {
    const buys = [1, 2, 3, 4].map(viaBuy);
    const b = bundle({ trades: [...base.trades, ...buys.map((x) => x.trade)], orders: [...base.orders, ...buys.map((x) => x.order)], referencePrices });
    const result = analyze(b, { config: { operatorSymbols: ['VIA/BTC'], usualOrderTypes: ['limit', 'market'] } });
    expect(result.verdict.level).toBe('clean');
  });
});
