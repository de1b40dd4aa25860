// The fast record checks may only accept what the zod schemas accept: zod stays the authority.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { candleSchema, ledgerSchema, orderSchema, tradeSchema, transferSchema } from '../../src/detect/bundle-schema.js';
import { quickCandle, quickLedger, quickOrder, quickTrade, quickTransfer } from '../../src/detect/quick-check.js';
import { order, trade, withdrawal } from './helpers.js';

const anyValue = fc.oneof(fc.string(), fc.constantFrom('', 'buy', 'sell', 'taker', 'maker', 'deposit', 'withdrawal', 'in', 'out'), fc.double(), fc.integer(), fc.constantFrom(0, -1, 1e12, Infinity, NaN), fc.constant(null), fc.constant(undefined), fc.boolean(), fc.array(fc.integer(), { maxLength: 3 }), fc.dictionary(fc.string(), fc.oneof(fc.double(), fc.string(), fc.constant(null))));

/** A valid record with some fields replaced by arbitrary values (or removed). */
function mutated(valid: Record<string, unknown>) {
  const keys = Object.keys(valid);
  return fc.array(fc.tuple(fc.constantFrom(...keys), anyValue, fc.boolean()), { maxLength: 4 }).map((edits) => {
    const r: Record<string, unknown> = { ...valid };
    for (const [k, v, remove] of edits) if (remove) delete r[k];
    else r[k] = v;
    return r;
  });
}

const ledgerEntry = { id: 'l1', timestamp: 1698138992358, currency: 'USDT', amount: -3, direction: 'out', type: 'fee' };

describe('quick record checks', () => {
  const cases = [
    ['trade', quickTrade, tradeSchema, trade({ id: '1' })],
    ['order', quickOrder, orderSchema, order({ id: '1' })],
    ['transfer', quickTransfer, transferSchema, withdrawal({ id: '1' })],
    ['ledger entry', quickLedger, ledgerSchema, ledgerEntry],
  ] as const;
  for (const [name, quick, schema, valid] of cases) {
    it(`accept a ${name} only when zod does, and accept the real record`, () => {
      expect(quick(valid)).toBe(true);
      fc.assert(fc.property(mutated(valid as Record<string, unknown>), (r) => !quick(r) || schema.safeParse(r).success), { numRuns: 2000 });
    });
  }

  it('accept a candle only when zod does', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.double(), fc.constant(null), fc.string()), { maxLength: 8 }), (c) => !quickCandle(c) || candleSchema.safeParse(c).success), { numRuns: 2000 });
  });
});
