import { describe, expect, it } from 'vitest';
import { evaluateCondition, evaluateValue, ExpressionError, kitEnv, parseExpression, type ExpressionContexts } from '../../src/runbook/expressions.js';

function contexts(overrides: Partial<ExpressionContexts> = {}): ExpressionContexts {
  return {
    inputs: { exchange: 'binance', count: 3, dryRunWanted: false, accounts: ['main', 'sub1'] },
    steps: {
      revoke: { outcome: 'success', outputs: { method: 'manual', keyHint: 'abcd…wxyz', url: 'https://www.binance.com/en/my/settings/api-management', orders: [{ id: 'o1', qty: 2 }, { id: 'o2', qty: 5 }] } },
    },
    run: { id: '20261130T1412Z-key-compromise-ab12', dryRun: true, startedAt: '2026-11-30T14:12:00.000Z' },
    env: { KIT_OPERATOR: 'alice' },
    ...overrides,
  };
}

describe('evaluateValue', () => {
  it('keeps the type of a value that is exactly one expression', () => {
    const ctx = contexts();
    expect(evaluateValue('${{ inputs.count }}', ctx)).toBe(3);
    expect(evaluateValue('  ${{ inputs.dryRunWanted }} ', ctx)).toBe(false);
    expect(evaluateValue('${{ run.dryRun }}', ctx)).toBe(true);
    expect(evaluateValue('${{ inputs.accounts }}', ctx)).toEqual(['main', 'sub1']);
    expect(evaluateValue('${{ steps.revoke.outputs.orders[1] }}', ctx)).toEqual({ id: 'o2', qty: 5 });
    expect(evaluateValue('${{ steps.revoke.outputs.orders.*.id }}', ctx)).toEqual(['o1', 'o2']);
    expect(evaluateValue('${{ 1 < 2 }}', ctx)).toBe(true);
    expect(evaluateValue("${{ fromJSON('{\"a\":[1,2]}') }}", ctx)).toEqual({ a: [1, 2] });
  });

  it('interpolates expressions inside text, lists and objects as JSON', () => {
    const ctx = contexts();
    expect(evaluateValue('Delete key ${{ steps.revoke.outputs.keyHint }} at ${{ steps.revoke.outputs.url }}', ctx))
      .toBe('Delete key abcd…wxyz at https://www.binance.com/en/my/settings/api-management');
    expect(evaluateValue('n=${{ inputs.count }} dry=${{ run.dryRun }} missing=[${{ inputs.nope }}]', ctx)).toBe('n=3 dry=true missing=[]');
    expect(evaluateValue('accounts: ${{ inputs.accounts }}', ctx)).toBe('accounts: ["main","sub1"]');
    expect(evaluateValue("${{ format('{0}/{1}', inputs.exchange, env.KIT_OPERATOR) }} by ${{ join(inputs.accounts, '+') }}", ctx)).toBe('binance/alice by main+sub1');
  });

  it('recurses into objects and lists, and leaves a field out when its expression yields null', () => {
    const ctx = contexts();
    const out = evaluateValue({ exchange: '${{ inputs.exchange }}', account: '${{ inputs.account }}', nested: { n: '${{ inputs.count }}', list: ['${{ run.id }}', 7, null] }, literal: true }, ctx);
    expect(out).toEqual({ exchange: 'binance', nested: { n: 3, list: ['20261130T1412Z-key-compromise-ab12', 7, null] }, literal: true });
    expect(Object.keys(out as object)).not.toContain('account');
  });

  it('gives nothing from the prototype: __proto__ and constructor read as null', () => {
    const ctx = contexts();
    expect(evaluateValue('${{ inputs.constructor }}', ctx)).toBeNull();
    expect(evaluateValue("${{ inputs['__proto__'] }}", ctx)).toBeNull();
    expect(evaluateValue('${{ steps.revoke.outputs.toString }}', ctx)).toBeNull();
    expect(evaluateValue("${{ fromJSON('{}').constructor }}", ctx)).toBeNull();
    expect(evaluateValue("${{ toJSON(inputs.__proto__) }}", ctx)).toBe('null');
    // A key really named __proto__ is ordinary data, and parsing it pollutes nothing.
    const parsed = evaluateValue("${{ fromJSON('{\"__proto__\":{\"polluted\":1}}') }}", ctx) as Record<string, unknown>;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(parsed)).toEqual(['__proto__']);
    expect(() => evaluateValue('${{ constructor(1) }}', ctx)).toThrow(/unknown function constructor\(\)/);
    expect(() => evaluateValue('${{ toString() }}', ctx)).toThrow(ExpressionError);
  });

  it('looks context keys up case-insensitively, as GitHub does', () => {
    expect(evaluateValue('${{ Inputs.EXCHANGE }}', contexts())).toBe('binance');
  });

  it('fails with a clear message naming the expression', () => {
    const ctx = contexts();
    expect(() => evaluateValue('${{ inputs.exchange == "binance" }}', ctx)).toThrow(/\$\{\{ inputs\.exchange == "binance" \}\}: unexpected "binance".*single quotes/);
    expect(() => evaluateValue('${{ secrets.x }}', ctx)).toThrow(/unknown context "secrets"/);
    expect(() => evaluateValue('x ${{ inputs.exchange', ctx)).toThrow(/never closed/);
    expect(() => evaluateValue('${{ }}', ctx)).toThrow(/empty/);
    expect(() => evaluateValue("${{ fromJSON('{oops') }}", ctx)).toThrow(/fromJSON: not valid JSON/);
  });
});

