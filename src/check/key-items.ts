// Checklist: what the exchanges say about every connected key (withdrawals, IP restriction, age),
// whether one key serves several accounts, and 2FA (which only a person can check).
import { keyFingerprint } from '../secrets/fingerprint.js';
import type { StoredAccount } from '../secrets/types.js';
import { KeyRejectedError, type KeyPermissions } from './key-inspector.js';
import { keyInfo } from './key-pages.js';
import type { CheckContext, CheckItem } from './types.js';

/** Rotation policy: rotate keys every 3 to 6 months. */
export const ROTATE_SOON_DAYS = 90;
export const ROTATE_NOW_DAYS = 180;

interface Inspected {
  account: StoredAccount;
  perms?: KeyPermissions;
  problem?: string;
  /** The exchange refused the key (as opposed to not answering). */
  rejected?: boolean;
}

const name = (a: StoredAccount): string => `${a.exchange}/${a.account}`;

async function inspectAll(ctx: CheckContext): Promise<Inspected[]> {
  const out: Inspected[] = [];
  for (const account of ctx.accounts) {
    try {
      out.push({ account, perms: await ctx.inspector.permissions(account) });
    } catch (error) {
      out.push({ account, problem: `${name(account)}: ${(error as Error).message}`, rejected: error instanceof KeyRejectedError });
    }
  }
  return out;
}

function noAccounts(ctx: CheckContext): string {
  return ctx.storeProblem ? `the credential store could not be read: ${ctx.storeProblem}` : 'no exchange account is connected (kit connect <exchange>)';
}

function perKeyItem(id: string, title: string, required: boolean, inspected: Inspected[], ctx: CheckContext, bad: (p: KeyPermissions) => boolean, why: (a: StoredAccount) => string, fix: (a: StoredAccount) => string, ok: string): CheckItem {
  if (inspected.length === 0) return { id, title, status: 'skip', required, reason: noAccounts(ctx) };
  const failing = inspected.filter((i) => i.perms && bad(i.perms));
  const unknown = inspected.filter((i) => !i.perms);
  if (failing.length > 0) {
    return { id, title, status: 'fail', required, reason: failing.map((i) => why(i.account)).join('; '), fix: failing.map((i) => fix(i.account)).join('; ') };
  }
  if (unknown.length > 0) return { id, title, status: 'skip', required, reason: `not checked: ${unknown.map((i) => i.problem).join('; ')}` };
  return { id, title, status: 'pass', required, reason: ok };
}

function ageItem(inspected: Inspected[], ctx: CheckContext): CheckItem {
  const id = 'key-age';
  const title = `keys are rotated every 3 to 6 months`;
  if (inspected.length === 0) return { id, title, status: 'skip', required: false, reason: noAccounts(ctx) };
  const ages = inspected
    .filter((i) => i.perms?.createdAt)
    .map((i) => ({ account: i.account, days: Math.floor((ctx.now.getTime() - Date.parse(i.perms?.createdAt as string)) / 86_400_000) }));
  if (ages.length === 0) {
    const unasked = inspected.filter((i) => !i.perms);
    return { id, title, status: 'skip', required: false, reason: unasked.length === inspected.length ? `not checked: ${unasked.map((i) => i.problem).join('; ')}` : 'the exchanges do not tell when the keys were created; track their age yourself' };
  }
  const old = ages.filter((a) => a.days > ROTATE_NOW_DAYS);
  const soon = ages.filter((a) => a.days > ROTATE_SOON_DAYS && a.days <= ROTATE_NOW_DAYS);
  const describe = (list: typeof ages): string => list.map((a) => `${name(a.account)} is ${a.days} days old`).join(', ');
  if (old.length > 0) {
    return { id, title, status: 'fail', required: false, reason: `${describe(old)} (more than ${ROTATE_NOW_DAYS})`, fix: 'create a new key (kit incident with the key-rotation runbook, or kit connect with a new key) and delete the old one on the exchange' };
  }
  const unknown = inspected.length - ages.length;
  return { id, title, status: 'pass', required: false, reason: `${soon.length > 0 ? `due for rotation within ${ROTATE_NOW_DAYS} days: ${describe(soon)}` : `every key is younger than ${ROTATE_SOON_DAYS} days`}${unknown > 0 ? ` (${unknown} of unknown age)` : ''}` };
}

