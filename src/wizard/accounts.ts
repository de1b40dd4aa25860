// Which exchange accounts the incident is about: `exchange/account` references from the flags,
// checked against the credential store, since every step of the runbook needs the stored key.
import { UsageError } from '../errors.js';
import { checkAccountName, checkExchangeId, DEFAULT_ACCOUNT } from '../secrets/names.js';
import type { AccountRef } from '../secrets/types.js';

export interface AccountChoice {
  exchange: string;
  account: string;
}

export function refOf(choice: AccountChoice): string {
  return `${choice.exchange}/${choice.account}`;
}

/** `binance/main` or `binance` (the main account). */
export function parseAccountRef(text: string): AccountChoice {
  const [exchange, account, ...rest] = text.trim().split('/');
  if (rest.length > 0 || exchange === '' || account === '') {
    throw new UsageError(`"${text}" is not an account reference`, { hint: 'Write exchange/account, e.g. binance/main (or just binance for its main account).' });
  }
  return { exchange: checkExchangeId(exchange), account: checkAccountName(account ?? DEFAULT_ACCOUNT) };
}

export interface AccountFlags {
  accounts?: string;
  exchange?: string;
  account?: string;
}

/** The accounts the flags name, or undefined when they name none (the wizard asks). */
export function accountsFromFlags(flags: AccountFlags): AccountChoice[] | undefined {
  if (flags.accounts !== undefined && (flags.exchange !== undefined || flags.account !== undefined)) {
    throw new UsageError('--accounts and --exchange/--account say the same thing twice', { hint: 'Use one: --accounts binance/main,bybit/main, or --exchange binance --account main.' });
  }
  if (flags.account !== undefined && flags.exchange === undefined) {
    throw new UsageError('--account needs --exchange', { hint: 'For example: --exchange binance --account main (or --accounts binance/main).' });
  }
  if (flags.exchange !== undefined) return [{ exchange: checkExchangeId(flags.exchange), account: checkAccountName(flags.account ?? DEFAULT_ACCOUNT) }];
  if (flags.accounts === undefined) return undefined;
  const refs = flags.accounts.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (refs.length === 0) throw new UsageError('--accounts is empty', { hint: 'Name at least one account: --accounts binance/main.' });
  const unique = new Map(refs.map((r) => parseAccountRef(r)).map((c) => [refOf(c), c]));
  return [...unique.values()];
}

/** Every chosen account must be in the store: a missing one would fail the run's first step. */
export function checkStored(chosen: AccountChoice[], stored: AccountRef[], storeName: string): void {
  const known = new Set(stored.map(refOf));
  const missing = chosen.filter((c) => !known.has(refOf(c)));
  if (missing.length === 0) return;
  const have = stored.length > 0 ? `it holds ${stored.map(refOf).join(', ')}` : 'it holds no accounts';
  throw new UsageError(`${missing.map(refOf).join(', ')} ${missing.length === 1 ? 'is' : 'are'} not in the credential store (${storeName}); ${have}`, {
    hint: `Store the leaked key first, so kit can act with it: ${missing.map((m) => `kit connect ${m.exchange}${m.account === DEFAULT_ACCOUNT ? '' : ` --account ${m.account}`}`).join('; ')}.`,
  });
}

export function emptyStoreError(storeName: string): UsageError {
  return new UsageError(`the credential store (${storeName}) holds no exchange accounts, so kit has no key to act with`, {
    hint: 'Store the leaked key first (kit needs it to cancel orders and revoke it): kit connect <exchange> [--account <name>], e.g. kit connect binance. Then run kit incident again.',
  });
}