describe('evaluateCondition', () => {
  it('takes a bare expression, a ${{ }} expression or a boolean, with GitHub truthiness', () => {
    const ctx = contexts();
    expect(evaluateCondition(undefined, ctx)).toBe(true);
    expect(evaluateCondition(false, ctx)).toBe(false);
    expect(evaluateCondition("steps.revoke.outputs.method == 'manual'", ctx)).toBe(true);
    expect(evaluateCondition("${{ steps.revoke.outputs.method == 'MANUAL' }}", ctx)).toBe(true);
    expect(evaluateCondition('${{ inputs.count }}', ctx)).toBe(true);
    expect(evaluateCondition("${{ '' }}", ctx)).toBe(false);
    expect(evaluateCondition('inputs.missing', ctx)).toBe(false);
    expect(evaluateCondition("contains(inputs.accounts, 'sub1') && !run.dryRun", ctx)).toBe(false);
  });

  it('sees earlier outcomes through steps.<id>.outcome and the status functions', () => {
    const ok = contexts();
    expect(evaluateCondition('success()', ok)).toBe(true);
    expect(evaluateCondition('failure()', ok)).toBe(false);
    const failed = contexts({ steps: { ...ok.steps, cancel: { outcome: 'failure', outputs: {} } } });
    expect(evaluateCondition('failure()', failed)).toBe(true);
    expect(evaluateCondition('success()', failed)).toBe(false);
    expect(evaluateCondition("steps.cancel.outcome == 'failure'", failed)).toBe(true);
    expect(evaluateCondition("steps.revoke.outcome == 'success' && always()", failed)).toBe(true);
    const cancelled = contexts({ steps: { cancel: { outcome: 'cancelled', outputs: {} } } });
    expect(evaluateCondition('cancelled()', cancelled)).toBe(true);
  });

  it("supports GitHub's operators that return an operand, and case()", () => {
    const failed = contexts({ steps: { cancel: { outcome: 'failure', outputs: {} } } });
    expect(evaluateValue("Key incident: ${{ failure() && 'FAILED' || 'contained' }}", failed)).toBe('Key incident: FAILED');
    expect(evaluateValue("${{ failure() && 'FAILED' || 'contained' }}", contexts())).toBe('contained');
    expect(evaluateValue("${{ case(inputs.exchange == 'bybit', 1, inputs.exchange == 'binance', 2, 0) }}", contexts())).toBe(2);
    expect(evaluateValue("${{ 'It''s' }}", contexts())).toBe("It's");
  });

  it('refuses a condition that mixes text and an expression (it would always be true)', () => {
    expect(() => evaluateCondition("${{ inputs.exchange }} == 'binance'", contexts())).toThrow(/mixes text/);
  });
});

describe('parseExpression', () => {
  it('lists the context references with the offset of each segment', () => {
    const source = " steps.revoke.outputs['url'] != inputs.exchange && steps[inputs.exchange].outcome ";
    const refs = parseExpression(source).references;
    expect(refs.map((r) => [r.context, r.path.join('.'), r.dynamic])).toEqual([
      ['steps', 'revoke.outputs.url', false],
      ['inputs', 'exchange', false],
      ['steps', '', true],
      ['inputs', 'exchange', false],
    ]);
    expect(refs[0].offsets.map((o) => source.slice(o, o + 6))).toEqual(['steps.', 'revoke', 'output', "'url']"]);
  });

  it('points at the offending token of a syntax error', () => {
    const source = "inputs.a == 'x' &&";
    try {
      parseExpression(source);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ExpressionError);
      expect((error as ExpressionError).reason).toBe('the expression ends too early');
      expect((error as ExpressionError).offset).toBe(source.indexOf('&&'));
    }
    const bad = 'inputs.a = 1';
    expect(() => parseExpression(bad)).toThrow(/compare with ==/);
  });
});

describe('kitEnv', () => {
  it('keeps only KIT_ variables, and none named like a secret', () => {
    expect(kitEnv({ KIT_HOME: '/h', KIT_OPERATOR: 'bob', HOME: '/root', KIT_MASTER_PASSWORD: 'x', KIT_VAULT_TOKEN: 't', AWS_SECRET_ACCESS_KEY: 's' })).toEqual({ KIT_HOME: '/h', KIT_OPERATOR: 'bob' });
  });
});
