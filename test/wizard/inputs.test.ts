// The wizard's answers mapped onto the inputs a runbook declares: the draft form (exchange +
// account + reader name) and the reworked one (an accounts list, readers).
import { describe, expect, it } from 'vitest';
import { loadRunbookText } from '../../src/runbook/load.js';
import type { LoadedRunbook } from '../../src/runbook/schema.js';
import { runbookInputs, type WizardAnswers } from '../../src/wizard/inputs.js';
import { accountsFromFlags } from '../../src/wizard/accounts.js';

const NOW = Date.UTC(2026, 2, 7, 12);

function runbook(inputs: string): LoadedRunbook {
  const text = `version: 1\nname: rb\ninputs:\n${inputs}\nsteps:\n  - id: note\n    uses: log.note\n    with: { message: hi }\n`;
  const { runbook: loaded, problems } = loadRunbookText(text, 'rb.yaml');
  if (!loaded) throw new Error(problems.map((p) => p.message).join('; '));
  return loaded;
}

const DRAFT = runbook(`  exchange: { type: string, required: true }
  account: { type: string, default: main }
  since: { type: duration, default: 72h }
  reader: { type: string, default: "" }
  notify-to: { type: string, default: "" }`);

const REWORKED = runbook(`  accounts: { type: list, required: true }
  since: { type: string, default: 72h }
  readers: { type: list, default: [] }`);

function answers(partial: Partial<WizardAnswers>): WizardAnswers {
  return { accounts: [{ exchange: 'binance', account: 'main' }], readers: [], extra: {}, ...partial };
}

describe('runbookInputs', () => {
  it('gives a single-account runbook its exchange, account, reader name and since', () => {
    const given = runbookInputs(DRAFT, answers({ accounts: [{ exchange: 'binance', account: 'bot' }], readers: [{ exchange: 'binance', account: 'reader' }], start: { at: NOW - 3_600_000, duration: '1h' }, notifyTo: 'me@example.com' }), NOW);
    expect(given).toEqual({ exchange: 'binance', account: 'bot', reader: 'reader', since: '1h', 'notify-to': 'me@example.com' });
  });

  it('gives an accounts runbook the list of references, the readers, and an ISO start', () => {
    const accounts = accountsFromFlags({ accounts: 'binance/main, bybit/main,binance/main' })!;
    const given = runbookInputs(REWORKED, answers({ accounts, readers: [{ exchange: 'binance', account: 'reader' }], start: { at: NOW - 7_200_000 } }), NOW);
    expect(given).toEqual({ accounts: ['binance/main', 'bybit/main'], readers: ['binance/reader'], since: new Date(NOW - 7_200_000).toISOString() });
  });

  it('leaves out what was not asked, so the runbook defaults apply', () => {
    expect(runbookInputs(DRAFT, answers({}), NOW)).toEqual({ exchange: 'binance', account: 'main' });
  });

  it('refuses what the runbook cannot take, naming the flag', () => {
    const two = [{ exchange: 'binance', account: 'main' }, { exchange: 'bybit', account: 'main' }];
    expect(() => runbookInputs(DRAFT, answers({ accounts: two }), NOW)).toThrow(/handles one account at a time; 2 were chosen/);
    expect(() => runbookInputs(REWORKED, answers({ notifyTo: 'x@example.com' }), NOW)).toThrow(/sends no notice/);
    expect(() => runbookInputs(DRAFT, answers({ extra: { exchange: 'okx' } }), NOW)).toThrow(/--input exchange repeats/);
  });

  it('passes other --input values through for the runbook to check', () => {
    expect(runbookInputs(DRAFT, answers({ extra: { strategy: 'manual' } }), NOW)).toMatchObject({ strategy: 'manual' });
  });
});

describe('accountsFromFlags', () => {
  it('reads --accounts and --exchange/--account, the main account by default', () => {
    expect(accountsFromFlags({})).toBeUndefined();
    expect(accountsFromFlags({ accounts: 'Binance,bybit/sub_1' })).toEqual([{ exchange: 'binance', account: 'main' }, { exchange: 'bybit', account: 'sub_1' }]);
    expect(accountsFromFlags({ exchange: 'okx' })).toEqual([{ exchange: 'okx', account: 'main' }]);
    expect(accountsFromFlags({ exchange: 'okx', account: 'bot' })).toEqual([{ exchange: 'okx', account: 'bot' }]);
  });

  it('refuses contradictions and malformed references', () => {
    expect(() => accountsFromFlags({ accounts: 'binance/main', exchange: 'okx' })).toThrow(/say the same thing twice/);
    expect(() => accountsFromFlags({ account: 'bot' })).toThrow(/--account needs --exchange/);
    expect(() => accountsFromFlags({ accounts: 'binance/main/x' })).toThrow(/not an account reference/);
    expect(() => accountsFromFlags({ accounts: ' , ' })).toThrow(/--accounts is empty/);
  });
});
