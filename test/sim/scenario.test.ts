// The scenario loader: shipped names, located errors, determinism of the generated account.
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { loadScenario, parseScenario, shippedScenarioNames } from '../../src/sim/index.js';
import { buildWorld } from '../../src/sim/model/world.js';

const ANCHOR = Date.UTC(2026, 0, 15, 12, 0);

function problemsOf(text: string): string[] {
  try {
    parseScenario(text, 'bad.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).exitCode).toBe(2);
    return (error as ValidationError).problems.map((p) => `${p.file}:${p.line}:${p.col} ${p.path}: ${p.message}`);
  }
  throw new Error('expected a ValidationError');
}

describe('scenario loader', () => {
  it('ships the documented scenarios, each loading and generating without a refused attack', () => {
    const names = shippedScenarioNames();
    for (const name of ['quiet', 'compromise', 'compromise-bybit', 'large', 'unrevocable']) expect(names).toContain(name);
    for (const name of names) {
      const scenario = loadScenario(name);
      expect(scenario.name).toBe(name);
      const truth = buildWorld(scenario, ANCHOR).groundTruth();
      expect(truth.attacker.prevented).toEqual([]);
    }
  });

  it('gives the large scenario 300 symbols and 20,000 trades', () => {
    const world = buildWorld(loadScenario('large'), ANCHOR);
    expect(world.state.markets.size).toBe(300);
    const trades = [...world.state.markets.keys()].reduce((n, s) => n + world.state.tradesOf('main', s).length, 0);
    expect(trades).toBe(20_000);
  });

  it('locates schema errors at file:line:col', () => {
    const problems = problemsOf([
      'version: 1',
      'name: broken',
      'seed: 1',
      'accounts:',
      '  - name: main',
      '    exchange: kraken',
      '    keys:',
      '      - name: k',
      '        permisions: [read]',
    ].join('\n'));
    expect(problems).toContainEqual(expect.stringMatching(/^bad\.yaml:6:15 accounts\[0\]\.exchange: /));
    expect(problems).toContainEqual(expect.stringMatching(/^bad\.yaml:9:9 accounts\[0\]\.keys\[0\]\.permisions: unknown key "permisions"/));
  });

  it('locates broken cross-references', () => {
    const problems = problemsOf([
      'version: 1',
      'name: refs',
      'seed: 1',
      'accounts:',
      '  - { name: main, exchange: binance }',
      'markets:',
      '  - { symbol: BTC/USDT, price: 100 }',
      'baseline:',
      '  gridBots:',
      '    - { account: nobody, symbols: [ETH/USDT] }',
    ].join('\n'));
    expect(problems).toContainEqual(expect.stringMatching(/^bad\.yaml:10:18 baseline\.gridBots\[0\]\.account: unknown account "nobody"/));
    expect(problems).toContainEqual(expect.stringMatching(/^bad\.yaml:10:\d+ baseline\.gridBots\[0\]\.symbols\[0\]: unknown market "ETH\/USDT"/));
  });

  it('builds the same account from the same seed, and a different one from another seed', () => {
    const scenario = loadScenario('compromise');
    const summary = (seed: string | number) => {
      const world = buildWorld({ ...scenario, seed }, ANCHOR);
      return world.state.tradesOf('main', 'BTCUSDT').map((t) => `${t.id}@${t.time}:${t.price}`).join(',') + JSON.stringify(world.groundTruth());
    };
    expect(summary(scenario.seed)).toBe(summary(scenario.seed));
    expect(summary(scenario.seed)).not.toBe(summary('other-seed'));
  });

  it('keeps every record of the history inside [now - historyDays, now]', () => {
    const scenario = loadScenario('quiet');
    const world = buildWorld(scenario, ANCHOR);
    const start = ANCHOR - scenario.historyDays * 86_400_000;
    for (const symbol of world.state.markets.keys()) {
      for (const t of world.state.tradesOf('main', symbol)) expect(t.time >= start && t.time <= ANCHOR).toBe(true);
      for (const o of world.state.ordersOf('main', symbol)) expect(o.time >= start && o.time <= ANCHOR).toBe(true);
    }
  });
});
