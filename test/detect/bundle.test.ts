import { describe, expect, it } from 'vitest';
import { parseBundleText, validateBundle, MAX_LISTED_PROBLEMS } from '../../src/detect/bundle.js';
import { ValidationError } from '../../src/errors.js';
import { bundle, ccxtFixture, DAY, T0, trade } from './helpers.js';

function problemsOf(text: string): ValidationError {
  try {
    parseBundleText(text, 'bundle.json');
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

describe('activity bundle parsing', () => {
  it('accepts real ccxt-unified records from several exchanges, info and extra keys included', () => {
    const trades = [...ccxtFixture('binance.fetchMyTrades'), ...ccxtFixture('bybit.fetchMyTrades'), ...ccxtFixture('okx.fetchMyTrades'), ...ccxtFixture('coinbase.fetchMyTrades')];
    const withdrawals = [...ccxtFixture('binance.fetchWithdrawals'), ...ccxtFixture('kraken.fetchWithdrawals')];
    const orders = ccxtFixture('binance.fetchOrders');
    const ohlcv = { 'BTC/USDT': ccxtFixture<number[]>('binance.fetchOHLCV') };
    const doc = { ...bundle({ window: { since: T0 - 400 * DAY, until: T0 + 400 * DAY }, baseline: { since: T0 - 800 * DAY, until: T0 - 400 * DAY } }), trades, withdrawals, orders, ohlcv };
    const parsed = parseBundleText(JSON.stringify(doc), 'bundle.json');
    expect(parsed.trades.map((t) => t.symbol)).toEqual(['LTC/USDT', 'LTC/USDT:USDT', 'LTC/USDT', 'ADA/USDT']);
    expect(parsed.withdrawals).toHaveLength(2);
    expect(parsed.ohlcv?.['BTC/USDT'][0]).toEqual([1706630400000, 43519.34, 43936, 43171, 43488.71, 20.55495]);
    // The validated records are the parsed objects themselves, info kept.
    expect((parsed.trades[0] as { info?: { id?: string } }).info?.id).toBe('309520010');
  });

  it('names the record, the field and the line of a timestamp in seconds, and reports mixed units first', () => {
    const trades = Array.from({ length: 20 }, (_, i) => trade({ id: String(309520000 + i), timestamp: T0 + i * 1000 }));
    trades[17] = trade({ id: '309520010', timestamp: 1698138992 });
    const text = JSON.stringify(bundle({ trades }), null, 2);
    const error = problemsOf(text);
    expect(error.exitCode).toBe(2);
    expect(error.problems[0].message).toMatch(/^mixed timestamp units: 23 in milliseconds, 1 in seconds \(first not in milliseconds: trades\[17\] \(id 309520010\)\)/);
    const p = error.problems.find((x) => x.path === 'trades[17] (id 309520010)');
    expect(p?.message).toBe('timestamp looks like seconds (1698138992) — use milliseconds (1698138992000)');
    const line = text.split('\n')[p!.line - 1];
    expect(line.trim()).toBe('"timestamp": 1698138992,');
    expect(error.message).toContain('bundle.json:');
  });

  it('says which field is missing or has the wrong type, and where the record starts', () => {
    const bad = { ...trade({ id: '7' }), price: '69.63' } as unknown as ReturnType<typeof trade>;
    const { side: _side, ...noSide } = trade({ id: '8' });
    const text = JSON.stringify(bundle({ trades: [bad, noSide as ReturnType<typeof trade>] }), null, 2);
    const error = problemsOf(text);
    expect(error.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'trades[0] (id 7): price must be a number, got the string "69.63"',
      'trades[1] (id 8): "side" is missing (one of "buy", "sell")',
    ]);
    // The missing field is located at its record.
    expect(text.split('\n')[error.problems[1].line - 1].trim()).toBe('{');
  });

  it('rejects symbols that are not ccxt unified, or not among the given markets', () => {
    const doc = bundle({ markets: ['LTC/USDT'], trades: [trade({ id: '1', symbol: 'LTCUSDT' }), trade({ id: '2', symbol: 'VIA/BTC' })] });
    const error = problemsOf(JSON.stringify(doc));
    expect(error.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'trades[0] (id 1): symbol "LTCUSDT" is not a ccxt unified symbol (expected BASE/QUOTE, e.g. LTC/USDT)',
      'trades[1] (id 2): unknown symbol "VIA/BTC": it is not among the bundle\'s markets (add it to "markets" or fix the symbol)',
    ]);
  });

  it('turns non-JSON into a located ValidationError (exit 2), never a crash', () => {
    const cut = problemsOf('{\n  "format": "kit-activity-bundle",\n  "trades": [\n');
    expect(cut.problems[0]).toMatchObject({ file: 'bundle.json', line: 4, message: expect.stringMatching(/^not valid JSON: Unexpected end of JSON input/) });
    const comma = problemsOf('{\n  "a": 1,\n}');
    expect(comma.problems[0]).toMatchObject({ line: 3, col: 1 });
    expect(problemsOf('hello').problems[0]).toMatchObject({ line: 1, col: 1 });
    expect(problemsOf('').problems[0].message).toMatch(/empty/);
    expect(problemsOf('[]').problems[0].message).toMatch(/must be wrapped in a bundle/);
  });

  it('reports unknown keys, duplicate ids, a newer format version and a baseline overlapping the window', () => {
    const doc = { ...bundle({ trades: [trade({ id: '1' }), trade({ id: '1' })] }), trade: [] };
    const error = problemsOf(JSON.stringify(doc));
    expect(error.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      ': unknown field "trade" (check the spelling against the bundle format in the README)',
      'trades[1] (id 1): the same id as trades[0]; each record must appear once (remove the duplicate)',
    ]);
    expect(problemsOf(JSON.stringify({ ...bundle(), version: 2 })).problems[0].message).toMatch(/format version 2; this kit reads version 1/);
    const overlap = problemsOf(JSON.stringify(bundle({ baseline: { since: T0 - DAY, until: T0 + 1 } })));
    expect(overlap.problems[0].message).toMatch(/after the window starts/);
  });

  it('lists the first problems and counts the rest', () => {
    const trades = Array.from({ length: 100 }, (_, i) => trade({ id: String(i), timestamp: 1698138992 + i }));
    const error = problemsOf(JSON.stringify(bundle({ trades })));
    expect(error.problems).toHaveLength(MAX_LISTED_PROBLEMS + 1);
    expect(error.problems[0].message).toMatch(/^mixed timestamp units/);
    expect(error.problems.at(-1)?.message).toMatch(/^… and 81 more problems/);
  });

  it('fills in optional lists so a hand-written bundle can stay short', () => {
    const { trades: _t, orders: _o, deposits: _d, withdrawals: _w, generatedAt: _g, ...short } = bundle();
    const parsed = validateBundle(short, 'hand.json');
    expect(parsed.trades).toEqual([]);
    expect(parsed.generatedAt).toBe(new Date(T0 + DAY).toISOString());
  });
});
