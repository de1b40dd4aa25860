import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/exchange/clock.js';
import { binanceWeights, declaredRequestWeight } from '../../src/exchange/sweep/limits.js';
import { Pacer } from '../../src/exchange/sweep/pacer.js';

function fakeClock(start = 1_800_000_000_000): Clock & { t: number } {
  const clock = {
    t: start,
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.t += ms;
    },
  };
  return clock;
}

/** Max weight sent in any window of `windowMs` (sliding), from a log of (time, weight). */
function maxInAnyWindow(log: Array<[number, number]>, windowMs: number): number {
  let best = 0;
  for (let i = 0; i < log.length; i++) {
    let sum = 0;
    for (let j = i; j < log.length && log[j][0] < log[i][0] + windowMs; j++) sum += log[j][1];
    best = Math.max(best, sum);
  }
  return best;
}

describe('Pacer', () => {
  it('keeps every window under the limit and uses >= 90% of it over a long run', async () => {
    const clock = fakeClock();
    const pacer = new Pacer([{ name: 'api', limit: 6000, windowMs: 60_000 }], { clock, maxInFlight: 4 });
    const log: Array<[number, number]> = [];
    const start = clock.t;
    for (let i = 0; i < 3000; i++) {
      await pacer.acquire({ api: 20 });
      log.push([clock.t, 20]);
      pacer.release();
    }
    expect(maxInAnyWindow(log, 60_000)).toBeLessThanOrEqual(6000);
    const minutes = (clock.t - start) / 60_000;
    const perMinute = (3000 * 20) / minutes;
    expect(perMinute / 6000).toBeGreaterThanOrEqual(0.9);
    expect(pacer.stats.weight.api).toBe(60_000);
  });

  it('fixed windows (Binance minutes): the whole budget again at each window start, never more within one', async () => {
    const clock = fakeClock(1_800_000_000_000 + 12_345);
    const pacer = new Pacer([{ name: 'api', limit: 6000, windowMs: 60_000, mode: 'fixed' }], { clock });
    const perWindow = new Map<number, number>();
    const start = clock.t;
    for (let i = 0; i < 3000; i++) {
      await pacer.acquire({ api: 20 });
      const w = Math.floor(clock.t / 60_000);
      perWindow.set(w, (perWindow.get(w) ?? 0) + 20);
      pacer.release();
    }
    expect(Math.max(...perWindow.values())).toBeLessThanOrEqual(5700);
    expect((3000 * 20) / ((clock.t - start) / 60_000) / 6000).toBeGreaterThanOrEqual(0.9);
  });

  it('respects the usage the exchange reports (another client on the same IP)', async () => {
    const clock = fakeClock(1_800_000_000_000); // a minute boundary
    const pacer = new Pacer([{ name: 'api', limit: 1000, windowMs: 60_000 }], { clock });
    await pacer.acquire({ api: 10 });
    pacer.release();
    clock.t += 1000;
    pacer.reportUsed('api', 940); // someone else used most of this minute
    await pacer.acquire({ api: 20 });
    // 940 + 20 > 950 (95%): it must wait for the server's window to end.
    expect(clock.t).toBe(1_800_000_060_000);
  });

  it('a usage report taken before the exchange declared a shorter window ends with that window', async () => {
    const clock = fakeClock(1_800_000_000_000 + 100); // just after a minute starts
    const pacer = new Pacer([{ name: 'fapi', limit: 2400, windowMs: 60_000, mode: 'fixed' }], { clock });
    pacer.reportUsed('fapi', 1); // an answer seen before the declaration
    pacer.setLimit('fapi', 60, 2000); // then exchangeInfo: 60 per 2 s
    const start = clock.t;
    await pacer.acquire({ fapi: 30 });
    pacer.release();
    await pacer.acquire({ fapi: 30 }); // over 57 in this 2 s window: waits for the next one, not the next minute
    pacer.release();
    expect(clock.t - start).toBeLessThanOrEqual(2000);
    expect(clock.t - start).toBeGreaterThan(0);
  });

  it('pauses everything after a 429 until Retry-After', async () => {
    const clock = fakeClock();
    const pacer = new Pacer([{ name: 'api', limit: 6000, windowMs: 60_000 }], { clock });
    const t0 = clock.t;
    pacer.backoff(7000);
    await pacer.acquire({ api: 1 });
    expect(clock.t - t0).toBe(7000);
    expect(pacer.stats.rejections).toBe(1);
  });

  it('holds at most maxInFlight requests in flight', async () => {
    const clock = fakeClock();
    const pacer = new Pacer([{ name: 'api', limit: 1e9, windowMs: 60_000 }], { clock, maxInFlight: 2 });
    let inFlight = 0;
    let peak = 0;
    await Promise.all(Array.from({ length: 10 }, async () => {
      await pacer.acquire({ api: 1 });
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 1));
      inFlight--;
      pacer.release();
    }));
    expect(peak).toBe(2);
  });
});

describe('Binance limits', () => {
  it('reads REQUEST_WEIGHT from exchangeInfo and weighs endpoints', () => {
    const body = JSON.stringify({ rateLimits: [{ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 }, { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 100 }] });
    expect(declaredRequestWeight(body)).toEqual({ limit: 6000, windowMs: 60_000 });
    const req = (method: string, url: string) => ({ method, url, endpoint: new URL(url).pathname, mutating: false });
    expect(binanceWeights(req('GET', 'http://h/api/v3/myTrades?symbol=BTCUSDT'))).toEqual({ api: 20 });
    expect(binanceWeights(req('GET', 'http://h/api/v3/openOrders?timestamp=1'))).toEqual({ api: 80 });
    expect(binanceWeights(req('GET', 'http://h/api/v3/openOrders?timestamp=1&symbol=X'))).toEqual({ api: 6 });
    expect(binanceWeights(req('GET', 'http://h/sapi/v1/capital/deposit/hisrec'))).toEqual({ sapi: 1 });
  });
});
