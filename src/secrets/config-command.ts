// `kit config`: show where credentials are kept, move them to another store
// (`--secrets-manager env|encrypted|vault|aws`, `encrypt`, `decrypt`) and change the master
// password. A move copies every account, reads each one back, switches settings.json, and only
// then removes the credentials from the old store: a failure at any point leaves them readable.
import { appendAudit } from '../audit/audit-log.js';
import type { CliContext } from '../cli/context.js';
import { UsageError } from '../errors.js';
import { EncryptedStore } from './encrypted-store.js';
import { masterPasswordSource } from './master-password.js';
import { describeStore, storeOfKind } from './open-store.js';
import { askConfirm, askMasked, type AskConfirm, type AskSecret } from './prompts.js';
import { readSettings, settingsPath, STORE_KINDS, updateSettings, type KitSettings } from './settings.js';
import type { CredentialStore, StoreKind, StoredAccount } from './types.js';

export interface ConfigOptions {
  secretsManager?: string;
  yes?: boolean;
  vaultAddr?: string;
  vaultNamespace?: string;
  vaultMount?: string;
  vaultPath?: string;
  awsRegion?: string;
  awsPrefix?: string;
  awsEndpoint?: string;
}

export interface ConfigDeps {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  ask?: AskSecret;
  confirm?: AskConfirm;
}

function settingsPatch(options: ConfigOptions): Partial<KitSettings> {
  const vault = Object.fromEntries(Object.entries({ addr: options.vaultAddr, namespace: options.vaultNamespace, mount: options.vaultMount, path: options.vaultPath }).filter(([, v]) => v !== undefined));
  const aws = Object.fromEntries(Object.entries({ region: options.awsRegion, prefix: options.awsPrefix, endpoint: options.awsEndpoint }).filter(([, v]) => v !== undefined));
  return { ...(Object.keys(vault).length > 0 ? { vault } : {}), ...(Object.keys(aws).length > 0 ? { aws } : {}) };
}

function storeOptions(ctx: CliContext, deps: ConfigDeps, warn?: (m: string) => void): Parameters<typeof storeOfKind>[3] {
  return { env: deps.env, cwd: deps.cwd, interactive: ctx.interactive, ask: deps.ask, warn };
}

export async function runConfig(ctx: CliContext, options: ConfigOptions, deps: ConfigDeps = {}): Promise<void> {
  const patch = settingsPatch(options);
  if (options.secretsManager !== undefined) {
    const kind = options.secretsManager as StoreKind;
    if (!STORE_KINDS.includes(kind)) throw new UsageError(`--secrets-manager must be one of ${STORE_KINDS.join(', ')}, got "${options.secretsManager}"`);
    await switchStore(ctx, kind, { yes: Boolean(options.yes), patch }, deps);
    return;
  }
  if (Object.keys(patch).length > 0) {
    await updateSettings(ctx.kitHome, patch);
    await appendAudit(ctx.kitHome, { type: 'config', message: `kit config updated ${Object.keys(patch).join(' and ')} settings` });
  }
  await showConfig(ctx, deps);
}

async function showConfig(ctx: CliContext, deps: ConfigDeps): Promise<void> {
  const settings = await readSettings(ctx.kitHome);
  const kind = settings.secretsManager ?? 'env';
  const store = storeOfKind(kind, ctx.kitHome, settings, storeOptions(ctx, deps));
  const accounts = (await store.list()).map((r) => `${r.exchange}/${r.account}`);
  if (ctx.json) {
    ctx.out.json({ secretsManager: kind, where: describeStore(store), settingsFile: settingsPath(ctx.kitHome), vault: settings.vault ? { ...settings.vault, token: settings.vault.token ? '[set]' : undefined } : undefined, aws: settings.aws, accounts });
    return;
  }
  ctx.out.line(`Credential store: ${kind} (${describeStore(store)})`);
  ctx.out.line(`Settings: ${settingsPath(ctx.kitHome)}`);
  ctx.out.line(accounts.length > 0 ? `Accounts: ${accounts.join(', ')}` : 'Accounts: none stored (kit connect <exchange> adds one)');
}

async function readAll(store: CredentialStore): Promise<StoredAccount[]> {
  const entries: StoredAccount[] = [];
  for (const ref of await store.list()) {
    const entry = await store.get(ref.exchange, ref.account);
    if (entry) entries.push(entry);
  }
  return entries;
}

