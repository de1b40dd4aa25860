// The scenario format, version 1: what the simulated exchange is seeded with. Unknown keys are
// rejected everywhere (strict objects), so a misspelt field is a located error, not a silent default.
//
// Times: every `at`/`created` is a signed duration relative to the scenario's "now" (the anchor,
// taken when the simulator starts, floored to the minute): `-3h` is three hours before it,
// `+30s` thirty seconds after start (a live event: it happens while the drill runs, and only if
// the key it uses still works then). History spans [now - historyDays, now].
import { z } from 'zod';
import { SIGNED_DURATION_PATTERN } from '../util/duration.js';

export const exchangeId = z.enum(['binance', 'bybit']);
export type ExchangeId = z.infer<typeof exchangeId>;

const signedDuration = z.string().regex(SIGNED_DURATION_PATTERN, 'expected a duration relative to now such as -3h, -90d or +30s');
const positiveDuration = z.string().regex(/^(\d+(\.\d+)?(ms|s|m|h|d|w))+$/, 'expected a duration such as 500ms, 30s, 1m or 2h');
const name = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'expected a lower-case name such as main or bot-sub (letters, digits, - and _)');
/** `BTC/USDT`: the unified symbol; the sim serves it as BTCUSDT on both exchanges. */
const symbol = z.string().regex(/^[A-Z0-9]{2,12}\/[A-Z0-9]{2,12}$/, 'expected a symbol such as BTC/USDT (upper-case BASE/QUOTE)');
const asset = z.string().regex(/^[A-Z0-9]{2,12}$/, 'expected an upper-case asset such as BTC or USDT');

/**
 * Exchange-neutral permissions. Binance: read -> enableReading, trade -> enableSpotAndMarginTrading,
 * withdraw -> enableWithdrawals, transfer -> enableInternalTransfer + permitsUniversalTransfer,
 * futures -> enableFutures, margin -> enableMargin.
 * Bybit: trade -> Spot:[SpotTrade], withdraw -> Wallet:[Withdraw], transfer -> Wallet:[AccountTransfer],
 * subaccount-transfer -> Wallet:[SubMemberTransfer], futures -> ContractTrade:[Order, Position] +
 * Derivatives:[DerivativesTrade]; margin has no flag of its own on Bybit (UTA margin is spot
 * trading); a key with only `read` is readOnly: 1.
 * On Binance, `futures` also opens the simulated USDⓈ-M perpetuals (/fapi): a key without it is
 * refused there with -2015. Margin changes what a key says it may do, not what it can trade here.
 */
export const permission = z.enum(['read', 'trade', 'withdraw', 'transfer', 'subaccount-transfer', 'futures', 'margin']);
export type Permission = z.infer<typeof permission>;

export const keySpec = z.strictObject({
  /** Label (Binance apiName / Bybit note). */
  name,
  /** Omitted: generated from the seed (64 chars on Binance, 18 on Bybit). */
  apiKey: z.string().regex(/^[A-Za-z0-9]{12,128}$/, 'expected 12-128 letters and digits').optional(),
  secret: z.string().regex(/^[A-Za-z0-9]{16,128}$/, 'expected 16-128 letters and digits').optional(),
  permissions: z.array(permission).min(1, 'a key needs at least the read permission').default(['read']),
  /** Trusted IPs; empty = unrestricted. The simulator sees its clients as 127.0.0.1. */
  ips: z.array(z.string().min(1)).default([]),
  created: signedDuration.default('-120d'),
  /** false: the exchange refuses to revoke or restrict this key through the API (the web page still can). */
  revocable: z.boolean().default(true),
  /** Marks the key the drill treats as leaked (informational; ground truth lists it). */
  leaked: z.boolean().default(false),
});
export type KeySpec = z.infer<typeof keySpec>;

const balances = z.record(asset, z.number().nonnegative());
/**
 * The Binance USDⓈ-M futures wallet (e.g. { USDT: 5000 }) at "now", as fetchBalance({ type: 'future' })
 * reports it; futures fills do not move it (like `balances`). The Bybit dialect ignores it.
 */
