// Faults from the scenario: 5xx answers, dropped connections, answers that never come,
// rate-limit bursts and a skewed server clock, each seen through ccxt's own error classes.
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Scenario, type SimHandle } from '../../src/sim/index.js';
import { ccxt, connect, credential, failure, tinyScenario } from './helpers.js';

let sim: SimHandle | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

function scenario(extra: string): Scenario {
  return tinyScenario('faults', `${extra}`);
}

const SPOT_ONLY = { options: { fetchMarkets: ['spot'], fetchCurrencies: false, fetchMargins: false } };

describe('faults', () => {
  it('answers a share of requests with 502 (ExchangeNotAvailable)', async () => {
    sim = await startSimulator({ scenario: scenario('faults: { serverErrorShare: 1 }') });
    expect(await failure(connect(sim, 'binance', credential(sim, 'bn', 'k')).fetchTime())).toBeInstanceOf(ccxt.ExchangeNotAvailable);
    expect(await failure(connect(sim, 'bybit', credential(sim, 'by', 'k')).fetchTime())).toBeInstanceOf(ccxt.ExchangeNotAvailable);
    expect(sim.admin.counters().serverErrors).toBe(2);
  });

  it('drops connections (NetworkError) and leaves requests unanswered (RequestTimeout)', async () => {
    sim = await startSimulator({ scenario: scenario('faults: { dropShare: 1 }') });
    const dropped = await failure(connect(sim, 'binance', credential(sim, 'bn', 'k')).fetchTime());
    expect(dropped).toBeInstanceOf(ccxt.NetworkError);
    expect(dropped).not.toBeInstanceOf(ccxt.RequestTimeout);
    await sim.close();
    sim = await startSimulator({ scenario: scenario('faults: { hangShare: 1 }') });
    // Without the fault the request would simply succeed; with it, only the client's timeout ends it.
    const hung = await failure(connect(sim, 'binance', credential(sim, 'bn', 'k'), { timeout: 1000 }).fetchTime());
    expect(hung).toBeInstanceOf(ccxt.RequestTimeout);
  });

  it('refuses everything during a rate-limit burst with each exchange answer', async () => {
    sim = await startSimulator({ scenario: scenario('faults: { rateLimitBursts: [{ at: -1m, duration: 10m }] }') });
    const binanceError = await failure(connect(sim, 'binance', credential(sim, 'bn', 'k')).fetchTime());
    expect(binanceError).toBeInstanceOf(ccxt.DDoSProtection);
    expect(binanceError.message).toContain('-1003');
    expect(await failure(connect(sim, 'bybit', credential(sim, 'by', 'k')).fetchTime())).toBeInstanceOf(ccxt.RateLimitExceeded);
  });

  it('runs its clock ahead when told: signed requests then fail with the timestamp codes', async () => {
    sim = await startSimulator({ scenario: scenario('faults: { clockOffset: +30s }\nlatency: { fixed: 5ms, jitter: 5ms }') });
    const binance = connect(sim, 'binance', credential(sim, 'bn', 'k'), SPOT_ONLY);
    expect((await binance.fetchTime()) as number - Date.now()).toBeGreaterThan(20_000);
    const nonce = await failure(binance.fetchBalance());
    expect(nonce).toBeInstanceOf(ccxt.InvalidNonce);
    expect(nonce.message).toContain('-1021');
    const bybitNonce = await failure(connect(sim, 'bybit', credential(sim, 'by', 'k')).privateGetV5UserQueryApi());
    expect(bybitNonce).toBeInstanceOf(ccxt.InvalidNonce);
    // A client that adjusts for the difference works.
    const adjusted = connect(sim, 'binance', credential(sim, 'bn', 'k'), { options: { ...SPOT_ONLY.options, adjustForTimeDifference: true } });
    await adjusted.loadTimeDifference();
    expect((await adjusted.fetchBalance()).USDT.total).toBe(100);
  });
});
