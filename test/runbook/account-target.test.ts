// The account of an exchange or key action: `target: binance/main` or `exchange` (+ `account`),
// exactly one of them, checked when the step runs and by lint (which sees only which fields are given).
import { describe, expect, it } from 'vitest';
import { getAction } from '../../src/actions/registry.js';
import { loadRunbookText } from '../../src/runbook/load.js';

const revoke = getAction('key.revoke')!;

describe('account notation', () => {
  it('target "exchange/account" or "exchange" becomes exchange and account; exchange alone gets account main', () => {
    expect(revoke.input.parse({ target: 'binance/main' })).toMatchObject({ target: 'binance/main', exchange: 'binance', account: 'main', strategy: 'auto' });
    expect(revoke.input.parse({ target: 'Bybit/Sub_1' })).toMatchObject({ exchange: 'bybit', account: 'sub_1' });
    expect(revoke.input.parse({ target: 'okx' })).toMatchObject({ exchange: 'okx', account: 'main' });
    expect(revoke.input.parse({ exchange: 'binance' })).toMatchObject({ exchange: 'binance', account: 'main' });
    expect(revoke.input.parse({ exchange: 'binance', account: 'sub' })).toMatchObject({ exchange: 'binance', account: 'sub' });
    expect(getAction('key.reissue')!.input.parse({ target: 'bybit/main' })).toMatchObject({ exchange: 'bybit', account: 'main', permissions: ['read', 'trade'] });
  });

  it('refuses both notations, a target with an account, neither, and a malformed target, saying what to write', () => {
    const issues = (value: unknown) => revoke.input.safeParse(value).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues({ target: 'binance/main', exchange: 'binance' })).toEqual(['target: give either target ("binance/main") or exchange (with account), not both']);
    expect(issues({ target: 'binance/main', account: 'sub' })).toEqual(['account: target already names the account ("binance/main"): remove account, or write exchange and account instead of target']);
    expect(issues({})).toEqual(['exchange: which account? give target ("binance/main") or exchange (and account, default main)']);
    expect(issues({ target: 'binance main' })).toEqual(['target: expected "exchange/account", e.g. "binance/main" (or "binance" for its main account)']);
  });

  it('lint knows the rule: a step needs target or exchange, not both, and a literal target is checked', () => {
    const { problems } = loadRunbookText(`version: 1
name: rb
inputs:
  accounts: { type: list, default: [binance/main] }
steps:
  - id: ok-target
    uses: exchange.cancel-all-orders
    for-each: \${{ inputs.accounts }}
    with: { target: "\${{ item }}" }
  - id: ok-exchange
    uses: exchange.cancel-all-orders
    with: { exchange: binance }
  - id: neither
    uses: exchange.cancel-all-orders
  - id: both
    uses: exchange.snapshot
    with: { target: binance/main, exchange: "\${{ inputs.accounts[0] }}" }
  - id: bad
    uses: key.permissions
    with: { target: "binance:main" }
`, 'rb.yaml');
    expect(problems.map((p) => `${p.line}:${p.col} ${p.path}: ${p.message}`)).toEqual([
      '14:11 steps[2].with.exchange: which account? give target ("binance/main") or exchange (and account, default main) (action exchange.cancel-all-orders)',
      '17:13 steps[3].with.target: give either target ("binance/main") or exchange (with account), not both (action exchange.snapshot)',
      '20:21 steps[4].with.target: expected "exchange/account", e.g. "binance/main" (or "binance" for its main account), got "binance:main"',
    ]);
  });
});
