// The rules a key must pass before kit stores it (kit connect, key.reissue): no withdrawals
// unless the person insists, an IP restriction, and no expiry around the corner. Pure.
import type { KeyPermissions } from './key-inspector.js';
import { keyInfo } from './key-pages.js';

export interface KeyVerdict {
  /** Set when the key must not be stored; says why and what to do. */
  refusal?: string;
  warnings: string[];
}

export interface KeyRuleOptions {
  allowWithdrawals?: boolean;
  now?: Date;
  /** Permissions the key was meant to have (key.reissue); a missing one is a refusal. */
  wanted?: ReadonlyArray<'read' | 'trade' | 'futures' | 'margin'>;
}

const EXPIRY_WARNING_DAYS = 14;

export function evaluateKey(exchange: string, perms: KeyPermissions, options: KeyRuleOptions = {}): KeyVerdict {
  const page = keyInfo(exchange).apiManagementUrl;
  const warnings: string[] = [];
  let refusal: string | undefined;
  if (perms.withdraw) {
    if (options.allowWithdrawals) {
      warnings.push(`this key can WITHDRAW funds: whoever steals it can empty the account. Disable withdrawals at ${page} unless you truly need them.`);
    } else {
      refusal = `the key has withdrawals enabled; kit does not store such keys. Disable "withdrawals" for this key at ${page} (or create a new key without it) and connect again, or pass --allow-withdrawals if you really must.`;
    }
  }
  const missing = (options.wanted ?? []).filter((p) => perms[p] !== true);
  if (!refusal && missing.length > 0) refusal = `the key lacks the permission${missing.length === 1 ? '' : 's'} it was meant to have: ${missing.join(', ')}. Edit it at ${page}.`;
  if (perms.ipRestrictionUnknown) {
    warnings.push(`${keyInfo(exchange).name} does not say whether the key is restricted to IP addresses: check it at ${page}, and restrict it to your server's IP addresses if it is not.`);
  } else if (!perms.ipRestricted) {
    warnings.push(`the key has no IP restriction: anyone who gets it can use it from anywhere. Restrict it to your server's IP addresses at ${page}.`);
  }
  if (perms.expiresAt) {
    const daysLeft = (Date.parse(perms.expiresAt) - (options.now ?? new Date()).getTime()) / 86_400_000;
    if (Number.isFinite(daysLeft) && daysLeft < EXPIRY_WARNING_DAYS) {
      warnings.push(daysLeft <= 0 ? `the key expired on ${perms.expiresAt}.` : `the key expires on ${perms.expiresAt} (in ${Math.ceil(daysLeft)} days).`);
    }
  }
  return { refusal, warnings };
}

/** Lines that show a key's permissions to a person. */
export function describePermissions(perms: KeyPermissions): string[] {
  const yesNo = (v: boolean | undefined): string => (v === undefined ? 'unknown' : v ? 'yes' : 'no');
  return [
    `  read:            ${yesNo(perms.read)}`,
    `  trade:           ${yesNo(perms.trade)}`,
    `  withdraw:        ${perms.withdraw ? 'YES' : 'no'}`,
    ...(perms.futures !== undefined ? [`  futures:         ${yesNo(perms.futures)}`] : []),
    ...(perms.margin !== undefined ? [`  margin:          ${yesNo(perms.margin)}`] : []),
    `  IP restriction:  ${perms.ipRestrictionUnknown ? 'unknown (the exchange does not say)' : perms.ipRestricted ? `yes${perms.ips && perms.ips.length > 0 ? ` (${perms.ips.join(', ')})` : ''}` : 'NO'}`,
    ...(perms.createdAt ? [`  created:         ${perms.createdAt}`] : []),
    ...(perms.expiresAt ? [`  expires:         ${perms.expiresAt}`] : []),
  ];
}
