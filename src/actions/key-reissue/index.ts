// The action `key.reissue` (write): a new, safe key replaces the old one in the credential
// store. It says where and how to create the key (the exchange's page; no withdrawals; an IP
// restriction; only the permissions needed), takes it (drill operator, exchange API or masked
// prompt), checks it with the same rules as `kit connect`, stores it, and verifies the stored
// copy works. Journals and outputs carry only the key's fingerprint.
import path from 'node:path';
import { promises as fs } from 'node:fs';
import { z } from 'zod';
import { appendAudit } from '../../audit/audit-log.js';
import { getKeyInspector, withKeyErrors, type KeyInspector, type KeyPermissions } from '../../check/key-inspector.js';
import { keyInfo } from '../../check/key-pages.js';
import { evaluateKey } from '../../check/key-rules.js';
import { keyFingerprint } from '../../secrets/fingerprint.js';
import { checkAccountName, checkExchangeId } from '../../secrets/names.js';
import { openStore, type OpenStoreOptions } from '../../secrets/open-store.js';
import type { CredentialStore, StoredAccount } from '../../secrets/types.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { ActionError, type ActionContext, type ActionDefinition } from '../types.js';
import { exchangeKeyCreator, obtainKey, type KeyCreator } from './obtain-key.js';
import { accountObject, accountOf } from '../exchange/common.js';

const PERMISSIONS = ['read', 'trade', 'futures', 'margin'] as const;

const input = accountObject({
  /** The IP address (or comma-separated addresses) the new key should be restricted to. */
  ip: z.string().optional(),
  /** Permissions the new key needs; withdrawals are never among them. */
  permissions: z.array(z.enum(PERMISSIONS)).default(['read', 'trade']),
  /** A sub-account (Binance e-mail, Bybit UID, OKX name) whose new key the master key creates through the API, where the exchange allows. */
  subAccount: z.string().optional(),
  /** The stored account holding the master key that creates it. */
  masterAccount: z.string().default('main'),
  /**
   * Keep the replaced key in the credential store under this account name (`{account}` stands
   * for the account's: `{account}_previous`), so that a later step can revoke it and prove it
   * dead once the new key works (a scheduled rotation). Absent: the replaced key is dropped.
   */
  previousAs: z.string().min(1).optional(),
});
export type KeyReissueInput = z.infer<typeof input>;

export interface KeyReissueOutputs extends Record<string, unknown> {
  exchange: string;
  account: string;
  keyFingerprint: string;
  previousKeyFingerprint: string | null;
  /** Where the replaced key was kept (`previousAs`), else null. In a plan: the account, whose key would be the one kept. */
  previousAccount: string | null;
  source: string;
  apiManagementUrl: string;
  permissions: string[];
  ipRestricted: boolean;
}

export interface KeyReissueDeps {
  inspector?: KeyInspector;
  openStore?: (kitHome: string, options: OpenStoreOptions) => Promise<CredentialStore>;
  keyCreator?: KeyCreator;
}

const grantedPermissions = (perms: KeyPermissions): string[] => PERMISSIONS.filter((p) => perms[p] === true);

// A for-each instance's step id (`reissue[binance/main]`) holds characters a file name must not.
const markerFile = (ctx: ActionContext): string => path.join(ctx.incidentDir, `key-reissue-${ctx.stepId.replace(/[^A-Za-z0-9_-]/g, '_')}.json`);

function instructions(i: KeyReissueInput): string {
  const info = keyInfo(i.exchange);
  return `create a new ${info.name} API key for ${i.exchange}/${i.account} at ${info.apiManagementUrl}: enable only ${i.permissions.join(', ')}; leave withdrawals OFF; restrict it to ${i.ip ? `IP ${i.ip}` : "your server's IP addresses"}`;
}

