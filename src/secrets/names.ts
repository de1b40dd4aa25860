// Exchange and account names as kit stores them. Both end up inside variable names
// (BINANCE_MAIN_API_KEY), Vault paths and AWS secret names, so they are kept to a small,
// unambiguous alphabet; a bad name is a usage error that says what is allowed.
import { UsageError } from '../errors.js';

/** The account used when none is named; in the env backend its variables carry no account part. */
export const DEFAULT_ACCOUNT = 'main';

const EXCHANGE_ID = /^[a-z][a-z0-9]{1,39}$/;
const ACCOUNT_NAME = /^[a-z0-9][a-z0-9_]{0,39}$/;

export function checkExchangeId(exchange: string): string {
  const id = exchange.trim().toLowerCase();
  if (!EXCHANGE_ID.test(id)) {
    throw new UsageError(`"${exchange}" is not an exchange id`, { hint: 'Use the ccxt exchange id: lowercase letters and digits, e.g. binance, bybit, okx.' });
  }
  return id;
}

export function checkAccountName(account: string | undefined): string {
  const name = (account ?? DEFAULT_ACCOUNT).trim().toLowerCase();
  if (!ACCOUNT_NAME.test(name)) {
    throw new UsageError(`"${account}" is not a valid account name`, { hint: 'Use lowercase letters, digits and _ (at most 40), e.g. main, trading_bot.' });
  }
  return name;
}
