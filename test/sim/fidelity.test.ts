// Fidelity: for every Binance and Bybit fixture (real exchange answers captured by ccxt, see
// test/fixtures/ccxt/SOURCES.md) whose call the simulator serves, the simulator's raw answer has
// the same field names and JSON types, and ccxt parses it into the same unified keys.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Exchange } from 'ccxt';
import { parseScenario, startSimulator, type SimHandle } from '../../src/sim/index.js';
import { connect, credential } from './helpers.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'ccxt');
const DAY = 86_400_000;

interface Fixture {
  method: string;
  input: unknown[];
  httpResponse: unknown;
  parsedResponse: unknown;
}

function fixture(name: string): Fixture {
  return JSON.parse(readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8')) as Fixture;
}

/**
 * Fields a fixture holds that the exchange did not send, or that the simulator's spot-only form
 * rightly lacks:
 * - `type` on Binance deposits/withdrawals: ccxt writes it into the raw records itself.
 * - `nextPageCursor` inside a Bybit list item: ccxt copies the page cursor into the first record.
 * - `createType` on Bybit executions: contract executions only (ccxt reads its presence as
 *   "contract"), and the simulator serves spot.
 * - `marketUnit` on a Bybit order: the simulator adds it to spot market orders only (ccxt reads it
 *   to tell a quote-denominated qty); the captured order is a linear one.
 */
const NOT_SENT_BY_THE_EXCHANGE: Record<string, string[]> = {
  'binance.fetchWithdrawals': ['type'],
  'bybit.fetchMyTrades': ['nextPageCursor', 'createType'],
  'bybit.fetchClosedOrder': ['marketUnit'],
};

/** JSON type; a numeric string is its own kind (see sameType). */
function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return 'numeric-string';
  return typeof value;
}

/**
 * ccxt's static fixtures store every number as a numeric string ("time": "1698138992358"), so a
 * fixture's numeric string stands for a number or a string on the wire; any other type must match.
 */
function sameType(simValue: unknown, fixtureValue: unknown): boolean {
  const a = jsonType(simValue);
  const b = jsonType(fixtureValue);
  if (a === b) return true;
  if (b === 'numeric-string') return a === 'number' || a === 'string';
  return b === 'string' && a === 'numeric-string';
}

function expectSameTypes(name: string, sim: Record<string, unknown> | unknown[], fixture: Record<string, unknown> | unknown[], keys: Array<string | number>): void {
  const mismatches = keys.filter((k) => !sameType((sim as Record<string, unknown>)[k], (fixture as Record<string, unknown>)[k]))
    .map((k) => `${k}: sim ${jsonType((sim as Record<string, unknown>)[k])}, fixture ${jsonType((fixture as Record<string, unknown>)[k])}`);
  expect(mismatches, `${name}: fields whose JSON type differs`).toEqual([]);
}

/** The record a fixture is about: the first element of an array or of Bybit's result.list. */
function firstRecord(raw: unknown): unknown {
  if (Array.isArray(raw)) return raw[0];
  const result = (raw as { result?: { list?: unknown[] } }).result;
  if (result && Array.isArray(result.list)) return result.list[0];
  return raw;
}

function compareRaw(name: string, simRaw: unknown, fix: Fixture): void {
  const simRecord = firstRecord(simRaw);
  const fixRecord = firstRecord(fix.httpResponse);
  expect(simRecord, `${name}: the simulator answered with no record`).toBeDefined();
  if (Array.isArray(fixRecord)) {
    // OHLCV rows: same length, same type per position.
    expect((simRecord as unknown[]).length).toBe(fixRecord.length);
    expectSameTypes(name, simRecord as unknown[], fixRecord, fixRecord.map((_, i) => i));
    return;
  }
  const skip = new Set(NOT_SENT_BY_THE_EXCHANGE[name] ?? []);
  const sim = simRecord as Record<string, unknown>;
  const fixed = fixRecord as Record<string, unknown>;
  const fixtureFields = Object.keys(fixed).filter((k) => !skip.has(k)).sort();
  const simFields = Object.keys(sim).filter((k) => !skip.has(k)).sort();
  expect(simFields, `${name}: raw field names`).toEqual(fixtureFields);
  expectSameTypes(name, sim, fixed, fixtureFields);
  if (!Array.isArray(simRaw) && typeof simRaw === 'object' && simRaw !== null && 'retCode' in simRaw) {
    // The Bybit envelope around the record.
    expect(Object.keys(simRaw).sort()).toEqual(Object.keys(fix.httpResponse as object).sort());
  }
}

