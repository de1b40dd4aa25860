// Hostile expressions: whatever a runbook writes inside `${{ }}` (or `if:`), evaluation yields
// plain data or an ExpressionError. It never reaches process, require, the file system or a
// prototype, and it never changes one.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateCondition, evaluateValue, ExpressionError, parseExpression, type ExpressionContexts } from '../../src/runbook/expressions.js';
import { prototypeSnapshot, runs, tried } from './helpers.js';

const SENTINEL = 'chaos-sentinel-7f3e9a';

function contexts(): ExpressionContexts {
  return {
    inputs: { exchange: 'binance', accounts: ['binance/main', 'bybit/ops'], count: 3, nested: { list: [{ id: 'o1' }] } },
    steps: { revoke: { outcome: 'success', outputs: { method: 'api-delete', orders: [{ id: 1 }, { id: 2 }] } } },
    run: { id: '20261130T1412Z-key-compromise-ab12', dryRun: false, startedAt: '2026-11-30T14:12:00.000Z' },
    env: { KIT_OPERATOR: 'alice' },
  };
}

const NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', '__lookupGetter__', 'process', 'require',
  'mainModule', 'global', 'globalThis', 'env', 'length', 'caller', 'callee', 'arguments', 'bind', 'call', 'apply', 'then', 'toJSON', 'outputs', 'exchange', 'accounts', 'revoke', 'orders', '*'];
const FUNCTIONS = ['contains', 'startsWith', 'endsWith', 'format', 'join', 'toJSON', 'fromJSON', 'case', 'success', 'failure', 'always', 'cancelled',
  'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'require', 'eval', 'Function', 'process', 'import', 'isPrototypeOf', '__proto__'];
const HOSTILE_JSON = [
  '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}', '{"__proto__":{"__proto__":{"polluted":1}}}', '[{"__proto__":[1]}]',
  '{"toString":"x","valueOf":1}', '{"a":', '1e400', '"\\u0000"', 'null', '[[[[[[[[[[]]]]]]]]]]',
].map((j) => `'${j.replace(/'/g, "''")}'`);

const literal = fc.oneof(
  fc.constantFrom("'x'", '1', '-1.5', 'true', 'false', 'null', 'NaN', 'Infinity', '0x1F', '1e400', "''", "'{0}{1}{99999}'", `'${SENTINEL}'`),
  fc.constantFrom(...HOSTILE_JSON),
  fc.string({ maxLength: 6 }).map((s) => `'${s.replace(/'/g, "''")}'`),
);
const context = fc.constantFrom('inputs', 'steps', 'run', 'env', 'steps.revoke', 'steps.revoke.outputs', 'inputs.accounts', 'inputs.nested');
const accessor = fc.oneof(fc.constantFrom(...NAMES).map((n) => (n === '*' ? '.*' : `.${n}`)), fc.constantFrom(...NAMES).map((n) => `['${n}']`), fc.nat(3).map((n) => `[${n}]`));

const expression: fc.Arbitrary<string> = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    literal,
    fc.tuple(context, fc.array(accessor, { maxLength: 4 })).map(([c, path]) => c + path.join('')),
    fc.tuple(fc.constantFrom(...FUNCTIONS), fc.array(tie('expr'), { maxLength: 3 })).map(([f, args]) => `${f}(${args.join(', ')})`),
    fc.tuple(tie('expr'), fc.constantFrom('==', '!=', '<', '<=', '>', '>=', '&&', '||'), tie('expr')).map(([a, op, b]) => `${a} ${op} ${b}`),
    tie('expr').map((e) => `!${e}`),
    tie('expr').map((e) => `(${e})`),
    fc.tuple(tie('expr'), accessor).map(([e, a]) => `(${e})${a}`),
  ),
})).expr;

