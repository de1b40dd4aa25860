// openStore(kitHome): the credential store settings.json chooses (`secretsManager`), the env
// backend when nothing is chosen.
import path from 'node:path';
import { UsageError } from '../errors.js';
import { AwsStore } from './aws-store.js';
import { CONFIG_FILE, EncryptedStore } from './encrypted-store.js';
import { displayPath, EnvStore, resolveEnvFile } from './env-store.js';
import { masterPasswordSource, type AskSecret } from './master-password.js';
import { readSettings, type KitSettings } from './settings.js';
import type { CredentialStore, StoreKind } from './types.js';
import { VaultStore } from './vault-store.js';

export interface OpenStoreOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Whether a person can be asked for the master password. */
  interactive?: boolean;
  ask?: AskSecret;
  /** Warnings a store raises (a shell variable shadowing .env, ...). */
  warn?: (message: string) => void;
}

export async function openStore(kitHome: string, options: OpenStoreOptions = {}): Promise<CredentialStore> {
  const settings = await readSettings(kitHome);
  return storeOfKind(settings.secretsManager ?? 'env', kitHome, settings, options);
}

export function storeOfKind(kind: StoreKind, kitHome: string, settings: KitSettings, options: OpenStoreOptions = {}): CredentialStore {
  const env = options.env ?? process.env;
  switch (kind) {
    case 'env':
      return new EnvStore({ envFile: resolveEnvFile(env, options.cwd), env, warn: options.warn });
    case 'encrypted':
      return new EncryptedStore({
        file: path.join(kitHome, CONFIG_FILE),
        password: masterPasswordSource({ env, interactive: options.interactive ?? false, ask: options.ask }),
      });
    case 'vault': {
      const v = settings.vault ?? {};
      const addr = v.addr ?? env.VAULT_ADDR;
      const token = env.VAULT_TOKEN ?? v.token;
      const missing = [!addr && 'VAULT_ADDR (or "vault.addr" in settings.json)', !token && 'VAULT_TOKEN'].filter(Boolean);
      if (!addr || !token) throw new UsageError(`the Vault store needs ${missing.join(' and ')}`, { hint: 'Export them (vault login prints a token), or choose another store with `kit config --secrets-manager`.' });
      return new VaultStore({ addr, token, namespace: v.namespace ?? env.VAULT_NAMESPACE, mount: v.mount, path: v.path });
    }
    case 'aws': {
      const a = settings.aws ?? {};
      return new AwsStore({ region: a.region, endpoint: a.endpoint, prefix: a.prefix });
    }
  }
}

/** Where a store keeps its credentials, for messages (never a secret). */
export function describeStore(store: CredentialStore): string {
  if (store instanceof EnvStore) return displayPath(store.envFile);
  if (store instanceof EncryptedStore) return `the encrypted config ${store.file}`;
  if (store instanceof VaultStore) return 'HashiCorp Vault';
  return 'AWS Secrets Manager';
}
