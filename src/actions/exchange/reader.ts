// Whose key reads an account's history. The key-compromise runbook sweeps AFTER the leaked key is
// revoked (contain first), so the leaked key can no longer read anything: the history is read
// with another stored account of the same exchange account, a read-only key. `reader` is one
// entry or a list (or a comma-separated text) of entries, the first that fits wins:
//   binance/main=main_ro   for that account only (the right side may repeat the exchange)
//   binance/main_ro        for the accounts on that exchange (several: the one named after the account)
//   main_ro                for every account
// A name may hold `{account}` (`{account}_readonly`): such an entry is used only when that
// account is stored. Nothing fits (absent, "", []): the account's own key.
import { UsageError } from '../../errors.js';
import { ActionError, type ActionContext } from '../types.js';
import type { AccountInput } from './common.js';

export const ACCOUNT_PLACEHOLDER = '{account}';

export interface Reader {
  /** The stored account whose key reads. */
  account: string;
  /** True when it is the account's own key (the one a revoke may have killed). */
  own: boolean;
  /** Conventional readers (`{account}_readonly`) that were looked for and are not stored. */
  notFound?: string;
}

interface Entry {
  text: string;
  /** `exchange/account` the entry is for, or the exchange only. */
  target?: string;
  exchange?: string;
  name: string;
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

const badEntry = (text: string, why: string): UsageError =>
  new UsageError(`reader "${text}": ${why}`, { hint: 'Write a stored account name (main_readonly), exchange/name (binance/main_readonly), or exchange/account=name (binance/main=main_readonly).' });

function parseEntry(text: string): Entry {
  const [left, right, ...more] = text.split('=');
  if (more.length > 0) throw badEntry(text, 'one "=" at most');
  if (right !== undefined) {
    const [exchange, account = 'main'] = left.trim().toLowerCase().split('/');
    const named = right.trim();
    const slash = named.indexOf('/');
    if (slash >= 0 && named.slice(0, slash).toLowerCase() !== exchange) throw badEntry(text, `a reader of a ${exchange} account is a ${exchange} account`);
    return { text, target: `${exchange}/${account}`, name: slash >= 0 ? named.slice(slash + 1) : named };
  }
  const slash = text.indexOf('/');
  if (slash >= 0) return { text, exchange: text.slice(0, slash).trim().toLowerCase(), name: text.slice(slash + 1).trim() };
  return { text, name: text.trim() };
}

export function readerEntries(reader: string | string[] | undefined): Entry[] {
  const texts = (Array.isArray(reader) ? reader : [reader ?? '']).flatMap((t) => t.split(',')).map((t) => t.trim()).filter((t) => t !== '');
  return texts.map(parseEntry);
}

/** The entry meant for this account, by the precedence above (undefined: none). */
function entryFor(entries: Entry[], target: AccountInput): Entry[] {
  const exact = entries.filter((e) => e.target === `${target.exchange}/${target.account}`);
  if (exact.length > 0) return exact;
  const sameExchange = entries.filter((e) => e.exchange === target.exchange);
  if (sameExchange.length > 1) {
    const named = sameExchange.filter((e) => e.name.replaceAll(ACCOUNT_PLACEHOLDER, target.account).startsWith(`${target.account}_`));
    if (named.length === 1) return named;
    throw new UsageError(`several readers are given for ${target.exchange} (${sameExchange.map((e) => e.text).join(', ')}), and none is clearly ${target.exchange}/${target.account}'s`, {
      hint: `Say which key reads which account: ${target.exchange}/${target.account}=<stored account>.`,
    });
  }
  if (sameExchange.length === 1) return sameExchange;
  return entries.filter((e) => e.target === undefined && e.exchange === undefined);
}

export async function chooseReader(ctx: ActionContext, target: AccountInput, reader: string | string[] | undefined): Promise<Reader> {
  const { checkAccountName } = await import('../../secrets/names.js');
  const notFound: string[] = [];
  for (const entry of entryFor(readerEntries(reader), target)) {
    const conventional = entry.name.includes(ACCOUNT_PLACEHOLDER);
    const name = checkAccountName(entry.name.replaceAll(ACCOUNT_PLACEHOLDER, target.account));
    if (name === target.account) return { account: name, own: true };
    if (!conventional) return { account: name, own: false };
    if (await isStored(ctx, target.exchange, name)) return { account: name, own: false };
    notFound.push(name);
  }
  return { account: target.account, own: true, ...(notFound.length > 0 ? { notFound: notFound.join(', ') } : {}) };
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
  const suggested = `${target.account}_readonly`;
  return new ActionError(
    `the evidence of ${target.exchange}/${target.account} could not be pulled: its own key was refused (${reason}), most likely because it was revoked; a revoked key cannot read the history`,
    {
      hint: `Connect a read-only key of the same account: \`kit connect ${target.exchange} --account ${suggested}\` (read permission only). The shipped runbooks then use it by themselves (or name a reader: \`--input readers=${target.exchange}/${target.account}=${suggested}\`); pull the evidence again with \`kit run collect-evidence --input accounts=${target.exchange}/${target.account} --input since=<when it started>\`.`,
      cause: error,
    },
  );
}
