// One account's credentials as the encrypted config, Vault and AWS backends hold them: a flat
// JSON object. Whatever a backend returns is checked here and registered with the redactor
// before it leaves the store.
import { KitError, ExitCode } from '../errors.js';
import { registerSecret } from './redact.js';
import type { Credentials, StoredAccount } from './types.js';

export interface CredentialRecord {
  apiKey: string;
  secret: string;
  password?: string;
  uid?: string;
  baseUrl?: string;
  sandbox?: boolean;
}

export function registerCredentials(credentials: Partial<Credentials>): void {
  registerSecret(credentials.apiKey);
  registerSecret(credentials.secret);
  registerSecret(credentials.password);
}

export function toRecord(entry: StoredAccount): CredentialRecord {
  const { apiKey, secret, password, uid } = entry.credentials;
  return {
    apiKey,
    secret,
    ...(password ? { password } : {}),
    ...(uid ? { uid } : {}),
    ...(entry.baseUrl ? { baseUrl: entry.baseUrl } : {}),
    ...(entry.sandbox ? { sandbox: true } : {}),
  };
}

/** Checks a stored record's shape; `where` names it in the error (never its values). */
export function fromRecord(exchange: string, account: string, value: unknown, where: string): StoredAccount {
  const rec = value as Partial<Record<keyof CredentialRecord, unknown>> | null;
  const ok =
    rec !== null && typeof rec === 'object' &&
    typeof rec.apiKey === 'string' && rec.apiKey !== '' &&
    typeof rec.secret === 'string' && rec.secret !== '' &&
    (rec.password === undefined || typeof rec.password === 'string') &&
    (rec.uid === undefined || typeof rec.uid === 'string') &&
    (rec.baseUrl === undefined || typeof rec.baseUrl === 'string') &&
    (rec.sandbox === undefined || typeof rec.sandbox === 'boolean');
  if (!ok) {
    // Register whatever strings it holds, so that even a malformed record never leaks.
    if (rec && typeof rec === 'object') for (const v of Object.values(rec)) if (typeof v === 'string') registerSecret(v);
    throw new KitError(`the credentials stored for ${exchange}/${account} in ${where} are malformed (apiKey and secret must be non-empty strings)`, ExitCode.usage, {
      hint: `Store them again with \`kit connect ${exchange} --account ${account}\`.`,
    });
  }
  const credentials: Credentials = { apiKey: rec.apiKey as string, secret: rec.secret as string };
  if (rec.password) credentials.password = rec.password as string;
  if (rec.uid) credentials.uid = rec.uid as string;
  registerCredentials(credentials);
  return {
    exchange,
    account,
    credentials,
    ...(rec.baseUrl ? { baseUrl: rec.baseUrl as string } : {}),
    ...(rec.sandbox ? { sandbox: true } : {}),
  };
}
