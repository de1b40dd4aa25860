// The streaming reader must give exactly what JSON.parse gives, however the text is cut into chunks.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BundleStreamParser, StreamSyntaxError } from '../../src/detect/bundle-stream.js';
import { bundle, ccxtFixture, trade, withdrawal } from './helpers.js';

function feed(text: string, cuts: number[]): unknown {
  const parser = new BundleStreamParser('b.json');
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    parser.write(text.slice(from, cut));
    from = cut;
  }
  parser.write(text.slice(from));
  return parser.end();
}

const doc = {
  ...bundle({ trades: [trade({ id: '1', clientOrderId: 'a"b\\\\c,}]' }), trade({ id: '2' })], withdrawals: [withdrawal({ id: 'w' })] }),
  ohlcv: { 'BTC/USDT': ccxtFixture<number[]>('binance.fetchOHLCV') },
  ledger: [],
  note: 'extra { [ "quoted" ] } text',
};

describe('BundleStreamParser', () => {
  it('equals JSON.parse for any chunking, compact or pretty-printed', () => {
    for (const text of [JSON.stringify(doc), JSON.stringify(doc, null, 2)]) {
      fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: text.length }), { maxLength: 12 }), (cuts) => {
        expect(feed(text, cuts)).toEqual(JSON.parse(text));
      }), { numRuns: 300 });
    }
  });

  it('locates syntax errors the same way whatever the chunking', () => {
    const text = JSON.stringify(doc, null, 2).replace('"side": "sell",', '"side": "sell",,');
    const where = (cuts: number[]) => {
      try {
        feed(text, cuts);
      } catch (error) {
        expect(error).toBeInstanceOf(StreamSyntaxError);
        const { line, col } = (error as StreamSyntaxError).problem;
        return `${line}:${col}`;
      }
      return 'no error';
    };
    const expected = `${text.split('\n').findIndex((l) => l.includes(',,')) + 1}:${text.split('\n').find((l) => l.includes(',,'))!.indexOf(',,') + 2}`;
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: text.length }), { maxLength: 8 }), (cuts) => where(cuts) === expected), { numRuns: 200 });
  });

  it('reports a cut-off file, trailing text, and reads a non-object whole for validation to explain', () => {
    expect(() => feed('{"trades": [{"id": "1"}', [])).toThrow(/Unexpected end of JSON input/);
    expect(() => feed('{}\n{}', [])).toThrow(/after JSON/);
    expect(feed('[1, 2]', [2])).toEqual([1, 2]);
    expect(() => feed('   ', [])).toThrow(/empty/);
  });
});
