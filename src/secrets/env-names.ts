// Variable names of the env backend: <EXCHANGE>[_<ACCOUNT>]_<FIELD>, e.g. BINANCE_API_KEY for
// the default account and BINANCE_TRADING_API_KEY for another. The unqualified form always
// means the default account `main`.
import { DEFAULT_ACCOUNT } from './names.js';

export type EnvField = 'apiKey' | 'secret' | 'password' | 'uid' | 'baseUrl' | 'sandbox';

const SUFFIXES: Record<EnvField, string> = {
  apiKey: 'API_KEY',
  secret: 'SECRET',
  password: 'PASSWORD',
  uid: 'UID',
  baseUrl: 'BASE_URL',
  sandbox: 'SANDBOX',
};
/** Read-only aliases many users already have in their .env (`BINANCE_API_SECRET`). */
const ALIASES: Array<[EnvField, string]> = [['secret', 'API_SECRET'], ['password', 'PASSPHRASE']];

export const ENV_FIELDS = Object.keys(SUFFIXES) as EnvField[];
/** Fields whose values are secret and get registered with the redactor. */
export const SECRET_ENV_FIELDS: ReadonlySet<EnvField> = new Set(['apiKey', 'secret', 'password']);

function prefix(exchange: string, account: string | undefined): string {
  return account === undefined ? exchange.toUpperCase() : `${exchange.toUpperCase()}_${account.toUpperCase()}`;
}

/** The variable name for a field; `qualified: false` gives the account-less form (default account only). */
export function envName(exchange: string, account: string, field: EnvField, qualified: boolean): string {
  return `${prefix(exchange, qualified ? account : undefined)}_${SUFFIXES[field]}`;
}

/** Every name that may hold `field` for this account, in the order they are read. */
export function candidateNames(exchange: string, account: string, field: EnvField): string[] {
  const forms = account === DEFAULT_ACCOUNT ? [true, false] : [true];
  const names: string[] = [];
  for (const qualified of forms) {
    const p = prefix(exchange, qualified ? account : undefined);
    names.push(`${p}_${SUFFIXES[field]}`);
    for (const [aliased, suffix] of ALIASES) if (aliased === field) names.push(`${p}_${suffix}`);
  }
  return names;
}

export interface ParsedEnvName {
  exchange: string;
  account: string;
  field: EnvField;
  qualified: boolean;
}

// Longest suffixes first, so that `_API_SECRET` is not read as account "api" + `_SECRET`.
const MATCHERS: Array<[EnvField, string]> = [...ALIASES, ...(Object.entries(SUFFIXES) as Array<[EnvField, string]>)].sort((a, b) => b[1].length - a[1].length);

export function parseEnvName(name: string): ParsedEnvName | undefined {
  for (const [field, suffix] of MATCHERS) {
    if (!name.endsWith(`_${suffix}`)) continue;
    const head = name.slice(0, -(suffix.length + 1));
    const m = /^([A-Z][A-Z0-9]+)(?:_([A-Z0-9][A-Z0-9_]*))?$/.exec(head);
    if (!m) return undefined;
    return { exchange: m[1].toLowerCase(), account: (m[2] ?? DEFAULT_ACCOUNT).toLowerCase(), field, qualified: m[2] !== undefined };
  }
  return undefined;
}
