import { describe, expect, it } from 'vitest';
import { withdrawalNewAddressRule } from '../../../src/detect/rules/withdrawal-new-address.js';
import type { Finding } from '../../../src/detect/types.js';
import { bundle, DAY, HOUR, MINUTE, runRule, T0, trade, withdrawal } from '../helpers.js';

const old = withdrawal({ id: 'w0', timestamp: T0 - 10 * DAY, address: 'TOwnColdWallet111', currency: 'USDT', amount: 100 });
const drain = withdrawal({ id: 'w1', timestamp: T0 + 3 * HOUR + 12 * MINUTE, currency: 'USDT', amount: 48_900 });
const sells = [trade({ id: 's1', timestamp: T0 + 3 * HOUR, symbol: 'ETH/USDT', side: 'sell' }), trade({ id: 's2', timestamp: T0 + 3 * HOUR + MINUTE, symbol: 'BTC/USDT', side: 'sell' })];
const styleFinding: Finding = { rule: 'order-style', signal: 'style', severity: 'medium', score: 0.5, tradeIds: ['s1', 's2'], orderIds: [], withdrawalIds: [], sentence: '' };

describe('rule withdrawal-new-address', () => {
  it('flags a near-full withdrawal to a new address soon after anomalous trades, and covers the trades that funded it', () => {
    const b = bundle({ withdrawals: [old, drain], trades: sells, balances: { USDT: 100 } });
    const { findings } = runRule(withdrawalNewAddressRule, b, [styleFinding]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ signal: 'withdrawal', severity: 'critical', withdrawalIds: ['w1'], tradeIds: ['s1', 's2'] });
    expect(findings[0].sentence).toBe('Withdrew 48,900 USDT to TKRxCKea88FDKDSJFSDKJ43243K (TRX), an address never used before and not on the allow-list, 11 minutes after anomalous trades; that is 100% of the account\'s USDT.');
  });

  it('counts as near-certain soon after anomalous trades even when it is not the full balance (the simulator\'s blocked cash-out)', () => {
    const partial = runRule(withdrawalNewAddressRule, bundle({ withdrawals: [old, drain], trades: sells, balances: { USDT: 1_000_000 } }), [styleFinding]).findings;
    expect(partial).toHaveLength(1);
    expect(partial[0].score).toBeGreaterThanOrEqual(0.9);
  });

  it('is a medium finding alone, and nothing for allow-listed or known addresses', () => {
    const alone = runRule(withdrawalNewAddressRule, bundle({ withdrawals: [drain], balances: { USDT: 1_000_000 } })).findings;
    expect(alone[0]).toMatchObject({ score: 0.6, severity: 'medium', tradeIds: [] });
    expect(runRule(withdrawalNewAddressRule, bundle({ withdrawals: [drain], config: { allowlistedAddresses: ['TKRxCKea88FDKDSJFSDKJ43243K'] } })).findings).toEqual([]);
    const reused = { ...drain, address: 'TOwnColdWallet111' };
    expect(runRule(withdrawalNewAddressRule, bundle({ withdrawals: [old, reused] })).findings).toEqual([]);
  });
});
