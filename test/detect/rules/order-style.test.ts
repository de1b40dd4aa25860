import { describe, expect, it } from 'vitest';
import { clientOrderIdRule } from '../../../src/detect/rules/client-order-id.js';
import { orderStyleRule } from '../../../src/detect/rules/order-style.js';
import { botActivity, bundle, DAY, HOUR, order, runRule, T0, trade } from '../helpers.js';

const base = botActivity(['LTC/USDT'], T0 - 30 * DAY, 30, 4);
const marketOrder = order({ id: 'm1', clientOrderId: 'x-R4BD3S82aaaa', timestamp: T0 + HOUR, symbol: 'LTC/USDT', side: 'sell', type: 'market', price: null, amount: 3, filled: 3 });
const marketFill = trade({ id: 't1', order: 'm1', timestamp: T0 + HOUR + 5, symbol: 'LTC/USDT', side: 'sell', takerOrMaker: 'taker', type: null, clientOrderId: null });

describe('rule order-style', () => {
  it('flags market orders and their fills where the baseline is limit only', () => {
    const { findings } = runRule(orderStyleRule, bundle({ trades: [...base.trades, marketFill], orders: [...base.orders, marketOrder] }));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ signal: 'style', score: 0.5, orderIds: ['m1'], tradeIds: ['t1'] });
    expect(findings[0].sentence).toBe('1 market order and 1 fill of that kind in the window, where in the baseline this account placed limit orders (0 of 120 were market).');
  });

  it('accepts what the operator says is usual, and says nothing without a baseline to compare', () => {
    const usual = bundle({ trades: [...base.trades, marketFill], orders: [...base.orders, marketOrder], config: { usualOrderTypes: ['limit', 'market'] } });
    expect(runRule(orderStyleRule, usual).findings).toEqual([]);
    expect(runRule(orderStyleRule, bundle({ trades: [marketFill], orders: [marketOrder] })).findings).toEqual([]);
  });
});

describe('rule client-order-id', () => {
  it("flags orders without the operator's prefix and names ccxt's default prefix", () => {
    const { findings } = runRule(clientOrderIdRule, bundle({ trades: [...base.trades, marketFill], orders: [...base.orders, marketOrder], config: { clientOrderIdPrefixes: ['gridbot-'] } }));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ signal: 'origin', severity: 'low', orderIds: ['m1'], tradeIds: ['t1'] });
    expect(findings[0].sentence).toMatch(/carries a ccxt library default prefix, which an attacker using ccxt gets too\.$/);
  });

  it('does nothing when no prefix is configured', () => {
    expect(runRule(clientOrderIdRule, bundle({ orders: [marketOrder] })).findings).toEqual([]);
  });
});
