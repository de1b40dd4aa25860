import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { parseDuration } from '../../src/runbook/duration.js';
import { resolveInputs } from '../../src/runbook/inputs.js';
import { runbookSpec, type Runbook } from '../../src/runbook/schema.js';
import { clearSecretsForTests, redact } from '../../src/secrets/redact.js';

const runbook: Runbook = runbookSpec.parse({
  version: 1,
  name: 'key-compromise',
  inputs: {
    exchange: { type: 'string', required: true, description: 'ccxt exchange id', options: ['binance', 'bybit'] },
    account: { type: 'string', default: 'main' },
    limit: { type: 'number', default: 50 },
    since: { type: 'duration', default: '72h' },
    notify: { type: 'boolean', default: true },
    accounts: { type: 'list', default: 'main' },
    smtpPassword: { type: 'secret' },
    note: { type: 'string' },
  },
  steps: [{ id: 'a', uses: 'test.note' }],
});

function problemsOf(given: Parameters<typeof resolveInputs>[1]): string {
  try {
    resolveInputs(runbook, given);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as UsageError).message;
  }
  throw new Error('expected a UsageError');
}

describe('resolveInputs', () => {
  afterEach(() => clearSecretsForTests());

  it('converts --input strings by declared type and applies defaults', () => {
    expect(resolveInputs(runbook, { exchange: 'bybit', limit: '7', since: '1h30m', notify: 'no', accounts: 'main, sub1,,sub2' })).toEqual({
      exchange: 'bybit', account: 'main', limit: 7, since: '1h30m', notify: false, accounts: ['main', 'sub1', 'sub2'],
    });
    expect(resolveInputs(runbook, { exchange: 'binance' })).toEqual({ exchange: 'binance', account: 'main', limit: 50, since: '72h', notify: true, accounts: ['main'] });
  });

  it('takes a list from repeated --input as well as from commas, and typed values as given', () => {
    expect(resolveInputs(runbook, { exchange: ['binance'], accounts: ['main', 'sub1,sub2'], limit: 3, notify: true })).toMatchObject({ exchange: 'binance', accounts: ['main', 'sub1', 'sub2'], limit: 3, notify: true });
  });

  it('registers a secret input with the redactor', () => {
    const out = resolveInputs(runbook, { exchange: 'binance', smtpPassword: 'correct-horse-battery' });
    expect(out.smtpPassword).toBe('correct-horse-battery');
    expect(redact('password is correct-horse-battery')).toBe('password is [REDACTED]');
  });

  it('lists EVERY problem at once, each with how to fix it', () => {
    const message = problemsOf({ exchnage: 'binance', limit: 'many', since: '3 days', notify: 'maybe', accounts: 'a', note: ['x', 'y'] });
    expect(message).toContain('6 input problems');
    expect(message).toContain('unknown input "exchnage" (did you mean "exchange"?); this runbook takes: exchange, account, limit, since, notify, accounts, smtpPassword, note');
    expect(message).toContain('missing required input "exchange" (ccxt exchange id): add --input exchange=binance');
    expect(message).toContain('input "limit" must be a number (got "many"): for example --input limit=10');
    expect(message).toContain('input "since" must be a duration such as 30s, 5m, 72h or 7d (got "3 days")');
    expect(message).toContain('input "notify" must be true or false (got "maybe")');
    expect(message).toContain('input "note" was given 2 times; it takes one value');
  });

  it('enforces options, and never echoes a secret value in an error', () => {
    expect(problemsOf({ exchange: 'kraken' })).toContain('input "exchange" must be one of binance, bybit (got "kraken")');
    expect(problemsOf({ exchange: 'binance', smtpPassword: ['s3cret-one', 's3cret-two'] })).not.toContain('s3cret');
  });
});

describe('parseDuration', () => {
  it('reads every unit and combinations', () => {
    expect(parseDuration('1500ms')).toBe(1500);
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('72h')).toBe(72 * 3_600_000);
    expect(parseDuration('7d')).toBe(7 * 86_400_000);
    expect(parseDuration('2w')).toBe(14 * 86_400_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('1.5s')).toBe(1500);
  });

  it('refuses anything else with a UsageError that shows the form', () => {
    for (const bad of ['', '5', '3 days', 'h', '-1s', '1x']) expect(() => parseDuration(bad)).toThrow(UsageError);
    expect(() => parseDuration('3 days')).toThrow('"3 days" is not a duration');
  });
});
