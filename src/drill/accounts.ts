// Which accounts a drill responds for, and the credential file it runs with. The drill's kit
// home is its own: the user's real credential store is never read or written by a drill.
import path from 'node:path';
import type { SimCredential, SimHandle } from '../sim/index.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { registerSecret } from '../secrets/redact.js';

export interface DrillAccount {
  exchange: string;
  /** The kit account name (the scenario's account name). */
  account: string;
  /** `exchange/account`, the notation runbooks take. */
  target: string;
  /** A stored account holding a read-only key of the same exchange account, when the scenario has one. */
  reader?: string;
}

/** The leaked keys' accounts (ground truth), each with a read-only key as its evidence reader if present. */
export function drillAccounts(sim: SimHandle): DrillAccount[] {
  const creds = sim.admin.credentials();
  const leaked = sim.admin.groundTruth().leakedKeys;
  const seen = new Set<string>();
  const accounts: DrillAccount[] = [];
  for (const key of leaked) {
    const target = `${key.exchange}/${key.account}`;
    if (seen.has(target)) continue;
    seen.add(target);
    const readOnly = creds.find((c) => c.exchange === key.exchange && c.account === key.account && c.name !== key.name && !c.permissions.some((p) => p !== 'read'));
    accounts.push({ exchange: key.exchange, account: key.account, target, reader: readOnly ? `${key.account}_readonly` : undefined });
  }
  return accounts;
}

function envPrefix(exchange: string, account: string): string {
  return `${exchange}_${account}`.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

/**
 * The drill's .env: the leaked key under the account's name, the read-only key under
 * `<account>_readonly`, each with the simulator's base URL. Simulator-only keys, yet still secret
 * by kit's rules: registered with the redactor and written 0600.
 */
export async function writeDrillEnv(file: string, sim: SimHandle, accounts: readonly DrillAccount[]): Promise<void> {
  const creds = sim.admin.credentials();
  const leakedNames = new Set(sim.admin.groundTruth().leakedKeys.map((k) => `${k.exchange}/${k.account}/${k.name}`));
  const lines = ['# kit drill: simulator-only keys (fake), written by `kit drill`; never real credentials.'];
  const add = (exchange: string, account: string, cred: SimCredential): void => {
    registerSecret(cred.apiKey);
    registerSecret(cred.secret);
    const p = envPrefix(exchange, account);
    lines.push(`${p}_API_KEY=${cred.apiKey}`, `${p}_SECRET=${cred.secret}`, `${p}_BASE_URL=${sim.baseUrl}`);
  };
  for (const a of accounts) {
    const leakedKey = creds.find((c) => c.exchange === a.exchange && c.account === a.account && leakedNames.has(`${c.exchange}/${c.account}/${c.name}`));
    if (leakedKey) add(a.exchange, a.account, leakedKey);
    if (a.reader) {
      const reader = creds.find((c) => c.exchange === a.exchange && c.account === a.account && !c.permissions.some((p) => p !== 'read'));
      if (reader) add(a.exchange, a.reader, reader);
    }
  }
  await writeFileAtomic(file, lines.join('\n') + '\n', { mode: 0o600 });
}

export function drillEnvFile(drillHome: string): string {
  return path.join(drillHome, '.env');
}
