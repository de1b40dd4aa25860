// Hostile input: whatever the text, parsing ends in a bundle or in a located ValidationError,
// and a bundle that parses can be analysed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/detect/analyze.js';
import { parseBundleText } from '../../src/detect/bundle.js';
import { ValidationError } from '../../src/errors.js';
import { bundle, flatCandles, order, T0, trade, withdrawal } from './helpers.js';

const valid = JSON.stringify(
  bundle({
    trades: [trade({ id: '1', timestamp: T0 + 1000, symbol: 'VIA/BTC', price: 0.02 }), trade({ id: '2', timestamp: T0 - 1000 })],
    orders: [order({ id: '3' })],
    withdrawals: [withdrawal({ id: '4', timestamp: T0 + 5000 })],
    ohlcv: { 'VIA/BTC': flatCandles(T0 - 60_000, 3, 0.0002) },
    balances: { BTC: 1 },
    referencePrices: { BTC: 30_000 },
    config: { clientOrderIdPrefixes: ['bot-'] },
  }),
  null,
  1,
);

function outcome(text: string): void {
  let parsed;
  try {
    parsed = parseBundleText(text, 'fuzz.json');
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    for (const p of (error as ValidationError).problems) {
      expect(p.line).toBeGreaterThanOrEqual(1);
      expect(p.col).toBeGreaterThanOrEqual(1);
    }
    return;
  }
  expect(() => analyze(parsed)).not.toThrow();
}

const jsonValue = fc.oneof(fc.constant('null'), fc.constant('"x"'), fc.constant('-1'), fc.constant('0'), fc.constant('1e400'), fc.constant('[]'), fc.constant('{}'), fc.constant('true'), fc.constant('"BTC/USDT"'), fc.constant('1698138992'));

describe('bundle parser under hostile input', () => {
  it('survives random edits of the text', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(valid.length), fc.nat(20), fc.string({ maxLength: 6 })), { maxLength: 4 }), (edits) => {
        let text = valid;
        for (const [at, del, ins] of edits) text = text.slice(0, at) + ins + text.slice(at + del);
        outcome(text);
      }),
      { numRuns: 400 },
    );
  });

  it('survives any value in any place', () => {
    const places = [...valid.matchAll(/: ([^,\n{[]+)/g)].map((m) => ({ at: m.index! + 2, length: m[1].length }));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...places), jsonValue), { minLength: 1, maxLength: 3 }), (swaps) => {
        let text = valid;
        for (const [{ at, length }, value] of [...swaps].sort((a, b) => b[0].at - a[0].at)) text = text.slice(0, at) + value + text.slice(at + length);
        outcome(text);
      }),
      { numRuns: 400 },
    );
  });
});