export function createKeyReissueAction(deps: KeyReissueDeps = {}): ActionDefinition<KeyReissueInput, KeyReissueOutputs> {
  const storeFor = (ctx: ActionContext): Promise<CredentialStore> =>
    (deps.openStore ?? openStore)(ctx.kitHome, { interactive: ctx.prompter.interactive, ask: (m) => ctx.prompter.password(m), warn: (m) => ctx.log(`warning: ${m}`) });
  const inspectorFor = (): KeyInspector => (deps.inspector ? withKeyErrors(deps.inspector) : getKeyInspector());

  return {
    name: 'key.reissue',
    description: 'Replace the stored key with a new, safe one (no withdrawals, IP-restricted, least permissions), checked with the exchange and verified.',
    effect: 'write',
    input,
    describe: (i) => {
      const { exchange, account } = accountOf(i);
      return exchange ? instructions({ permissions: ['read', 'trade'], ...i, exchange, account } as KeyReissueInput) : 'create, check and store a new API key';
    },

    async plan(ctx, i) {
      const info = keyInfo(i.exchange);
      return {
        summary: `would ${instructions(i)}; then check it with ${info.name} (refusing withdrawals or missing permissions), store it in the credential store and verify the stored copy works`,
        outputs: {
          exchange: i.exchange, account: i.account, keyFingerprint: '(new key)', previousKeyFingerprint: null,
          // Nothing is kept in a dry run: the key that WOULD be kept is the one stored under the account now.
          previousAccount: i.previousAs ? i.account : null,
          source: ctx.operator ? 'operator' : 'prompt', apiManagementUrl: info.apiManagementUrl, permissions: i.permissions, ipRestricted: true,
        },
      };
    },

    async run(ctx, i) {
      const exchange = checkExchangeId(i.exchange);
      const account = checkAccountName(i.account);
      const info = keyInfo(exchange);
      const store = await storeFor(ctx);
      const previous = await store.get(exchange, account);
      ctx.log(instructions({ ...i, exchange, account }));
      const master = i.subAccount ? await store.get(exchange, checkAccountName(i.masterAccount)) : undefined;
      const { credentials, source } = await obtainKey(ctx, { exchange, account, permissions: i.permissions, ip: i.ip, subAccount: i.subAccount, baseUrl: (previous ?? master)?.baseUrl }, master, deps.keyCreator ?? exchangeKeyCreator);
      const fingerprint = keyFingerprint(credentials.apiKey);
      if (previous && previous.credentials.apiKey === credentials.apiKey) {
        throw new ActionError(`key ${fingerprint} is the key being replaced; a new key is needed`, { hint: `Create a new key at ${info.apiManagementUrl}.` });
      }
      // The new key talks to the same place as the key it replaces, or as the master key that made
      // it (the simulator in a drill, a testnet).
      const origin = previous ?? master;
      const entry: StoredAccount = { exchange, account, credentials, ...(origin?.baseUrl ? { baseUrl: origin.baseUrl } : {}), ...(origin?.sandbox ? { sandbox: true } : {}) };
      const inspector = inspectorFor();
      const perms = await inspector.permissions(entry);
      const verdict = evaluateKey(exchange, perms, { wanted: i.permissions });
      if (verdict.refusal) throw new ActionError(`new key ${fingerprint} not stored: ${verdict.refusal}`);
      for (const warning of verdict.warnings) ctx.log(`warning: ${warning}`);
      const wantedIps = (i.ip ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      if (wantedIps.length > 0 && perms.ips && !wantedIps.every((ip) => perms.ips?.includes(ip))) {
        ctx.log(`warning: the key's IP list (${perms.ips.join(', ')}) does not include ${wantedIps.join(', ')}`);
      }
      const previousKeyFingerprint = previous ? keyFingerprint(previous.credentials.apiKey) : null;
      const previousAccount = previous && i.previousAs ? await keepPrevious(ctx, store, previous, i.previousAs) : null;
      // The marker goes down BEFORE the new key replaces the old one: after a crash in between,
      // reconcile finds it, checks the store, and never runs this again over the new key (which
      // would keep the NEW key as the "previous" one, for a later step to revoke).
      const marker = { exchange, account, keyFingerprint: fingerprint, previousKeyFingerprint, previousAccount, storedAt: new Date().toISOString() };
      await writeFileAtomic(markerFile(ctx), JSON.stringify(marker) + '\n', { mode: 0o600 });
      await store.set(entry);
      // Verify the stored copy, not the one in memory: it is what the next steps will use.
      const stored = await store.get(exchange, account);
      if (!stored || stored.credentials.apiKey !== credentials.apiKey) throw new ActionError(`the credential store did not keep key ${fingerprint}`);
      await inspector.permissions(stored);
      await appendAudit(ctx.kitHome, { type: 'config', exchange, account, keyFingerprint: fingerprint, incidentId: ctx.incidentId, message: `key.reissue stored new key ${fingerprint}${previousKeyFingerprint ? ` in place of ${previousKeyFingerprint}` : ''} (from ${source})` });
      ctx.log(`stored and verified new key ${fingerprint} for ${exchange}/${account}${previousKeyFingerprint ? `; the old key ${previousKeyFingerprint} must still be deleted at ${info.apiManagementUrl}` : ''}`);
      return {
        exchange,
        account,
        keyFingerprint: fingerprint,
        previousKeyFingerprint,
        previousAccount,
        source,
        apiManagementUrl: info.apiManagementUrl,
        permissions: grantedPermissions(perms),
        ipRestricted: perms.ipRestricted,
      };
    },

    async reconcile(ctx, i) {
      let marker: { exchange?: string; account?: string; keyFingerprint?: string; previousKeyFingerprint?: string | null; previousAccount?: string | null };
      try {
        marker = JSON.parse(await fs.readFile(markerFile(ctx), 'utf8')) as typeof marker;
      } catch {
        return { done: false, note: 'no new key was stored by this step before the interruption' };
      }
      const store = await storeFor(ctx);
      const current = await store.get(marker.exchange ?? i.exchange, marker.account ?? i.account);
      if (!current || keyFingerprint(current.credentials.apiKey) !== marker.keyFingerprint) {
        return { done: false, note: `the key ${marker.keyFingerprint} this step stored is no longer in the credential store` };
      }
      const perms = await inspectorFor().permissions(current);
      const info = keyInfo(current.exchange);
      return {
        done: true,
        note: `new key ${marker.keyFingerprint} is stored and works`,
        outputs: {
          exchange: current.exchange, account: current.account, keyFingerprint: marker.keyFingerprint as string,
          previousKeyFingerprint: marker.previousKeyFingerprint ?? null, previousAccount: marker.previousAccount ?? null,
          source: 'reconciled', apiManagementUrl: info.apiManagementUrl, permissions: grantedPermissions(perms), ipRestricted: perms.ipRestricted,
        },
      };
    },
  };
}

/** Stores the key being replaced under `previousAs` and checks the store kept it; returns that account name. */
async function keepPrevious(ctx: ActionContext, store: CredentialStore, previous: StoredAccount, previousAs: string): Promise<string> {
  const name = checkAccountName(previousAs.replaceAll('{account}', previous.account));
  const fingerprint = keyFingerprint(previous.credentials.apiKey);
  if (name === previous.account) throw new ActionError(`previousAs names ${previous.exchange}/${name} itself, where the new key goes`, { hint: 'Give another account name, e.g. {account}_previous.' });
  await store.set({ ...previous, account: name });
  const kept = await store.get(previous.exchange, name);
  if (!kept || kept.credentials.apiKey !== previous.credentials.apiKey) throw new ActionError(`the credential store did not keep the old key ${fingerprint} as ${previous.exchange}/${name}`);
  ctx.log(`kept the old key ${fingerprint} as ${previous.exchange}/${name}, to be revoked once the new key works`);
  return name;
}

export const keyReissueActions: readonly ActionDefinition[] = [createKeyReissueAction()];
