// The encrypted backend: every account's credentials in one file, $KIT_HOME/config.json,
// encrypted under a master password (see config-format.ts). Every write is atomic, mode 0600,
// and refreshes the backup copy config.json.bak (same bytes, same mode).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { inFileQueue } from '../util/file-queue.js';
import { decryptConfig, encryptConfig } from './config-format.js';
import { TamperedConfigError } from './errors.js';
import { SCRYPT_PARAMS, type ScryptParams } from './kdf.js';
import type { PasswordSource } from './master-password.js';
import { fromRecord, registerCredentials, toRecord, type CredentialRecord } from './record.js';
import type { AccountRef, CredentialStore, StoredAccount } from './types.js';

export const CONFIG_FILE = 'config.json';
export const BACKUP_SUFFIX = '.bak';

interface Unlocked {
  password: string;
  accounts: Map<string, StoredAccount>;
}

const keyOf = (exchange: string, account: string): string => `${exchange}/${account}`;

export class EncryptedStore implements CredentialStore {
  readonly kind = 'encrypted' as const;
  readonly file: string;
  private readonly password: PasswordSource;
  private readonly scryptParams: ScryptParams;
  private unlocked?: Unlocked;

  /**
   * `scryptParams` sets the cost of new writes (reads use the file's own); it defaults to
   * SCRYPT_PARAMS and is lowered only by tests of the store's logic, to keep them quick.
   */
  constructor(options: { file: string; password: PasswordSource; scryptParams?: ScryptParams }) {
    this.file = options.file;
    this.password = options.password;
    this.scryptParams = options.scryptParams ?? SCRYPT_PARAMS;
  }

  get backupFile(): string {
    return this.file + BACKUP_SUFFIX;
  }

  private async readText(): Promise<string | undefined> {
    try {
      return await fs.readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  /** Decrypts the file (asking for the password once per store); undefined when there is no file yet. */
  private async open(knownPassword?: string): Promise<Unlocked | undefined> {
    if (this.unlocked && knownPassword === undefined) return this.unlocked;
    const text = await this.readText();
    if (text === undefined) return undefined;
    const password = knownPassword ?? (await this.password('unlock'));
    const payload = (await decryptConfig(text, password, this.file)) as { accounts?: Record<string, unknown> } | null;
    if (!payload || typeof payload !== 'object' || !payload.accounts || typeof payload.accounts !== 'object') {
      throw new TamperedConfigError(this.file, 'its contents have no accounts table');
    }
    const accounts = new Map<string, StoredAccount>();
    for (const [key, record] of Object.entries(payload.accounts)) {
      const [exchange, account] = key.split('/');
      if (!exchange || !account) throw new TamperedConfigError(this.file, `an account is named "${key.slice(0, 40)}"`);
      accounts.set(key, fromRecord(exchange, account, record, this.file));
    }
    this.unlocked = { password, accounts };
    return this.unlocked;
  }

  /**
   * The file as it is NOW (another store object of this process may have written it since this
   * one read it), with the password this one already knows.
   */
  private async reopen(): Promise<Unlocked | undefined> {
    return this.open(this.unlocked?.password);
  }

  private async openOrCreate(): Promise<Unlocked> {
    const existing = await this.open();
    if (existing) return existing;
    this.unlocked = { password: await this.password('new'), accounts: new Map() };
    return this.unlocked;
  }

  private async write(state: Unlocked): Promise<void> {
    const accounts: Record<string, CredentialRecord> = {};
    for (const [key, entry] of [...state.accounts].sort(([a], [b]) => a.localeCompare(b))) accounts[key] = toRecord(entry);
    const text = await encryptConfig({ accounts }, state.password, this.scryptParams);
    await fs.mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
    await writeFileAtomic(this.file, text, { mode: 0o600 });
    await writeFileAtomic(this.backupFile, text, { mode: 0o600 });
  }

  async get(exchange: string, account: string): Promise<StoredAccount | undefined> {
    return (await this.open())?.accounts.get(keyOf(exchange, account));
  }

  async set(entry: StoredAccount): Promise<void> {
    registerCredentials(entry.credentials);
    // One read-modify-write of the file at a time (accounts stored side by side by a for-each).
    await inFileQueue(this.file, async () => {
      const state = (await this.reopen()) ?? (await this.openOrCreate());
      const accounts = new Map(state.accounts).set(keyOf(entry.exchange, entry.account), entry);
      await this.write({ password: state.password, accounts });
      this.unlocked = { password: state.password, accounts };
    });
  }

  async delete(exchange: string, account: string): Promise<boolean> {
    return inFileQueue(this.file, async () => {
      const state = await this.reopen();
      if (!state || !state.accounts.has(keyOf(exchange, account))) return false;
      const accounts = new Map(state.accounts);
      accounts.delete(keyOf(exchange, account));
      await this.write({ password: state.password, accounts });
      this.unlocked = { password: state.password, accounts };
      return true;
    });
  }

  async list(): Promise<AccountRef[]> {
    const state = await this.open();
    if (!state) return [];
    return [...state.accounts.values()].map(({ credentials: _credentials, ...ref }) => ref).sort((a, b) => a.exchange.localeCompare(b.exchange) || a.account.localeCompare(b.account));
  }

  /** Re-encrypts everything under a new password (fresh salt and nonce), atomically. */
  async changePassword(newPassword: PasswordSource): Promise<void> {
    const state = await this.open();
    if (!state) throw new UsageError(`there is no encrypted config at ${this.file}`, { hint: 'Run `kit config encrypt` first.' });
    const password = await newPassword('new');
    await this.write({ password, accounts: state.accounts });
    this.unlocked = { password, accounts: state.accounts };
  }

  /** Whether the encrypted file exists (no password needed). */
  async exists(): Promise<boolean> {
    return (await this.readText()) !== undefined;
  }
}
