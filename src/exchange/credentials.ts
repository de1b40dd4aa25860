// Where the exchange layer gets an account's credentials: ONE function over the credential
// store (src/secrets). With the default env store, the variables are
// <EXCHANGE>_<ACCOUNT>_API_KEY / _SECRET (/_PASSWORD) first, then <EXCHANGE>_API_KEY / _SECRET,
// and <EXCHANGE>[_<ACCOUNT>]_BASE_URL for the simulator or a proxy.
import type { StoredAccount } from '../secrets/types.js';
import { registerSecret } from '../secrets/redact.js';
import { MissingCredentialsError } from './errors.js';

function envName(part: string): string {
  return part.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
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
 * The stored account (credentials + how to reach it) from the credential store the user chose
 * (`kit config --secrets-manager`; the env/.env store by default, which also reads the variables
 * above). Throws MissingCredentialsError naming what to set.
 */
export async function loadAccount(kitHome: string, exchange: string, account: string, env: NodeJS.ProcessEnv = process.env): Promise<StoredAccount> {
  const { openStore } = await import('../secrets/open-store.js');
  // Actions run inside the task list, where a prompt would fight the renderer: the master
  // password of an encrypted store comes from KIT_MASTER_PASSWORD (the wizard sets it in-process).
  const store = await openStore(kitHome, { env, interactive: false });
  const stored = await store.get(exchange, account);
  if (stored) {
    registerSecret(stored.credentials.apiKey);
    registerSecret(stored.credentials.secret);
    registerSecret(stored.credentials.password);
    return stored;
  }
  const names = credentialVariableNames(exchange, account);
  throw new MissingCredentialsError(`no credentials for ${exchange}/${account}`, {
    hint: `Run \`kit connect ${exchange} --account ${account}\`, or set ${names.apiKey[0]} and ${names.secret[0]} (or ${names.apiKey[1]} and ${names.secret[2]}).`,
    details: { exchange, account, variables: [names.apiKey[0], names.secret[0]] },
  });
}
