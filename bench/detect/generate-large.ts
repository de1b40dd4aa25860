// Writes a large, realistic activity bundle straight to a file, record by record, so that the
// generator never holds a million trades in memory: a bot trading 200 markets for a week of
// baseline and a day of window, one-minute candles for the window, and a VIA-style attack in it.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Rng } from '../../src/detect-eval/random.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
const SYMBOLS = 200;

export async function writeLargeBundle(file: string, trades: number, seed = 7): Promise<void> {
  const rng = new Rng(seed);
  const windowStart = Date.UTC(2024, 0, 8);
  const since = windowStart - 7 * DAY;
  const until = windowStart + DAY;
  const symbols = Array.from({ length: SYMBOLS }, (_, i) => `C${String(i).padStart(3, '0')}/USDT`);
  const minutes = Math.ceil((until - since) / MINUTE);
  // A price path per market, minute by minute.
  const paths = symbols.map(() => {
    const p = new Float64Array(minutes);
    let price = rng.between(0.05, 500);
    for (let m = 0; m < minutes; m++) p[m] = price *= 1 + 0.0008 * (rng.next() * 2 - 1);
    return p;
  });
  const out = createWriteStream(file);
  let buffer: string[] = [];
  const flush = async (force = false) => {
    if (!force && buffer.length < 5_000) return;
    if (!out.write(buffer.join(''))) await once(out, 'drain');
    buffer = [];
  };
  const header = { format: 'kit-activity-bundle', version: 1, exchange: 'binance', account: 'bench', generatedAt: new Date(until).toISOString(), window: { since: windowStart, until }, baseline: { since, until: windowStart } };
  buffer.push(JSON.stringify(header).slice(0, -1), ',"trades":[');
  const orders: string[] = [];
  for (let i = 0; i < trades; i++) {
    const ts = Math.floor(since + ((i + rng.next()) * (until - since)) / trades);
    const s = rng.int(0, SYMBOLS - 1);
    const side = rng.next() < 0.5 ? 'buy' : 'sell';
    const price = paths[s][Math.floor((ts - since) / MINUTE)];
    const amount = rng.between(1, 100) / price;
    const id = String(309520010 + i);
    const order = String(3784695242 + i);
    const clientOrderId = `gridbot-${i.toString(36)}`;
    const cost = price * amount;
    buffer.push(`${i === 0 ? '' : ','}${JSON.stringify({ id, order, timestamp: ts, datetime: new Date(ts).toISOString(), symbol: symbols[s], side, type: 'limit', takerOrMaker: 'maker', price, amount, cost, fee: { cost: cost * 0.001, currency: 'USDT' }, clientOrderId })}`);
    // One order record in ten (the sweep keeps the orders of the recent past).
    if (i % 10 === 0) orders.push(JSON.stringify({ id: order, clientOrderId, timestamp: ts - 2_000, symbol: symbols[s], side, type: 'limit', status: 'closed', price, average: price, amount, filled: amount }));
    await flush();
  }
  // The attack: 60 market orders of 5 same-millisecond fills each on a thin market, at up to 10x,
  // appended out of time order (as a sweep that fetched the new market last would write them).
  const attackAt = windowStart + 14 * 3_600_000;
  for (let k = 0; k < 60; k++) {
    const order = `attack-${k}`;
    const ts = attackAt + k * 2_000;
    orders.push(JSON.stringify({ id: order, clientOrderId: `x-R4BD3S82${k}`, timestamp: ts, symbol: 'ZZZ/USDT', side: 'buy', type: 'market', status: 'closed', amount: 500, filled: 500 }));
    for (let f = 0; f < 5; f++) {
      const price = 0.01 * (1 + (9 * k) / 59) * (1 + f * 0.01);
      buffer.push(`,${JSON.stringify({ id: `a${k}-${f}`, order, timestamp: ts + 3, symbol: 'ZZZ/USDT', side: 'buy', type: 'market', takerOrMaker: 'taker', price, amount: 100, cost: price * 100, clientOrderId: `x-R4BD3S82${k}` })}`);
    }
  }
  buffer.push('],"orders":[', orders.join(','), '],"deposits":[],"withdrawals":[],"ohlcv":{');
  const thin: string[] = [];
  for (let m = 0; m < 1440; m++) {
    const t = windowStart + m * MINUTE;
    const attackMinute = t >= attackAt && t < attackAt + 2 * MINUTE;
    thin.push(`[${t},0.01,${attackMinute ? 0.1 : 0.0101},0.0099,${attackMinute ? 0.09 : 0.01},${attackMinute ? 40_000 : 50}]`);
  }
  buffer.push(`"ZZZ/USDT":[${thin.join(',')}],`);
  await flush(true);
  symbols.forEach((symbol, s) => {
    const candles: string[] = [];
    for (let m = Math.floor((windowStart - since) / MINUTE); m < minutes; m++) {
      const close = paths[s][m];
      const open = paths[s][m - 1];
      candles.push(`[${since + m * MINUTE},${open},${Math.max(open, close) * 1.0005},${Math.min(open, close) * 0.9995},${close},${rng.between(1e4, 1e6) / close}]`);
    }
    buffer.push(`${s === 0 ? '' : ','}${JSON.stringify(symbol)}:[${candles.join(',')}]`);
  });
  buffer.push('},"referencePrices":{"USDT":1},"balances":{"USDT":100000},"config":{"clientOrderIdPrefixes":["gridbot-"]}}');
  await flush(true);
  out.end();
  await once(out, 'finish');
}
