// Where key.reissue gets the new key from, in order: the operator stand-in of a drill (the
// simulator creates the key as the exchange's web page would), the exchange API (a sub-account
// key created by the master key, where the exchange allows it), or a person typing it at a
// masked prompt. The key is registered with the redactor the moment it arrives.
import { ActionError, type ActionContext } from '../types.js';
import { keyInfo } from '../../check/key-pages.js';
import { registerCredentials } from '../../secrets/record.js';
import type { Credentials, StoredAccount } from '../../secrets/types.js';

export interface KeyRequest {
  exchange: string;
  account: string;
  permissions: string[];
  ip?: string;
  /** Sub-account (e-mail or id) whose key the master key may create through the API. */
  subAccount?: string;
  baseUrl?: string;
}

/** Creates a key through the exchange API; undefined when the exchange cannot. */
export type KeyCreator = (master: StoredAccount, request: KeyRequest, options: { kitHome: string }) => Promise<Credentials | undefined>;

export type KeySource = 'operator' | 'api' | 'prompt';

/**
 * The default creator: the master key creates a sub-account key through the exchange layer
 * (Binance, Bybit, OKX ... where its key operations can), never with withdrawals, bound to the
 * requested IPs. Imported only when used: it loads ccxt.
 */
export const exchangeKeyCreator: KeyCreator = async (master, request, options) => {
  const [{ connect }, { keyOperationsFor }, { createAuditSink }] = await Promise.all([
    import('../../exchange/gateway.js'),
    import('../../exchange/keys/index.js'),
    import('../../audit/audit-log.js'),
  ]);
  const operations = keyOperationsFor(request.exchange);
  if (!operations?.createSubaccountKey || !request.subAccount) return undefined;
  const exchange = await connect(master.exchange, master.account, master.credentials, { baseUrl: master.baseUrl, sandbox: master.sandbox, dryRun: false, audit: createAuditSink(options.kitHome) });
  const created = await operations.createSubaccountKey(exchange, {
    subAccount: request.subAccount,
    label: `kit-${request.account}-${new Date().toISOString().slice(0, 10)}`,
    permissions: { trade: request.permissions.includes('trade'), withdraw: false },
    ips: (request.ip ?? '').split(',').map((ip) => ip.trim()).filter(Boolean),
  });
  return asCredentials(created, 'the exchange API');
};

function asCredentials(value: unknown, from: string): Credentials {
  const v = value as Partial<Record<'apiKey' | 'secret' | 'password', unknown>> | undefined;
  if (!v || typeof v.apiKey !== 'string' || typeof v.secret !== 'string' || v.apiKey === '' || v.secret === '') {
    throw new ActionError(`${from} did not hand over a usable key (apiKey and secret are needed)`);
  }
  const credentials: Credentials = { apiKey: v.apiKey, secret: v.secret, ...(typeof v.password === 'string' && v.password !== '' ? { password: v.password } : {}) };
  registerCredentials(credentials);
  return credentials;
}

export async function obtainKey(ctx: ActionContext, request: KeyRequest, master: StoredAccount | undefined, creator: KeyCreator): Promise<{ credentials: Credentials; source: KeySource }> {
  if (ctx.operator) {
    const handed = await ctx.operator.perform('create-key', { ...request, url: keyInfo(request.exchange).apiManagementUrl });
    if (handed) return { credentials: asCredentials(handed, 'the drill operator'), source: 'operator' };
  }
  if (request.subAccount) {
    if (!master) throw new ActionError(`no master key is stored to create a key for sub-account ${request.subAccount}`, { hint: 'Connect the master account first (kit connect <exchange> --account main), or leave subAccount out to create the key by hand.' });
    const created = await creator(master, request, { kitHome: ctx.kitHome });
    if (created) {
      registerCredentials(created);
      return { credentials: created, source: 'api' };
    }
    ctx.log(`${keyInfo(request.exchange).name} does not let kit create a sub-account key through its API; create it by hand`);
  }
  if (!ctx.prompter.interactive) {
    throw new ActionError('the new key has to be typed in, and nobody can be asked (no terminal)', {
      hint: `Create the key at ${keyInfo(request.exchange).apiManagementUrl}, then store it with \`kit connect ${request.exchange} --account ${request.account}\` (or resume this incident in a terminal).`,
    });
  }
  const name = keyInfo(request.exchange).name;
  const ask = async (what: string): Promise<string> => {
    const value = (await ctx.prompter.password(`New ${name} ${what} for ${request.account}:`, { validate: (v) => (v.trim() === '' ? `the ${what} cannot be empty` : true) })).trim();
    registerCredentials({ apiKey: value });
    return value;
  };
  const apiKey = await ask('API key');
  const secret = await ask('API secret');
  const password = keyInfo(request.exchange).needsPassword ? await ask('API passphrase') : undefined;
  return { credentials: { apiKey, secret, ...(password ? { password } : {}) }, source: 'prompt' };
}
