// Whose key reads an account's history. The key-compromise runbook sweeps AFTER the leaked key is
// revoked (contain first), so the leaked key can no longer read anything: the history is read
// with another stored account of the same exchange account, a read-only key.
//   reader absent or ""          the account's own key
//   reader "main_readonly"       that stored account (it must exist)
//   reader "{account}_readonly"  a naming convention: that account when it is stored, else the account's own key
import { ActionError, type ActionContext } from '../types.js';
import type { AccountInput } from './common.js';

export const ACCOUNT_PLACEHOLDER = '{account}';

export interface Reader {
  /** The stored account whose key reads. */
  account: string;
  /** True when it is the account's own key (the one a revoke may have killed). */
  own: boolean;
  /** A conventional reader that was looked for and is not stored. */
  notFound?: string;
}

async function isStored(ctx: ActionContext, exchange: string, account: string): Promise<boolean> {
  const { loadAccount } = await import('../../exchange/credentials.js');
  const { MissingCredentialsError } = await import('../../exchange/errors.js');
  try {
    await loadAccount(ctx.kitHome, exchange, account);
    return true;
  } catch (error) {
    if (error instanceof MissingCredentialsError) return false;
    throw error;
  }
}

export async function chooseReader(ctx: ActionContext, target: AccountInput, reader: string | undefined): Promise<Reader> {
  const { checkAccountName } = await import('../../secrets/names.js');
  const wanted = (reader ?? '').trim();
  if (wanted === '' || wanted === target.account) return { account: target.account, own: true };
  if (!wanted.includes(ACCOUNT_PLACEHOLDER)) return { account: checkAccountName(wanted), own: false };
  const named = checkAccountName(wanted.replaceAll(ACCOUNT_PLACEHOLDER, target.account));
  if (await isStored(ctx, target.exchange, named)) return { account: named, own: false };
  return { account: target.account, own: true, notFound: named };
}

/** Why the exchange refused the key, when an error (or what caused it) says the key is dead or locked out. */
async function refusedBecause(error: unknown, exchange: string): Promise<string | undefined> {
  const { explainError } = await import('../../exchange/classify.js');
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const explained = explainError(e, { exchange });
    if (explained.kind === 'dead' || explained.kind === 'restricted') return explained.reason;
  }
  return undefined;
}

/**
 * The error to show when reading failed: when the account's own key was refused, say it is
 * probably the key this incident revoked, and how to read with a read-only key instead.
 */
export async function readFailure(error: unknown, target: AccountInput, reader: Reader): Promise<unknown> {
  if (!reader.own) return error;
  const reason = await refusedBecause(error, target.exchange);
  if (reason === undefined) return error;
  const suggested = reader.notFound ?? `${target.account}_readonly`;
  return new ActionError(
    `the evidence of ${target.exchange}/${target.account} could not be pulled: its own key was refused (${reason}), most likely because it was revoked; a revoked key cannot read the history`,
    {
      hint: `Connect a read-only key of the same account: \`kit connect ${target.exchange} --account ${suggested}\` (read permission only), then pass \`--input reader=${suggested}\` (the shipped runbooks look for <account>_readonly by themselves) and resume.`,
      cause: error,
    },
  );
}
