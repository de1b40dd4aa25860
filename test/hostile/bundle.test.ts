// Hostile input for the activity bundle parser, beyond test/detect/bundle-fuzz.test.ts: a bundle
// read in chunks cut anywhere gives what the whole text gives; prototype keys are data, never a
// prototype; pathological JSON (deep nesting, huge numbers, control characters) is a located error.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/detect/analyze.js';
import { asValidationError, parseBundleText, validateBundle } from '../../src/detect/bundle.js';
import { BundleStreamParser } from '../../src/detect/bundle-stream.js';
import { ValidationError } from '../../src/errors.js';
import { bundle, order, T0, trade, withdrawal } from '../detect/helpers.js';
import { applyEdits, editsOf, expectLocated, prototypeSnapshot, runs, tried } from './helpers.js';

const FILE = 'hostile-bundle.json';
const VALID = JSON.stringify(
  bundle({
    trades: [trade({ id: '1', timestamp: T0 + 1000 }), trade({ id: 'é\u{1F600}"\\', timestamp: T0 + 2000 })],
    orders: [order({ id: '3' })],
    withdrawals: [withdrawal({ id: '4', timestamp: T0 + 5000 })],
    balances: { BTC: 1 },
  }),
  null,
  1,
);

type Outcome = { ok: string } | { error: string };

function whole(text: string): Outcome {
  tried();
  try {
    return { ok: JSON.stringify(parseBundleText(text, FILE)) };
  } catch (error) {
    expect(error, String(error)).toBeInstanceOf(ValidationError);
    expectLocated((error as ValidationError).problems, FILE, text);
    return { error: (error as ValidationError).message };
  }
}

/** The way read-bundle.ts reads a file, with the chunks cut at the given offsets. */
function chunked(text: string, cuts: number[]): Outcome {
  const parser = new BundleStreamParser(FILE);
  let value: unknown;
  try {
    let from = 0;
    for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
      parser.write(text.slice(from, cut));
      from = cut;
    }
    parser.write(text.slice(from));
    value = parser.end();
  } catch (error) {
    const mapped = asValidationError(error, FILE);
    expect(mapped, String(error)).toBeInstanceOf(ValidationError);
    return { error: (mapped as ValidationError).message };
  }
  try {
    return { ok: JSON.stringify(validateBundle(value, FILE, text)) };
  } catch (error) {
    expect(error, String(error)).toBeInstanceOf(ValidationError);
    return { error: (error as ValidationError).message };
  }
}

describe('bundle parser under hostile input', () => {
  it('reads the same bundle, or the same error, wherever the chunks are cut', () => {
    fc.assert(
      fc.property(fc.option(editsOf(VALID.length, 2), { nil: undefined }), fc.array(fc.nat(VALID.length + 20), { maxLength: 8 }), (edits, cuts) => {
        const text = edits ? applyEdits(VALID, edits) : VALID;
        expect(chunked(text, cuts.map((c) => Math.min(c, text.length)))).toEqual(whole(text));
      }),
      { numRuns: runs(300) },
    );
  });

  it('treats __proto__ and constructor keys as data: a bundle hidden under __proto__ is refused, nothing is polluted', () => {
    const before = prototypeSnapshot();
    const hidden = whole(`{"__proto__": ${VALID}}`);
    expect('error' in hidden && hidden.error).toMatch(/"format" is missing/);
    const extra = whole(VALID.replace('{', '{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 1}},'));
    expect('error' in extra && extra.error).toMatch(/unknown field "__proto__"/);
    expect('error' in extra && extra.error).toMatch(/unknown field "constructor"/);
    const shadowed = whole(VALID.replace('"trades":', '"__proto__": {"trades": []}, "trades":'));
    expect('error' in shadowed && shadowed.error).toMatch(/unknown field "__proto__"/);
    const inRecord = parseBundleText(VALID.replace('"trades": [\n  {', '"trades": [\n  {"__proto__": {"polluted": 1},'), FILE);
    expect(Object.getPrototypeOf(inRecord.trades[0])).toBe(Object.prototype);
    expect(() => analyze(inRecord)).not.toThrow();
    expect(prototypeSnapshot()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses pathological JSON with a located problem', () => {
    const cases = [
      VALID.replace('"balances": {', `"balances": ${'['.repeat(100_000)}${']'.repeat(100_000)}, "x": {`),
      VALID.replace('"trades": [', `"trades": [${'['.repeat(100_000)}${']'.repeat(100_000)},`),
      VALID.replace('"BTC": 1', '"BTC": 1e99999'),
      VALID.replace('"main"', '"ma\u0000in"'),
      VALID.slice(0, VALID.length / 2),
      '\uFEFF\uFEFF' + VALID,
      ' '.repeat(1_000_000),
      '',
    ];
    for (const text of cases) expect('error' in whole(text)).toBe(true);
  });
});