const futuresBalances = balances.default({});

export const subAccountSpec = z.strictObject({
  name,
  /** Binance identifies sub-accounts by e-mail; generated from the name when omitted. */
  email: z.string().regex(/^[^\s@]+@[^\s@]+$/, 'expected an e-mail address').optional(),
  uid: z.number().int().positive().optional(),
  balances: balances.default({}),
  futuresBalances,
  keys: z.array(keySpec).default([]),
});
export type SubAccountSpec = z.infer<typeof subAccountSpec>;

export const accountSpec = z.strictObject({
  name,
  exchange: exchangeId,
  uid: z.number().int().positive().optional(),
  email: z.string().regex(/^[^\s@]+@[^\s@]+$/, 'expected an e-mail address').optional(),
  /** Holdings at "now" before any seeded attacker event changes them. */
  balances: balances.default({}),
  futuresBalances,
  keys: z.array(keySpec).default([]),
  subAccounts: z.array(subAccountSpec).default([]),
});
export type AccountSpec = z.infer<typeof accountSpec>;

export const marketSpec = z.strictObject({
  symbol,
  /** Reference price in quote units at "now". */
  price: z.number().positive(),
  tickSize: z.number().positive().optional(),
  stepSize: z.number().positive().optional(),
  minNotional: z.number().nonnegative().optional(),
  /** Daily volatility of the generated price path (0.03 = 3 %). */
  volatility: z.number().min(0).max(1).default(0.03),
  /** An illiquid coin: attackers pump these. */
  illiquid: z.boolean().default(false),
  /**
   * The market also has a USDⓈ-M perpetual on Binance with the same exchange symbol (BTCUSDT), which
   * ccxt loads as BTC/USDT:USDT. USDT-quoted markets only. The Bybit dialect ignores it (spot only).
   */
  futures: z.boolean().default(false),
});
export type MarketSpec = z.infer<typeof marketSpec>;

/** Generated markets for large scenarios: ALT1/USDT ... ALTn/USDT with seeded prices. */
export const generatedMarketsSpec = z.strictObject({
  count: z.number().int().min(1).max(2000),
  quote: asset.default('USDT'),
  prefix: z.string().regex(/^[A-Z]{1,6}$/).default('ALT'),
  /** The first N generated markets also have Binance USDⓈ-M perpetuals (quote USDT only; N <= count). */
  futures: z.number().int().min(0).default(0),
});

/**
 * Where baseline records live: `spot`, or `usdm` for Binance USDⓈ-M perpetual futures (orders and
 * fills on the perpetuals of markets with `futures: true`; they never move spot balances).
 */
export const venue = z.enum(['spot', 'usdm']);
export type Venue = z.infer<typeof venue>;

export const gridBotSpec = z.strictObject({
  account: name,
  /** Client order ids start with this (the operator's software). */
  clientOrderIdPrefix: z.string().min(1).max(20).default('gridbot-'),
  symbols: z.array(symbol).min(1),
  /** Filled grid orders per symbol per day (each fill is one trade). */
  fillsPerDay: z.number().min(0).max(500).default(6),
  /** Share of placed grid orders that are later cancelled instead of filled. */
  cancelShare: z.number().min(0).max(0.9).default(0.3),
  /** Resting grid orders per symbol at "now" (the open orders a drill must cancel). */
  openOrdersPerSymbol: z.number().int().min(0).max(50).default(2),
  /** Order size in quote units. */
  orderValue: z.number().positive().default(50),
  /** `usdm`: the bot trades the perpetuals and leaves open futures orders. */
  venue: venue.default('spot'),
});

export const manualTradingSpec = z.strictObject({
  account: name,
  symbols: z.array(symbol).min(1),
  tradesPerWeek: z.number().min(0).max(1000).default(2),
  /** UTC hours in which the owner trades by hand, [from, to). */
  hours: z.tuple([z.number().int().min(0).max(23), z.number().int().min(1).max(24)]).default([8, 22]),
  orderValue: z.number().positive().default(200),
});

