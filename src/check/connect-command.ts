// `kit connect <exchange>`: take a key (flags, stdin or a masked prompt), ask the exchange what
// it may do, refuse a key that can withdraw (unless --allow-withdrawals), warn about a missing
// IP restriction, store it and audit it. Nothing is stored unless every check passed.
import { appendAudit, createAuditSink } from '../audit/audit-log.js';
import type { CliContext } from '../cli/context.js';
import { UsageError } from '../errors.js';
import { keyFingerprint } from '../secrets/fingerprint.js';
import { checkAccountName, checkExchangeId } from '../secrets/names.js';
import { describeStore, openStore } from '../secrets/open-store.js';
import { askMasked, type AskSecret } from '../secrets/prompts.js';
import { registerSecret } from '../secrets/redact.js';
import type { CredentialStore, Credentials, StoredAccount } from '../secrets/types.js';
import { getKeyInspector, KeyRejectedError, withKeyErrors, type KeyInspector } from './key-inspector.js';
import { keyInfo } from './key-pages.js';
import { describePermissions, evaluateKey } from './key-rules.js';

export interface ConnectOptions {
  account?: string;
  apiKey?: string;
  secret?: string;
  secretStdin?: boolean;
  password?: string;
  baseUrl?: string;
  sandbox?: boolean;
  allowWithdrawals?: boolean;
}

export interface ConnectDeps {
  inspector?: KeyInspector;
  store?: CredentialStore;
  ask?: AskSecret;
  readStdin?: () => Promise<string>;
}

async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

function checkBaseUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--base-url "${url}" is not a URL`, { hint: 'Give the scheme and host, e.g. http://127.0.0.1:8080 for the simulator.' });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new UsageError(`--base-url must be http or https, got ${parsed.protocol}`);
  return url.replace(/\/+$/, '');
}

/** Gathers the credentials from flags, stdin and (when a person is there) masked prompts. */
async function gatherCredentials(ctx: CliContext, exchange: string, options: ConnectOptions, deps: ConnectDeps): Promise<Credentials> {
  // Register what arrived on the command line before anything can print it.
  registerSecret(options.apiKey);
  registerSecret(options.secret);
  registerSecret(options.password);
  if (options.secret !== undefined && options.secretStdin) throw new UsageError('give the secret either with --secret or with --secret-stdin, not both');
  if (options.secret !== undefined) {
    ctx.out.error('warning: a secret given with --secret is saved in your shell history. Prefer the prompt or --secret-stdin, and remove it from the history (for bash: history -d <n>, or edit ~/.bash_history).');
  }
  let secret = options.secret;
  if (options.secretStdin) {
    secret = (await (deps.readStdin ?? readAllStdin)()).replace(/\r?\n$/, '');
    registerSecret(secret);
    if (secret === '') throw new UsageError('--secret-stdin was given but standard input was empty', { hint: 'Pipe the secret in, e.g. `pass show binance | kit connect binance --api-key K --secret-stdin`.' });
  }
  let apiKey = options.apiKey;
  let password = options.password;
  const needsPassword = keyInfo(exchange).needsPassword === true;
  const missing = [
    !apiKey && '--api-key <key>',
    !secret && '--secret-stdin (or --secret <secret>)',
    needsPassword && !password && '--password <passphrase>',
  ].filter((m): m is string => typeof m === 'string');
  if (missing.length > 0 && !ctx.interactive) {
    throw new UsageError(`kit connect ${exchange} needs ${missing.join(', ')} when it cannot ask (no terminal)`, {
      hint: `Run it in a terminal to be asked (input is masked), or give the missing flag${missing.length === 1 ? '' : 's'}.`,
    });
  }
  const ask = deps.ask ?? askMasked;
  const prompt = async (message: string): Promise<string> => {
    const value = (await ask(message)).trim();
    registerSecret(value);
    if (value === '') throw new UsageError(`nothing was entered for ${message.replace(/:$/, '')}; nothing was stored`);
    return value;
  };
  const name = keyInfo(exchange).name;
  if (!apiKey) apiKey = await prompt(`${name} API key:`);
  if (!secret) secret = await prompt(`${name} API secret:`);
  if (needsPassword && !password) password = await prompt(`${name} API passphrase:`);
  return { apiKey, secret, ...(password ? { password } : {}) };
}

export async function runConnect(ctx: CliContext, exchangeArg: string, options: ConnectOptions, deps: ConnectDeps = {}): Promise<void> {
  const exchange = checkExchangeId(exchangeArg);
  const account = checkAccountName(options.account);
  const baseUrl = checkBaseUrl(options.baseUrl);
  const credentials = await gatherCredentials(ctx, exchange, options, deps);
  const entry: StoredAccount = { exchange, account, credentials, ...(baseUrl ? { baseUrl } : {}), ...(options.sandbox ? { sandbox: true } : {}) };
  const fingerprint = keyFingerprint(credentials.apiKey);
  // Open the store first: a malformed .env, a wrong master password or an unreachable Vault
  // should stop us before we talk to the exchange.
  const storeWarnings: string[] = [];
  const store = deps.store ?? (await openStore(ctx.kitHome, { interactive: ctx.interactive, warn: (m) => storeWarnings.push(m) }));
  await store.list();
  const audit = createAuditSink(ctx.kitHome, (m) => ctx.out.error(m));
  const inspector = deps.inspector ? withKeyErrors(deps.inspector) : getKeyInspector({ audit });

  let perms;
  try {
    perms = await inspector.permissions(entry);
  } catch (error) {
    if (error instanceof KeyRejectedError) {
      audit({ type: 'auth', exchange, account, keyFingerprint: fingerprint, message: `kit connect: ${exchange} refused key ${fingerprint}; nothing stored` });
    }
    throw error;
  }
  const verdict = evaluateKey(exchange, perms, { allowWithdrawals: options.allowWithdrawals });
  if (!ctx.json) {
    ctx.out.line(`Key ${fingerprint} for ${exchange}/${account} — what ${keyInfo(exchange).name} says it may do:`);
    for (const line of describePermissions(perms)) ctx.out.line(line);
  }
  if (verdict.refusal) {
    audit({ type: 'config', exchange, account, keyFingerprint: fingerprint, message: `kit connect refused key ${fingerprint}: withdrawals enabled; nothing stored` });
    throw new UsageError(`not stored: ${verdict.refusal}`);
  }
  for (const warning of verdict.warnings) ctx.out.error(`warning: ${warning}`);

  await store.set(entry);
  for (const warning of storeWarnings) ctx.out.error(`warning: ${warning}`);
  const granted = (['read', 'trade', 'withdraw', 'futures', 'margin'] as const).filter((p) => perms[p] === true);
  await appendAudit(ctx.kitHome, {
    type: 'config',
    exchange,
    account,
    keyFingerprint: fingerprint,
    message: `kit connect stored key ${fingerprint} in the ${store.kind} store (permissions: ${granted.join(', ') || 'none'}; IP restriction: ${perms.ipRestricted ? 'yes' : 'no'})`,
  });
  if (ctx.json) {
    ctx.out.json({ ok: true, exchange, account, keyFingerprint: fingerprint, store: store.kind, permissions: perms, warnings: [...verdict.warnings, ...storeWarnings] });
    return;
  }
  ctx.out.line(`Stored the key for ${exchange}/${account} in ${describeStore(store)}.`);
}
