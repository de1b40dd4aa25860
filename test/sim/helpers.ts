// Test helpers: ccxt's own exchange classes pointed at a running simulator.
import ccxt, { type Exchange } from 'ccxt';
import { loadScenario, parseScenario, startSimulator, type Scenario, type SimCredential, type SimHandle } from '../../src/sim/index.js';

export type ExchangeName = 'binance' | 'bybit';

/** Replaces scheme+host of every urls.api entry with the simulator's base URL (path prefixes kept). */
export function pointAt(exchange: Exchange, baseUrl: string): void {
  const api = exchange.urls.api as Record<string, string>;
  for (const name of Object.keys(api)) api[name] = api[name].replace(/^https?:\/\/[^/]+/, baseUrl);
}

export function credential(sim: SimHandle, account: string, name: string): SimCredential {
  const found = sim.admin.credentials().find((c) => c.account === account && c.name === name);
  if (!found) throw new Error(`no key ${account}/${name} in scenario ${sim.scenario.name}`);
  return found;
}

export function connect(sim: SimHandle, exchangeName: ExchangeName, keys: { apiKey: string; secret: string }, options: Record<string, unknown> = {}): Exchange {
  const Klass = exchangeName === 'binance' ? ccxt.binance : ccxt.bybit;
  const exchange = new Klass({ apiKey: keys.apiKey, secret: keys.secret, enableRateLimit: false, timeout: 5000, ...options });
  pointAt(exchange, sim.baseUrl);
  return exchange;
}

/** The error thrown by a promise (fails the test when it resolves). */
export async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

export { ccxt };

/**
 * A tiny two-account scenario (Binance `bn`, Bybit `by`, each with key `k` able to read and trade,
 * 100 USDT, one BTC/USDT market) plus extra top-level YAML such as `faults:` or `rateLimits:`.
 */
export function tinyScenario(name: string, extraYaml: string): Scenario {
  return parseScenario(`
version: 1
name: ${name}
seed: ${name}
historyDays: 2
accounts:
  - { name: bn, exchange: binance, balances: { USDT: 100 }, keys: [{ name: k, permissions: [read, trade] }] }
  - { name: by, exchange: bybit, balances: { USDT: 100 }, keys: [{ name: k, permissions: [read, trade] }] }
markets:
  - { symbol: BTC/USDT, price: 97000 }
${extraYaml}
`, `${name}.yaml`);
}

/**
 * A simulator for tests about answers, not limits (test/sim/limits.test.ts covers those). Every
 * test opens fresh ccxt instances, each loading coin info, which Bybit allows 5 times a second per
 * account: on a fast machine a suite itself would trip 10006. The per-endpoint limits are raised.
 */
export async function startForAnswers(name: string): Promise<SimHandle> {
  const scenario = await loadScenario(name);
  return startSimulator({ scenario: { ...scenario, rateLimits: { ...scenario.rateLimits, bybit: { ...scenario.rateLimits.bybit, endpointLimitFactor: 50 } } } });
}
