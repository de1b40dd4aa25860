// What every exchange and key action shares: the exchange/account inputs, opening a gateway
// instance with the account's stored credentials, and time inputs. The exchange layer is
// imported lazily, inside run/plan, so loading the registry stays fast.
import { setMaxListeners } from 'node:events';
import { z } from 'zod';
import type { ExchangeInstance } from '../../exchange/gateway.js';
import type { StoredAccount } from '../../secrets/types.js';
// Small and free of ccxt: the rest of the exchange layer is still imported lazily.
import { stepSignal, withStepSignal, type SignalSource } from '../../exchange/signal-scope.js';
import type { ActionContext, ActionDefinition } from '../types.js';
import { isDuration, parseDuration } from '../../runbook/duration.js';
import { UsageError } from '../../errors.js';
import { DEFAULT_ACCOUNT } from '../../secrets/names.js';
import { keepPresenceRules, withPresenceRule, type PresenceRule } from '../input-rules.js';

/** `binance/main`, or `binance` for its main account (exchange id / stored account name). */
const TARGET_PATTERN = /^[a-z][a-z0-9]{1,39}(\/[a-z0-9][a-z0-9_]{0,39})?$/i;

/**
 * The account an exchange or key action works on, in either notation: `target: binance/main`
 * (one string, handy in a for-each over `exchange/account` entries), or `exchange` with
 * `account` (default main). Exactly one of target and exchange; the parsed input always has
 * `exchange` and `account` (the journal, the report and the drill score read those).
 */
export const accountShape = {
  target: z.string().regex(TARGET_PATTERN, 'expected "exchange/account", e.g. "binance/main" (or "binance" for its main account)').optional(),
  exchange: z.string().min(1).describe('ccxt exchange id, e.g. binance').optional(),
  account: z.string().min(1).describe('stored account name (default main)').optional(),
};

export interface AccountInput {
  exchange: string;
  account: string;
  /** As given, when the step used the `target` notation. */
  target?: string;
}

const accountRule: PresenceRule = (given) => {
  if (given('target') && given('exchange')) return { field: 'target', message: 'give either target ("binance/main") or exchange (with account), not both' };
  if (given('target') && given('account')) return { field: 'account', message: 'target already names the account ("binance/main"): remove account, or write exchange and account instead of target' };
  if (!given('target') && !given('exchange')) return { field: 'exchange', message: 'which account? give target ("binance/main") or exchange (and account, default main)' };
  return undefined;
};

type AccountFields = { target?: string; exchange?: string; account?: string };

function normalizeAccount(value: AccountFields): AccountFields {
  if (value.target === undefined) return { ...value, account: value.account ?? DEFAULT_ACCOUNT };
  const [exchange, account] = value.target.toLowerCase().split('/');
  return { ...value, exchange, account: account ?? DEFAULT_ACCOUNT };
}

/**
 * The input schema of an action on one account: the account fields (either notation) plus
 * `extra`. A zod object (lint checks it field by field, and knows the target/exchange rule).
 */
export function accountObject<S extends z.ZodRawShape>(extra: S) {
  const checked = withPresenceRule(z.strictObject({ ...accountShape, ...extra }), accountRule);
  const normalized = keepPresenceRules(checked, checked.overwrite((value) => normalizeAccount(value as AccountFields) as typeof value));
  return normalized as unknown as z.ZodType<Omit<z.output<typeof checked>, keyof AccountInput> & AccountInput> & Pick<typeof checked, 'shape'>;
}

/** The exchange and account of a possibly partial, unparsed input (describe() gets the literal `with`). */
export function accountOf(input: Partial<AccountInput>): { exchange?: string; account: string } {
  const normalized = normalizeAccount(input);
  return { exchange: normalized.exchange, account: normalized.account ?? DEFAULT_ACCOUNT };
}

/** `binance/main` for messages and describe(), from a full or partial input. */
export function accountLabel(input: Partial<AccountInput>): string {
  const { exchange, account } = accountOf(input);
  return `${exchange ?? '?'}/${account}`;
}

export interface OpenedExchange {
  exchange: ExchangeInstance;
  apiKey: string;
  baseUrl?: string;
  sandbox?: boolean;
}

