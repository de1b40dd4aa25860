// What every exchange and key action shares: the exchange/account inputs, opening a gateway
// instance with the account's stored credentials, and time inputs. The exchange layer is
// imported lazily, inside run/plan, so loading the registry stays fast.
import { z } from 'zod';
import type { ExchangeInstance } from '../../exchange/gateway.js';
import type { ActionContext } from '../types.js';
import { isDuration, parseDuration } from '../../runbook/duration.js';
import { UsageError } from '../../errors.js';

export const accountInput = {
  exchange: z.string().min(1).describe('ccxt exchange id, e.g. binance'),
  account: z.string().min(1).default('main'),
};

export interface AccountInput {
  exchange: string;
  account: string;
}

export interface OpenedExchange {
  exchange: ExchangeInstance;
  apiKey: string;
  baseUrl?: string;
  sandbox?: boolean;
}

/** A gateway instance for the account; dry-run guard as the run says. */
export async function openExchange(ctx: ActionContext, input: AccountInput, options: { ccxtOptions?: Record<string, unknown>; dryRun?: boolean } = {}): Promise<OpenedExchange> {
  const { loadAccount } = await import('../../exchange/credentials.js');
  const { connect, checkExchangeId } = await import('../../exchange/gateway.js');
  await checkExchangeId(input.exchange);
  const stored = await loadAccount(ctx.kitHome, input.exchange, input.account);
  const baseUrl = stored.baseUrl ?? settingString(ctx, 'exchangeBaseUrl');
  const exchange = await connect(input.exchange, input.account, stored.credentials, {
    baseUrl,
    sandbox: stored.sandbox,
    dryRun: options.dryRun ?? ctx.dryRun,
    kitHome: ctx.kitHome,
    signal: ctx.signal,
    incidentId: ctx.incidentId,
    ccxtOptions: options.ccxtOptions,
  });
  return { exchange, apiKey: stored.credentials.apiKey, baseUrl, sandbox: stored.sandbox };
}

function settingString(ctx: ActionContext, name: string): string | undefined {
  const value = ctx.settings[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `since`: a duration before now (`72h`), an ISO 8601 time, or epoch milliseconds. */
export function resolveSince(value: string | number, now: number): number {
  if (typeof value === 'number') return value;
  if (isDuration(value)) return now - parseDuration(value);
  if (/^\d{12,}$/.test(value)) return Number(value);
  const parsed = Date.parse(value);
  if (Number.isNaN(parsed)) throw new UsageError(`"${value}" is neither a duration nor a time`, { hint: 'Use a duration such as 72h, or an ISO time such as 2026-11-28T14:00:00Z.' });
  return parsed;
}

export const sinceInput = z.union([z.string().min(1), z.number().int().nonnegative()]);

/** Evidence folder name for an exchange account, e.g. `binance-main`. */
export function evidenceFolder(input: AccountInput): string {
  return `${input.exchange}-${input.account}`.replace(/[^A-Za-z0-9._-]+/g, '_');
}

/** Runs an exchange step; an unreachable exchange becomes an UnavailableError (exit code 5). */
export async function exchangeStep<T>(ctx: ActionContext, input: AccountInput, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    const { toUserError } = await import('../../exchange/user-errors.js');
    const { credentialVariableNames } = await import('../../exchange/credentials.js');
    const baseUrl = process.env[credentialVariableNames(input.exchange, input.account).baseUrl[0]] ?? settingString(ctx, 'exchangeBaseUrl');
    throw toUserError(error, input.exchange, baseUrl);
  }
}