/** Plain data only: what JSON can hold, with ordinary prototypes and no functions anywhere. */
function expectPlainData(value: unknown, depth = 0): void {
  expect(depth).toBeLessThan(200);
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    if (typeof value === 'string') expect(value).not.toContain(process.env.CHAOS_SENTINEL_ENV);
    return;
  }
  expect(typeof value).toBe('object');
  if (Array.isArray(value)) {
    expect(Object.getPrototypeOf(value)).toBe(Array.prototype);
    for (const item of value) expectPlainData(item, depth + 1);
    return;
  }
  expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  for (const key of Reflect.ownKeys(value as object)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key)!;
    expect(descriptor.get ?? descriptor.set).toBeUndefined();
    expectPlainData(descriptor.value, depth + 1);
  }
}

const tally = { values: 0, errors: 0 };

function evaluateBoth(source: string): void {
  tried();
  const ctx = contexts();
  try {
    expectPlainData(evaluateValue(`\${{ ${source} }}`, ctx));
    expectPlainData(evaluateValue(`text \${{ ${source} }} text`, ctx));
    tally.values++;
  } catch (error) {
    expect(error, String(error)).toBeInstanceOf(ExpressionError);
    tally.errors++;
  }
  try {
    expect(typeof evaluateCondition(source, ctx)).toBe('boolean');
  } catch (error) {
    expect(error, String(error)).toBeInstanceOf(ExpressionError);
  }
}

let before: ReturnType<typeof prototypeSnapshot>;
beforeAll(() => {
  // A value only the process environment holds: no expression result may ever contain it.
  process.env.CHAOS_SENTINEL_ENV = `env-${SENTINEL}`;
  before = prototypeSnapshot();
});
afterAll(() => {
  delete process.env.CHAOS_SENTINEL_ENV;
});

describe('expression evaluator under hostile input', () => {
  it('evaluates generated expressions to plain data or an ExpressionError, and changes no prototype', () => {
    fc.assert(fc.property(expression, (source) => evaluateBoth(source)), { numRuns: runs(1500) });
    // Both outcomes are exercised: the generator is not merely producing syntax errors.
    expect(tally.values).toBeGreaterThan(runs(1500) / 10);
    expect(tally.errors).toBeGreaterThan(runs(1500) / 10);
    expect(prototypeSnapshot()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('survives any text inside ${{ }}', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (source) => evaluateBoth(source)), { numRuns: runs(800) });
    expect(prototypeSnapshot()).toEqual(before);
  });

  it('refuses every function outside its own list, whatever the spelling', () => {
    const allowed = new Set(['contains', 'startswith', 'endswith', 'format', 'join', 'tojson', 'fromjson', 'case', 'success', 'failure', 'always', 'cancelled']);
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...FUNCTIONS, 'CONSTRUCTOR', 'Require', 'readFile', 'setTimeout', 'Object', 'Reflect'), fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,12}$/)), (name) => {
        fc.pre(!allowed.has(name.toLowerCase()));
        expect(() => parseExpression(`${name}('x')`)).toThrow(ExpressionError);
      }),
      { numRuns: runs(300) },
    );
  });

  it('the known attacks: prototype keys read as null, parsed JSON keeps __proto__ as data, nothing is polluted', () => {
    const ctx = contexts();
    expect(evaluateValue("${{ toJSON(fromJSON('{\"__proto__\":{\"x\":1}}')) }}", ctx)).toBe('{\n  "__proto__": {\n    "x": 1\n  }\n}');
    for (const source of ['inputs.__proto__', 'inputs.constructor', "inputs['constructor']['prototype']", 'inputs.accounts.constructor', 'steps.revoke.outputs.__proto__.polluted',
      "fromJSON('{}').constructor", "fromJSON('[]').constructor", 'run.constructor.constructor', 'env.__proto__', 'inputs.*.__proto__']) {
      const value = evaluateValue(`\${{ ${source} }}`, ctx);
      expect(value === null || (Array.isArray(value) && value.every((v) => v === null)), `${source} gave ${JSON.stringify(value)}`).toBe(true);
    }
    const parsed = evaluateValue("${{ fromJSON('{\"__proto__\":{\"polluted\":1},\"constructor\":{\"prototype\":{\"polluted\":1}}}') }}", ctx) as Record<string, unknown>;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.keys(parsed)).toEqual(['__proto__', 'constructor']);
    expect(prototypeSnapshot()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