export const transfersSpec = z.strictObject({
  account: name,
  deposits: z.array(z.strictObject({ at: signedDuration, coin: asset, amount: z.number().positive(), network: z.string().optional() })).default([]),
  withdrawals: z.array(z.strictObject({
    at: signedDuration, coin: asset, amount: z.number().positive(), network: z.string().optional(),
    address: z.string().min(4), status: z.enum(['completed', 'pending', 'failed', 'canceled', 'rejected']).default('completed'),
  })).default([]),
});

/** Bulk history for benchmarks: `trades` fills spread over the given markets and the history span. */
export const bulkTradingSpec = z.strictObject({
  account: name,
  trades: z.number().int().min(1).max(1_000_000),
  /** 'all' or a list of symbols. */
  symbols: z.union([z.literal('all'), z.array(symbol).min(1)]).default('all'),
  clientOrderIdPrefix: z.string().min(1).max(20).default('bulk-'),
  /** `usdm`: futures fills; `symbols: all` then means every perpetual. */
  venue: venue.default('spot'),
});

export const baselineSpec = z.strictObject({
  gridBots: z.array(gridBotSpec).default([]),
  manual: z.array(manualTradingSpec).default([]),
  transfers: z.array(transfersSpec).default([]),
  bulk: z.array(bulkTradingSpec).default([]),
});

/** Attacker activity. `key` names the key the attacker uses (live events need it still to work). */
const attackBase = { account: name, at: signedDuration, key: name.optional() };

export const attackEventSpec = z.discriminatedUnion('type', [
  z.strictObject({
    ...attackBase,
    type: z.literal('market-sell'),
    /** Assets sold at market, each in full, into `into` (e.g. alts into BTC). */
    assets: z.array(asset).min(1),
    into: asset,
    /** Seconds between consecutive sells. */
    spacingSeconds: z.number().min(0).default(3),
  }),
  z.strictObject({
    ...attackBase,
    type: z.literal('pump-buy'),
    symbol,
    /** Share of the quote balance spent, 0-1. */
    spendShare: z.number().min(0).max(1).default(1),
    orders: z.number().int().min(1).max(500).default(12),
    /** The price climbs from 1x to this multiple of the market price over `duration`. */
    peakMultiplier: z.number().min(1).default(100),
    duration: positiveDuration.default('2m'),
  }),
  z.strictObject({
    ...attackBase,
    type: z.literal('order'),
    symbol,
    side: z.enum(['buy', 'sell']),
    orderType: z.enum(['limit', 'market']).default('limit'),
    amount: z.number().positive(),
    /** Limit price, or the fill price of a market order (default: the market price then). */
    price: z.number().positive().optional(),
    /** For limit orders: filled (a trade), open (resting) or canceled. */
    outcome: z.enum(['filled', 'open', 'canceled']).default('filled'),
  }),
  z.strictObject({
    ...attackBase,
    type: z.literal('withdrawal'),
    coin: asset,
    /** Omitted: the whole free balance of `coin` at that time. */
    amount: z.number().positive().optional(),
    address: z.string().min(4),
    network: z.string().optional(),
    status: z.enum(['completed', 'pending', 'failed', 'canceled', 'rejected']).default('pending'),
  }),
]);
export type AttackEventSpec = z.infer<typeof attackEventSpec>;

export const latencySpec = z.strictObject({
  fixed: positiveDuration.default('0ms'),
  jitter: positiveDuration.default('0ms'),
});