export async function switchStore(ctx: CliContext, target: StoreKind, options: { yes: boolean; patch?: Partial<KitSettings> }, deps: ConfigDeps = {}): Promise<void> {
  const settings = await readSettings(ctx.kitHome);
  const current = settings.secretsManager ?? 'env';
  const patch = options.patch ?? {};
  const next: KitSettings = { ...settings, ...patch, vault: { ...settings.vault, ...patch.vault }, aws: { ...settings.aws, ...patch.aws } };
  if (current === target) {
    if (Object.keys(patch).length > 0) await updateSettings(ctx.kitHome, patch);
    ctx.out.line(`kit already keeps credentials in the ${target} store; nothing to move.`);
    return;
  }
  const warnings: string[] = [];
  const source = storeOfKind(current, ctx.kitHome, settings, storeOptions(ctx, deps, (m) => warnings.push(m)));
  const destination = storeOfKind(target, ctx.kitHome, next, storeOptions(ctx, deps, (m) => warnings.push(m)));
  const entries = await readAll(source);
  const names = entries.map((e) => `${e.exchange}/${e.account}`);
  const plan = `Move ${entries.length} account${entries.length === 1 ? '' : 's'}${names.length > 0 ? ` (${names.join(', ')})` : ''} from ${current} (${describeStore(source)}) to ${target} (${describeStore(destination)}), then remove ${entries.length === 1 ? 'it' : 'them'} from ${current}.`;
  if (!ctx.json) ctx.out.line(plan);
  if (!options.yes) {
    if (!ctx.interactive) throw new UsageError('moving credentials needs confirmation; nothing was changed', { hint: 'Add --yes to confirm.' });
    if (!(await (deps.confirm ?? askConfirm)('Go ahead?', false))) {
      ctx.out.line('Nothing was changed.');
      return;
    }
  }
  // 1. Copy, and read each back: only a verified copy lets us remove the original.
  for (const entry of entries) {
    await destination.set(entry);
    const copy = await destination.get(entry.exchange, entry.account);
    if (!copy || copy.credentials.apiKey !== entry.credentials.apiKey || copy.credentials.secret !== entry.credentials.secret || copy.credentials.password !== entry.credentials.password) {
      throw new UsageError(`the copy of ${entry.exchange}/${entry.account} in ${target} does not read back as written; nothing was removed from ${current}`);
    }
  }
  if (target === 'encrypted' && entries.length === 0 && destination instanceof EncryptedStore && !(await destination.exists())) {
    ctx.out.error('note: there are no credentials yet; the encrypted config will be created (with a master password) by the first kit connect.');
  }
  // 2. Switch, 3. remove the originals.
  await updateSettings(ctx.kitHome, { ...patch, secretsManager: target });
  for (const entry of entries) await source.delete(entry.exchange, entry.account);
  await appendAudit(ctx.kitHome, { type: 'config', message: `kit config moved ${entries.length} account(s) from the ${current} store to the ${target} store${names.length > 0 ? `: ${names.join(', ')}` : ''}` });
  for (const warning of warnings) ctx.out.error(`warning: ${warning}`);
  if (target === 'env') ctx.out.error(`warning: the credentials are now in plain text in ${describeStore(destination)} (mode 0600). Keep that file out of git and backups you do not control.`);
  if (ctx.json) {
    ctx.out.json({ ok: true, from: current, to: target, moved: names, warnings });
    return;
  }
  ctx.out.line(`Done: kit now keeps credentials in ${target} (${describeStore(destination)}).`);
}

export async function runPasswordChange(ctx: CliContext, deps: ConfigDeps = {}): Promise<void> {
  const settings = await readSettings(ctx.kitHome);
  const store = storeOfKind('encrypted', ctx.kitHome, settings, storeOptions(ctx, deps)) as EncryptedStore;
  if (!(await store.exists())) throw new UsageError(`there is no encrypted config at ${store.file}`, { hint: 'Run `kit config encrypt` first.' });
  await store.changePassword(masterPasswordSource({ env: deps.env, interactive: ctx.interactive, ask: deps.ask ?? askMasked, variable: 'KIT_NEW_MASTER_PASSWORD' }));
  await appendAudit(ctx.kitHome, { type: 'config', message: 'kit config password: the encrypted config was re-encrypted under a new master password' });
  if (ctx.json) ctx.out.json({ ok: true, file: store.file });
  else ctx.out.line(`Re-encrypted ${store.file} (and its backup) under the new master password.`);
}
