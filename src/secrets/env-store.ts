// The env backend (the default): credentials from the process environment and a `.env` file
// (KIT_ENV_FILE, else ./.env in the working directory). The process environment wins over the
// file, as with every dotenv loader; kit writes only the file, keeping every other line.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ValidationError } from '../errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { inFileQueue } from '../util/file-queue.js';
import { parseDotenv, editDotenv, type ParsedDotenv } from './dotenv.js';
import { candidateNames, envName, ENV_FIELDS, parseEnvName, SECRET_ENV_FIELDS, type EnvField } from './env-names.js';
import { DEFAULT_ACCOUNT } from './names.js';
import { registerSecret } from './redact.js';
import { registerCredentials } from './record.js';
import type { AccountRef, CredentialStore, StoredAccount } from './types.js';

export interface EnvStoreOptions {
  /** Absolute path of the .env file. */
  envFile: string;
  /** The process environment (injectable for tests). */
  env?: NodeJS.ProcessEnv;
  /** Told when the process environment shadows what kit wrote to, or removed from, the file. */
  warn?: (message: string) => void;
}

/** Where the env backend's file is: KIT_ENV_FILE, else ./.env in the working directory. */
export function resolveEnvFile(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string {
  return env.KIT_ENV_FILE && env.KIT_ENV_FILE.trim() !== '' ? path.resolve(cwd, env.KIT_ENV_FILE) : path.join(cwd, '.env');
}

/** How a path is shown in messages: relative to the working directory when inside it. */
export function displayPath(file: string, cwd: string = process.cwd()): string {
  const rel = path.relative(cwd, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

interface Loaded {
  parsed: ParsedDotenv;
  values: Map<string, string>;
}

export class EnvStore implements CredentialStore {
  readonly kind = 'env' as const;
  readonly envFile: string;
  private readonly env: NodeJS.ProcessEnv;
  private readonly warn: (message: string) => void;

  constructor(options: EnvStoreOptions) {
    this.envFile = options.envFile;
    this.env = options.env ?? process.env;
    this.warn = options.warn ?? (() => {});
  }

  /** Reads and checks the file; a malformed file is an error with every problem located. */
  async loadFile(): Promise<Loaded> {
    let text = '';
    try {
      text = await fs.readFile(this.envFile, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const parsed = parseDotenv(text, displayPath(this.envFile));
    // Register every credential-looking value before anything can print it, even from a file
    // with problems elsewhere.
    for (const entry of parsed.entries) {
      const name = parseEnvName(entry.key);
      if (name && SECRET_ENV_FIELDS.has(name.field)) registerSecret(entry.value);
    }
    if (parsed.problems.length > 0) {
      throw new ValidationError(`${displayPath(this.envFile)} is not a valid .env file`, parsed.problems);
    }
    return { parsed, values: new Map(parsed.entries.map((e) => [e.key, e.value])) };
  }

  private lookup(values: Map<string, string>, exchange: string, account: string, field: EnvField): string | undefined {
    for (const name of candidateNames(exchange, account, field)) {
      const fromEnv = this.env[name];
      if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
      const fromFile = values.get(name);
      if (fromFile !== undefined && fromFile !== '') return fromFile;
    }
    return undefined;
  }

  async get(exchange: string, account: string): Promise<StoredAccount | undefined> {
    const { values } = await this.loadFile();
    return this.assemble(values, exchange, account);
  }

  private assemble(values: Map<string, string>, exchange: string, account: string): StoredAccount | undefined {
    const read = (field: EnvField): string | undefined => this.lookup(values, exchange, account, field);
    const apiKey = read('apiKey');
    const secret = read('secret');
    const password = read('password');
    registerCredentials({ apiKey, secret, password });
    // An *_API_KEY without its *_SECRET is not an exchange account (OPENAI_API_KEY, ...).
    if (!apiKey || !secret) return undefined;
    const uid = read('uid');
    const baseUrl = read('baseUrl');
    const sandbox = read('sandbox');
    return {
      exchange,
      account,
      credentials: { apiKey, secret, ...(password ? { password } : {}), ...(uid ? { uid } : {}) },
      ...(baseUrl ? { baseUrl } : {}),
      ...(sandbox && /^(1|true|yes)$/i.test(sandbox) ? { sandbox: true } : {}),
    };
  }

  async set(entry: StoredAccount): Promise<void> {
    registerCredentials(entry.credentials);
    return inFileQueue(this.envFile, () => this.write(entry));
  }

  private async write(entry: StoredAccount): Promise<void> {
    const { parsed } = await this.loadFile();
    const { exchange, account } = entry;
    const present = new Set(parsed.entries.map((e) => e.key));
    // The default account keeps the short names unless the file already uses the long ones.
    const qualified = account !== DEFAULT_ACCOUNT || ENV_FIELDS.some((f) => present.has(envName(exchange, account, f, true)));
    const wanted: Record<EnvField, string | undefined> = {
      apiKey: entry.credentials.apiKey,
      secret: entry.credentials.secret,
      password: entry.credentials.password,
      uid: entry.credentials.uid,
      baseUrl: entry.baseUrl,
      sandbox: entry.sandbox ? 'true' : undefined,
    };
    const changes = new Map<string, string | undefined>();
    for (const field of ENV_FIELDS) {
      const target = envName(exchange, account, field, qualified);
      // Any other spelling of the same field in the file would be stale: remove it.
      for (const name of candidateNames(exchange, account, field)) if (name !== target && present.has(name)) changes.set(name, undefined);
      if (wanted[field] !== undefined || present.has(target)) changes.set(target, wanted[field]);
    }
    await writeFileAtomic(this.envFile, editDotenv(parsed, changes), { mode: 0o600 });
    const shadowing: string[] = [];
    for (const field of ENV_FIELDS) {
      for (const name of candidateNames(exchange, account, field)) {
        const inShell = this.env[name];
        if (inShell !== undefined && inShell !== '' && inShell !== wanted[field]) shadowing.push(name);
      }
    }
    if (shadowing.length > 0) {
      this.warn(`${shadowing.join(', ')} ${shadowing.length === 1 ? 'is' : 'are'} also set in your shell environment, which wins over ${displayPath(this.envFile)}: unset ${shadowing.length === 1 ? 'it' : 'them'} (or start a new shell) so kit uses the new values.`);
    }
  }

  async delete(exchange: string, account: string): Promise<boolean> {
    return inFileQueue(this.envFile, () => this.remove(exchange, account));
  }

  private async remove(exchange: string, account: string): Promise<boolean> {
    const { parsed } = await this.loadFile();
    const names = ENV_FIELDS.flatMap((f) => candidateNames(exchange, account, f));
    const present = new Set(parsed.entries.map((e) => e.key));
    const changes = new Map<string, string | undefined>(names.filter((n) => present.has(n)).map((n) => [n, undefined]));
    if (changes.size > 0) await writeFileAtomic(this.envFile, editDotenv(parsed, changes), { mode: 0o600 });
    const inShell = names.filter((n) => this.env[n] !== undefined && this.env[n] !== '');
    if (inShell.length > 0) {
      this.warn(`${inShell.join(', ')} ${inShell.length === 1 ? 'is' : 'are'} still set in your shell environment; kit cannot remove ${inShell.length === 1 ? 'it' : 'them'} there: unset ${inShell.length === 1 ? 'it' : 'them'} yourself.`);
    }
    return changes.size > 0;
  }

  async list(): Promise<AccountRef[]> {
    const { values } = await this.loadFile();
    const names = new Set<string>([...values.keys(), ...Object.keys(this.env)]);
    const accounts = new Map<string, AccountRef>();
    for (const name of names) {
      const parsed = parseEnvName(name);
      if (!parsed || parsed.field !== 'apiKey' || accounts.has(`${parsed.exchange}/${parsed.account}`)) continue;
      const found = this.assemble(values, parsed.exchange, parsed.account);
      if (!found) continue;
      const { credentials: _credentials, ...ref } = found;
      accounts.set(`${parsed.exchange}/${parsed.account}`, ref);
    }
    return [...accounts.values()].sort((a, b) => a.exchange.localeCompare(b.exchange) || a.account.localeCompare(b.account));
  }
}