export interface OpenOptions {
  ccxtOptions?: Record<string, unknown>;
  dryRun?: boolean;
  /** An instance of the step's own, not the one the run's steps share (a sweep installs its own pacers on it). */
  own?: boolean;
}

/**
 * A gateway instance for the account; dry-run guard as the run says. The steps of a run share
 * one instance per account (and mode, key, base URL and ccxt options): building one costs CPU,
 * and 20 accounts contained at once would otherwise build one for every step of every account.
 * Proving a key dead never uses it (verify-dead.ts builds a fresh one for every probe).
 */
export async function openExchange(ctx: ActionContext, input: AccountInput, options: OpenOptions = {}): Promise<OpenedExchange> {
  const { loadAccount } = await import('../../exchange/credentials.js');
  const { checkExchangeId } = await import('../../exchange/gateway.js');
  await checkExchangeId(input.exchange);
  const stored = await loadAccount(ctx.kitHome, input.exchange, input.account);
  const baseUrl = stored.baseUrl ?? settingString(ctx, 'exchangeBaseUrl');
  const dryRun = options.dryRun ?? ctx.dryRun;
  const opened = { apiKey: stored.credentials.apiKey, baseUrl, sandbox: stored.sandbox };
  const open = (signal: SignalSource): Promise<ExchangeInstance> => connectAccount(ctx, input, stored, { baseUrl, dryRun, signal, ccxtOptions: options.ccxtOptions });
  // Shared only where each request can tell which step sent it (inside exchangeStep).
  if (!ctx.runScope || options.own || stepSignal() !== ctx.signal) return { exchange: await open(ctx.signal), ...opened };
  const { credentialsDigest } = await import('../../exchange/fingerprint.js');
  const key = JSON.stringify(['exchange', input.exchange, input.account, dryRun, credentialsDigest(stored.credentials), baseUrl ?? null, Boolean(stored.sandbox), options.ccxtOptions ?? null]);
  const exchange = await ctx.runScope.shared(key, () => open(stepSignal));
  // Every request in flight listens to the step's signal: a sweep of many symbols is not a leak.
  setMaxListeners(0, ctx.signal);
  return { exchange, ...opened };
}

async function connectAccount(ctx: ActionContext, input: AccountInput, stored: StoredAccount, how: { baseUrl?: string; dryRun: boolean; signal: SignalSource; ccxtOptions?: Record<string, unknown> }): Promise<ExchangeInstance> {
  const { connect } = await import('../../exchange/gateway.js');
  const exchange = await connect(input.exchange, input.account, stored.credentials, {
    baseUrl: how.baseUrl,
    sandbox: stored.sandbox,
    dryRun: how.dryRun,
    kitHome: ctx.kitHome,
    signal: how.signal,
    incidentId: ctx.incidentId,
    ccxtOptions: how.ccxtOptions,
  });
  // Every account of an incident shares this machine's per-IP limit at the exchange.
  const { installSharedIpLimit } = await import('../../exchange/shared-limit.js');
  installSharedIpLimit(exchange, how.baseUrl, how.signal);
  return exchange;
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
    // The requests it sends, also on an instance other steps share, answer to this step's signal.
    return await withStepSignal(ctx.signal, body);
  } catch (error) {
    const { toUserError } = await import('../../exchange/user-errors.js');
    const { credentialVariableNames } = await import('../../exchange/credentials.js');
    const baseUrl = process.env[credentialVariableNames(input.exchange, input.account).baseUrl[0]] ?? settingString(ctx, 'exchangeBaseUrl');
    throw toUserError(error, input.exchange, baseUrl);
  }
}

/**
 * Warm-up for every exchange and key action: loads the gateway (and with it ccxt, a large
 * module) while the run starts, so the first containment step does not wait for it.
 */
export async function warmExchangeLayer(): Promise<unknown> {
  return import('../../exchange/gateway.js');
}

/** The actions of a group, each with the exchange layer's warm-up. */
export function withExchangeWarmup(actions: readonly ActionDefinition[]): readonly ActionDefinition[] {
  return actions.map((action) => ({ ...action, warmup: warmExchangeLayer }));
}