export const faultsSpec = z.strictObject({
  /** Share of exchange requests answered 5xx. */
  serverErrorShare: z.number().min(0).max(1).default(0),
  /** Share of connections destroyed without an answer. */
  dropShare: z.number().min(0).max(1).default(0),
  /** Share of requests never answered (slower than any client timeout). */
  hangShare: z.number().min(0).max(1).default(0),
  /** Windows in which every exchange request is refused with the exchange's rate-limit answer. */
  rateLimitBursts: z.array(z.strictObject({ at: signedDuration, duration: positiveDuration })).default([]),
  /** The server's clock runs this far ahead (positive) or behind (negative) the real clock. */
  clockOffset: z.string().regex(SIGNED_DURATION_PATTERN, 'expected a signed duration such as +2s or -1500ms').default('0ms'),
});

export const rateLimitsSpec = z.strictObject({
  /** Length of a rate-limit "minute": shrink it for time-scaled benchmarks. Binance windows and bans scale with it. */
  minute: positiveDuration.default('1m'),
  binance: z.strictObject({
    requestWeightPerMinute: z.number().int().positive().default(6000),
    /** The /fapi (USDⓈ-M futures) REQUEST_WEIGHT pool per IP, separate from /api's. */
    fapiRequestWeightPerMinute: z.number().int().positive().default(2400),
    sapiIpWeightPerMinute: z.number().int().positive().default(12000),
    sapiUidWeightPerMinute: z.number().int().positive().default(180000),
    ordersPer10Seconds: z.number().int().positive().default(100),
    /** 429 answers in one window after which the IP is banned (418). */
    banAfter429s: z.number().int().positive().default(5),
    banMinutes: z.number().positive().default(2),
  }).prefault({}),
  bybit: z.strictObject({
    /** Per IP per 5 s (scaled like the minute); breach -> HTTP 403 "access too frequent". */
    ipRequestsPer5Seconds: z.number().int().positive().default(600),
    /** Multiplies every documented per-endpoint per-second limit. */
    endpointLimitFactor: z.number().positive().default(1),
  }).prefault({}),
});

/** How `kit drill` runs and scores this scenario (never served over an exchange route). */
export const drillSpec = z.strictObject({
  /** Pass thresholds; flags override them. */
  thresholds: z.strictObject({
    containSeconds: z.number().positive().optional(),
    precision: z.number().min(0).max(1).optional(),
    recall: z.number().min(0).max(1).optional(),
    evidence: z.number().min(0).max(1).optional(),
  }).prefault({}),
  /** Whether the simulator plays the operator in manual steps (delete a key on the web page, create a new one). */
  operator: z.boolean().default(true),
  /** How far back the drill tells the runbook the trouble started (default 72h). */
  since: positiveDuration.optional(),
  /** How long the runbook keeps proving each old key dead (its `verify-deadline` input), when set. */
  verifyDeadline: positiveDuration.optional(),
  /** The drill is expected to fail (a scenario whose key cannot be revoked); documented, not enforced. */
  expectFailure: z.boolean().default(false),
});
export type DrillSpec = z.infer<typeof drillSpec>;

export const scenarioSpec = z.strictObject({
  version: z.literal(1, { error: 'expected version: 1 (the only scenario format version)' }),
  name: z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected a lower-case name such as quiet'),
  description: z.string().optional(),
  seed: z.union([z.number().int(), z.string().min(1)]),
  historyDays: z.number().int().min(1).max(730).default(90),
  accounts: z.array(accountSpec).min(1, 'a scenario needs at least one account'),
  markets: z.array(marketSpec).default([]),
  generatedMarkets: generatedMarketsSpec.optional(),
  baseline: baselineSpec.prefault({}),
  attacks: z.array(attackEventSpec).default([]),
  latency: latencySpec.prefault({}),
  faults: faultsSpec.prefault({}),
  rateLimits: rateLimitsSpec.prefault({}),
  drill: drillSpec.prefault({}),
});
export type ScenarioSpec = z.infer<typeof scenarioSpec>;
export type ScenarioInput = z.input<typeof scenarioSpec>;

/** A validated scenario plus where it came from. */
export interface Scenario extends ScenarioSpec {
  /** The file it was read from, or `<inline>`. */
  source: string;
}
