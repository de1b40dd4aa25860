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

/** Creates a key through the exchange API; undefined when the exchange layer cannot. */
export type KeyCreator = (master: StoredAccount, request: KeyRequest) => Promise<Credentials | undefined>;

export type KeySource = 'operator' | 'api' | 'prompt';

type Fn = (...args: unknown[]) => Promise<unknown>;
const EXCHANGE_MODULE = '../../exchange/index.js';

/** The default creator: the exchange layer's createSubAccountKey, when it has one. */
export const exchangeKeyCreator: KeyCreator = async (master, request) => {
  let layer: Record<string, unknown>;
  try {
    layer = (await import(EXCHANGE_MODULE)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const create = layer.createSubAccountKey as Fn | undefined;
  if (typeof create !== 'function') return undefined;
  return asCredentials(await create(master, request), 'the exchange API');
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
  if (request.subAccount && master && keyInfo(request.exchange).subAccountKeysViaApi) {
    const created = await creator(master, request);
    if (created) {
      registerCredentials(created);
      return { credentials: created, source: 'api' };
    }
    ctx.log(`creating the key through the ${keyInfo(request.exchange).name} API is not available here; create it by hand`);
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
