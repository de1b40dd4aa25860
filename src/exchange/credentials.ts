// Where the exchange layer gets an account's credentials. ONE function, so the lead can swap
// in the credential store (src/secrets) in one place. Until then it reads environment
// variables: <EXCHANGE>_<ACCOUNT>_API_KEY / _SECRET (/_PASSWORD) first, then
// <EXCHANGE>_API_KEY / _SECRET, and <EXCHANGE>_<ACCOUNT>_BASE_URL for the simulator or a proxy.
import type { StoredAccount } from '../secrets/types.js';
import { registerSecret } from '../secrets/redact.js';
import { MissingCredentialsError } from './errors.js';

function envName(part: string): string {
  return part.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

function first(env: NodeJS.ProcessEnv, names: string[]): string | undefined {
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') return value.trim();
  }
  return undefined;
}

export function credentialVariableNames(exchange: string, account: string): { apiKey: string[]; secret: string[]; password: string[]; baseUrl: string[] } {
  const ex = envName(exchange);
  const scoped = `${ex}_${envName(account)}`;
  const prefixes = [scoped, ex];
  return {
    apiKey: prefixes.map((p) => `${p}_API_KEY`),
    secret: prefixes.flatMap((p) => [`${p}_SECRET`, `${p}_API_SECRET`]),
    password: prefixes.flatMap((p) => [`${p}_PASSWORD`, `${p}_PASSPHRASE`]),
    baseUrl: [`${scoped}_BASE_URL`, `${ex}_BASE_URL`],
  };
}

/**
 * The stored account (credentials + how to reach it). `kitHome` is where the credential store
 * lives once it is wired in. Throws MissingCredentialsError naming what to set.
 */
export async function loadAccount(kitHome: string, exchange: string, account: string, env: NodeJS.ProcessEnv = process.env): Promise<StoredAccount> {
  void kitHome;
  const names = credentialVariableNames(exchange, account);
  // Take key and secret from the same level, never the account's key with the generic secret.
  const ex = envName(exchange);
  const levels = [`${ex}_${envName(account)}`, ex];
  for (const level of levels) {
    const apiKey = first(env, [`${level}_API_KEY`]);
    const secret = first(env, [`${level}_SECRET`, `${level}_API_SECRET`]);
    if (!apiKey || !secret) continue;
    const password = first(env, [`${level}_PASSWORD`, `${level}_PASSPHRASE`]);
    registerSecret(apiKey);
    registerSecret(secret);
    registerSecret(password);
    const baseUrl = first(env, names.baseUrl);
    const sandbox = /^(1|true|yes)$/i.test(first(env, [`${ex}_${envName(account)}_SANDBOX`, `${ex}_SANDBOX`]) ?? '');
    return { exchange, account, ...(baseUrl ? { baseUrl } : {}), ...(sandbox ? { sandbox } : {}), credentials: { apiKey, secret, ...(password ? { password } : {}) } };
  }
  throw new MissingCredentialsError(`no credentials for ${exchange}/${account}`, {
    hint: `Run \`kit connect ${exchange} --account ${account}\`, or set ${names.apiKey[0]} and ${names.secret[0]} (or ${names.apiKey[1]} and ${names.secret[2]}).`,
    details: { exchange, account, variables: [names.apiKey[0], names.secret[0]] },
  });
}