function compareParsed(name: string, parsed: unknown, fix: Fixture): void {
  const simItem = (Array.isArray(parsed) ? parsed[0] : parsed) as unknown;
  const fixItem = (Array.isArray(fix.parsedResponse) ? fix.parsedResponse[0] : fix.parsedResponse) as unknown;
  if (Array.isArray(fixItem)) {
    expect((simItem as unknown[]).map((v) => typeof v)).toEqual(fixItem.map((v) => typeof v));
    return;
  }
  const sim = simItem as Record<string, unknown>;
  const fixed = fixItem as Record<string, unknown>;
  expect(Object.keys(sim).sort(), `${name}: unified keys`).toEqual(Object.keys(fixed).sort());
  // Both sides are ccxt's own output here: types must match exactly where both have a value.
  const mismatches = Object.keys(fixed).filter((k) => fixed[k] !== null && sim[k] !== null && sim[k] !== undefined && typeof sim[k] !== typeof fixed[k]);
  expect(mismatches, `${name}: unified keys whose type differs`).toEqual([]);
}

const SCENARIO = `
version: 1
name: fidelity
seed: 7
historyDays: 10
accounts:
  - name: bn
    exchange: binance
    balances: { LTC: 40, USDT: 2000, BTC: 0.1 }
    keys: [{ name: k, permissions: [read, trade] }]
  - name: by
    exchange: bybit
    balances: { LTC: 40, USDT: 2000, BTC: 0.1 }
    keys: [{ name: k, permissions: [read, trade] }]
markets:
  - { symbol: LTC/USDT, price: 69.63 }
  - { symbol: BTC/USDT, price: 43500 }
baseline:
  gridBots:
    - { account: bn, symbols: [LTC/USDT], fillsPerDay: 5, openOrdersPerSymbol: 2 }
    - { account: by, symbols: [LTC/USDT], fillsPerDay: 5, openOrdersPerSymbol: 2 }
  manual:
    - { account: bn, symbols: [LTC/USDT], tradesPerWeek: 10 }
    - { account: by, symbols: [BTC/USDT], tradesPerWeek: 10 }
  transfers:
    - account: bn
      withdrawals: [{ at: -2d, coin: USDT, amount: 9, network: TRX, address: TKRxCKea88FDKDSJFSDKJ43243K }]
`;

let sim: SimHandle;
let binance: Exchange;
let bybit: Exchange;

beforeAll(async () => {
  sim = await startSimulator({ scenario: parseScenario(SCENARIO, 'fidelity.yaml') });
  binance = connect(sim, 'binance', credential(sim, 'bn', 'k'));
  bybit = connect(sim, 'bybit', credential(sim, 'by', 'k'));
});
afterAll(async () => {
  await sim.close();
});

/** The simulator's equivalent of each fixture's call (Bybit: the spot form, the sim serves spot). */
const CALLS: Record<string, () => Promise<unknown>> = {
  'binance.fetchMyTrades': () => binance.fetchMyTrades('LTC/USDT', undefined, 1),
  'binance.fetchOHLCV': () => binance.fetchOHLCV('BTC/USDT', '1h', Date.now() - 5 * 3_600_000, 3),
  'binance.fetchOrder': () => {
    const order = sim.state.orders('bn', 'LTCUSDT').find((o) => o.type === 'MARKET' && o.status === 'FILLED');
    return binance.fetchOrder(order?.id as string, 'LTC/USDT');
  },
  'binance.fetchOrders': () => binance.fetchOrders('LTC/USDT', undefined, 1),
  'binance.fetchWithdrawals': () => binance.fetchWithdrawals(),
  'bybit.cancelAllOrders': () => bybit.cancelAllOrders('LTC/USDT'),
  'bybit.fetchClosedOrder': () => {
    const order = sim.state.orders('by', 'BTCUSDT').filter((o) => o.type === 'MARKET' && o.time > Date.now() - 6 * DAY).pop();
    return bybit.fetchClosedOrder(order?.id as string, 'BTC/USDT');
  },
  'bybit.fetchMyTrades': () => bybit.fetchMyTrades('LTC/USDT', undefined, 1),
};

describe('fidelity against real answers captured by ccxt', () => {
  for (const name of Object.keys(CALLS)) {
    it(`${name}: same raw fields and types, same unified keys`, async () => {
      const fix = fixture(name);
      const exchange = name.startsWith('binance') ? binance : bybit;
      const parsed = await CALLS[name]();
      const raw = JSON.parse(exchange.last_http_response as string) as unknown;
      compareRaw(name, raw, fix);
      compareParsed(name, parsed, fix);
    });
  }
});
