// The credential store contract: one interface, four backends (env/.env, encrypted config,
// HashiCorp Vault, AWS Secrets Manager). Values returned are registered with the redactor by
// the store before they leave it.

export interface Credentials {
  apiKey: string;
  secret: string;
  /** Passphrase (OKX, KuCoin, Bitget). */
  password?: string;
  /** Some exchanges need a uid. */
  uid?: string;
}

/** A stored account: which exchange, which account name, how to reach it. Never secret. */
export interface AccountRef {
  exchange: string;
  /** Account name; `main` when only one. */
  account: string;
  /** Replaces scheme+host of every ccxt `urls.api` entry (the simulator, a proxy). */
  baseUrl?: string;
  /** Use the exchange's testnet (only where ccxt has one). */
  sandbox?: boolean;
}

export interface StoredAccount extends AccountRef {
  credentials: Credentials;
}

export type StoreKind = 'env' | 'encrypted' | 'vault' | 'aws';

export interface CredentialStore {
  readonly kind: StoreKind;
  /** Undefined when the account has no stored credentials. */
  get(exchange: string, account: string): Promise<StoredAccount | undefined>;
  set(entry: StoredAccount): Promise<void>;
  /** True when something was removed. */
  delete(exchange: string, account: string): Promise<boolean>;
  list(): Promise<AccountRef[]>;
}
