// The vault backend: HashiCorp Vault's KV version 2 secrets engine over its HTTP API.
// Each account is one secret at <mount>/<path>/<exchange>/<account> holding the flat credential
// record. Requests (https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2):
//   read    GET    /v1/<mount>/data/<path>/<exchange>/<account>
//   write   POST   /v1/<mount>/data/<path>/<exchange>/<account>   {"data": {...}}
//   delete  DELETE /v1/<mount>/metadata/<path>/<exchange>/<account>  (every version and the metadata)
//   list    GET    /v1/<mount>/metadata/<path>/?list=true   (Vault's documented spelling of LIST;
//           unlike the LIST verb it passes every HTTP proxy and server library)
// with X-Vault-Token, and X-Vault-Namespace when a namespace is set (Vault Enterprise/HCP).
import { KitError, ExitCode, UnavailableError } from '../errors.js';
import { registerSecret } from './redact.js';
import { fromRecord, registerCredentials, toRecord } from './record.js';
import type { AccountRef, CredentialStore, StoredAccount } from './types.js';

export interface VaultOptions {
  addr: string;
  token: string;
  namespace?: string;
  /** KV v2 mount point; default `secret`. */
  mount?: string;
  /** Folder under the mount; default `kit`. */
  path?: string;
  timeoutMs?: number;
}

interface VaultResponse {
  status: number;
  body: unknown;
}

const segments = (...parts: string[]): string => parts.flatMap((p) => p.split('/')).filter((p) => p !== '').map(encodeURIComponent).join('/');

export class VaultStore implements CredentialStore {
  readonly kind = 'vault' as const;
  private readonly addr: string;
  private readonly token: string;
  private readonly namespace?: string;
  private readonly mount: string;
  private readonly folder: string;
  private readonly timeoutMs: number;

  constructor(options: VaultOptions) {
    this.addr = options.addr.replace(/\/+$/, '');
    this.token = options.token;
    this.namespace = options.namespace;
    this.mount = options.mount ?? 'secret';
    this.folder = options.path ?? 'kit';
    this.timeoutMs = options.timeoutMs ?? 10_000;
    registerSecret(this.token);
  }

  private async request(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<VaultResponse> {
    const headers: Record<string, string> = { 'X-Vault-Token': this.token, 'X-Vault-Request': 'true' };
    if (this.namespace) headers['X-Vault-Namespace'] = this.namespace;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(`${this.addr}/v1/${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      const reason = (error as { cause?: { code?: string; message?: string } }).cause?.code ?? (error as Error).name;
      throw new UnavailableError(`cannot reach Vault at ${this.addr} (${reason}); nothing was changed`, {
        hint: 'Check VAULT_ADDR (or "vault.addr" in settings.json), that Vault is running and unsealed, and your network.',
      });
    }
    const text = await response.text();
    let parsed: unknown = undefined;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: response.status, body: parsed };
  }

  private fail(what: string, response: VaultResponse): never {
    const errors = (response.body as { errors?: unknown[] } | undefined)?.errors;
    const detail = Array.isArray(errors) && errors.length > 0 ? `: ${errors.map(String).join('; ').slice(0, 200)}` : '';
    if (response.status === 403) {
      throw new KitError(`Vault refused to ${what} (permission denied${detail})`, ExitCode.unavailable, {
        hint: 'The token is missing, expired or lacks a policy for this path: renew VAULT_TOKEN (vault login) or ask for read/write/list/delete on the kit path.',
      });
    }
    if (response.status === 503) throw new UnavailableError(`Vault could not ${what}: it is sealed or in standby${detail}`, { hint: 'Unseal Vault, or point VAULT_ADDR at the active node.' });
    throw new UnavailableError(`Vault could not ${what} (HTTP ${response.status}${detail})`, { hint: `Check the KV v2 mount "${this.mount}" and the Vault logs.` });
  }

  private secretPath(kind: 'data' | 'metadata', exchange?: string, account?: string): string {
    return segments(this.mount, kind, this.folder, exchange ?? '', account ?? '');
  }

  async get(exchange: string, account: string): Promise<StoredAccount | undefined> {
    const response = await this.request('GET', this.secretPath('data', exchange, account));
    if (response.status === 404) return undefined;
    if (response.status !== 200) this.fail(`read ${exchange}/${account}`, response);
    const data = (response.body as { data?: { data?: unknown } } | undefined)?.data?.data;
    return fromRecord(exchange, account, data, `Vault (${this.mount}/${this.folder})`);
  }

  async set(entry: StoredAccount): Promise<void> {
    registerCredentials(entry.credentials);
    const response = await this.request('POST', this.secretPath('data', entry.exchange, entry.account), { data: toRecord(entry) });
    if (response.status !== 200 && response.status !== 204) this.fail(`store ${entry.exchange}/${entry.account}`, response);
  }

  async delete(exchange: string, account: string): Promise<boolean> {
    const existing = await this.get(exchange, account);
    if (!existing) return false;
    const response = await this.request('DELETE', this.secretPath('metadata', exchange, account));
    if (response.status !== 204 && response.status !== 200) this.fail(`delete ${exchange}/${account}`, response);
    return true;
  }

  private async listKeys(path: string): Promise<string[]> {
    const response = await this.request('GET', `${path}/?list=true`);
    if (response.status === 404) return [];
    if (response.status !== 200) this.fail('list the stored accounts', response);
    const keys = (response.body as { data?: { keys?: unknown } } | undefined)?.data?.keys;
    return Array.isArray(keys) ? keys.filter((k): k is string => typeof k === 'string') : [];
  }

  async list(): Promise<AccountRef[]> {
    const refs: AccountRef[] = [];
    for (const folder of await this.listKeys(this.secretPath('metadata'))) {
      if (!folder.endsWith('/')) continue;
      const exchange = folder.slice(0, -1);
      for (const account of await this.listKeys(this.secretPath('metadata', exchange))) {
        if (account.endsWith('/')) continue;
        const found = await this.get(exchange, account);
        if (found) {
          const { credentials: _credentials, ...ref } = found;
          refs.push(ref);
        }
      }
    }
    return refs.sort((a, b) => a.exchange.localeCompare(b.exchange) || a.account.localeCompare(b.account));
  }
}