/** A stored key the exchange refuses is dead weight at best, and hides which keys are live. */
function workingKeysItem(inspected: Inspected[], ctx: CheckContext): CheckItem {
  const id = 'keys-work';
  const title = 'every stored key is accepted by its exchange';
  if (inspected.length === 0) return { id, title, status: 'skip', required: false, reason: noAccounts(ctx) };
  const refused = inspected.filter((i) => i.rejected);
  if (refused.length > 0) {
    return { id, title, status: 'fail', required: false, reason: refused.map((i) => i.problem).join('; '), fix: refused.map((i) => `if ${name(i.account)}'s key was deleted on purpose, kit disconnect ${i.account.exchange} --account ${i.account.account}; otherwise check it on the exchange (kit logs --type auth)`).join('; ') };
  }
  const unknown = inspected.filter((i) => !i.perms);
  if (unknown.length > 0) return { id, title, status: 'skip', required: false, reason: `not checked: ${unknown.map((i) => i.problem).join('; ')}` };
  return { id, title, status: 'pass', required: false, reason: `${inspected.length} key(s) answered` };
}

function sharedKeyItem(ctx: CheckContext): CheckItem {
  const id = 'one-key-per-account';
  const title = 'each account has its own key';
  if (ctx.accounts.length === 0) return { id, title, status: 'skip', required: false, reason: noAccounts(ctx) };
  const byKey = new Map<string, string[]>();
  for (const a of ctx.accounts) byKey.set(a.credentials.apiKey, [...(byKey.get(a.credentials.apiKey) ?? []), name(a)]);
  const shared = [...byKey].filter(([, names]) => names.length > 1);
  if (shared.length === 0) return { id, title, status: 'pass', required: false, reason: `${ctx.accounts.length} account(s), ${byKey.size} distinct key(s)` };
  return {
    id,
    title,
    status: 'fail',
    required: false,
    reason: shared.map(([key, names]) => `key ${keyFingerprint(key)} is used by ${names.join(', ')}`).join('; '),
    fix: 'give every account (bot, tool, person) its own key, so that one leak can be revoked without stopping the others and the audit log shows who did what',
  };
}

/** For the IP item, a key whose exchange does not say counts as not checked. */
function knownIp(inspected: Inspected[]): Inspected[] {
  return inspected.map((i) => (i.perms?.ipRestrictionUnknown ? { account: i.account, problem: `${name(i.account)}: the exchange does not say whether the key is IP-restricted` } : i));
}

export async function keyItems(ctx: CheckContext): Promise<CheckItem[]> {
  const inspected = await inspectAll(ctx);
  const page = (a: StoredAccount): string => keyInfo(a.exchange).apiManagementUrl;
  const twoFactorExchanges = [...new Set(ctx.accounts.map((a) => keyInfo(a.exchange).name))];
  return [
    perKeyItem('withdrawals-disabled', 'withdrawals are disabled on every connected key', true, inspected, ctx, (p) => p.withdraw, (a) => `${name(a)} can withdraw funds`, (a) => `disable withdrawals for the key at ${page(a)}`, `no connected key can withdraw (${inspected.length} checked with the exchange)`),
    perKeyItem('ip-restricted', 'every connected key is restricted to known IP addresses', false, knownIp(inspected), ctx, (p) => !p.ipRestricted, (a) => `${name(a)} has no IP restriction`, (a) => `restrict the key to your server's IP addresses at ${page(a)}`, 'every connected key has an IP restriction'),
    workingKeysItem(inspected, ctx),
    ageItem(inspected, ctx),
    sharedKeyItem(ctx),
    {
      id: 'two-factor',
      title: 'two-factor authentication is on for every exchange account',
      status: 'manual',
      required: false,
      reason: 'kit cannot see this: only you can check it',
      fix: `in the security settings of ${twoFactorExchanges.length > 0 ? twoFactorExchanges.join(', ') : 'each exchange account'}, turn on 2FA with an authenticator app or a security key (not SMS), also for withdrawals and API-key changes`,
    },
  ];
}
