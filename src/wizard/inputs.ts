// The wizard's answers mapped onto what the chosen runbook declares. Runbooks differ: one takes
// an `accounts` list ("binance/main"), an older one `exchange` + `account` for a single account;
// the read-only account for the sweep is `reader` or `readers`. The mapping reads the runbook's
// own inputs, so the wizard works with either form.
import { UsageError } from '../errors.js';
import type { GivenInputs } from '../runbook/inputs.js';
import { DEFAULT_ACCOUNT } from '../secrets/names.js';
import type { InputSpec, LoadedRunbook } from '../runbook/schema.js';
import { refOf, type AccountChoice } from './accounts.js';
import { sinceInputValue, type StartTime } from './since.js';

export interface WizardAnswers {
  accounts: AccountChoice[];
  /** Undefined: the runbook's default. */
  start?: StartTime;
  /** Read-only accounts for the evidence sweep. */
  readers: AccountChoice[];
  notifyTo?: string;
  /** `--input name=value` for any other input the runbook declares. */
  extra: GivenInputs;
}

function listOrText(spec: InputSpec, values: string[]): string | string[] {
  return spec.type === 'list' ? values : values.join(',');
}

function accountInputs(loaded: LoadedRunbook, accounts: AccountChoice[]): GivenInputs {
  const declared = loaded.runbook.inputs;
  const name = loaded.runbook.name;
  if (declared.accounts) return { accounts: listOrText(declared.accounts, accounts.map(refOf)) };
  if (accounts.length > 1) {
    throw new UsageError(`runbook ${name} handles one account at a time; ${accounts.length} were chosen (${accounts.map(refOf).join(', ')})`, {
      hint: `Run kit incident once per account, or choose a runbook with an "accounts" input.`,
    });
  }
  const [only] = accounts;
  if (declared.account) return { exchange: only.exchange, account: only.account };
  if (only.account !== DEFAULT_ACCOUNT) {
    throw new UsageError(`runbook ${name} takes no account name, only the exchange; ${refOf(only)} cannot be handed to it`, { hint: 'Choose the main account, or a runbook with an "accounts" or "account" input.' });
  }
  return { exchange: only.exchange };
}

function readerInputs(loaded: LoadedRunbook, readers: AccountChoice[]): GivenInputs {
  if (readers.length === 0) return {};
  const declared = loaded.runbook.inputs;
  if (declared.readers) return { readers: listOrText(declared.readers, readers.map(refOf)) };
  if (!declared.reader) {
    throw new UsageError(`runbook ${loaded.runbook.name} takes no read-only account (no "reader" input)`, { hint: 'Leave out --reader for this runbook.' });
  }
  // Beside `exchange` + `account`, `reader` is an account name on the same exchange.
  const values = declared.accounts ? readers.map(refOf) : readers.map((r) => r.account);
  return { reader: values.join(',') };
}

/** The given inputs for runIncident; every problem is a UsageError that says which flag. */
export function runbookInputs(loaded: LoadedRunbook, answers: WizardAnswers, now: number): GivenInputs {
  const declared = loaded.runbook.inputs;
  const name = loaded.runbook.name;
  const given: GivenInputs = { ...accountInputs(loaded, answers.accounts), ...readerInputs(loaded, answers.readers) };
  if (answers.start) {
    if (!declared.since) throw new UsageError(`runbook ${name} does not ask when the trouble started`, { hint: 'Leave out --since for this runbook.' });
    given.since = sinceInputValue(answers.start, declared.since.type, now);
  }
  if (answers.notifyTo !== undefined) {
    if (!declared['notify-to']) throw new UsageError(`runbook ${name} sends no notice (no "notify-to" input)`, { hint: 'Leave out --notify-to for this runbook.' });
    given['notify-to'] = answers.notifyTo;
  }
  const clash = Object.keys(answers.extra).filter((key) => key in given);
  if (clash.length > 0) {
    throw new UsageError(`--input ${clash.join(', ')} repeats what the wizard's own flags set`, { hint: 'Use --accounts, --since, --reader and --notify-to for those.' });
  }
  return { ...given, ...answers.extra };
}
