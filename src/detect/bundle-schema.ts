// zod schemas of the activity bundle (see ./types.ts). Records are loose objects: ccxt adds
// keys (fees, info, lastUpdateTimestamp, ...) that detection ignores, and they may stay. The
// document and its config are strict, so a misspelt key in a hand-written bundle is reported
// instead of silently switching a rule off.
import { z } from 'zod';

const nullableString = z.string().nullish();
const nullableNumber = z.number().nullish();
const fee = z.looseObject({ cost: nullableNumber, currency: nullableString }).nullish();
const id = z.string().min(1);
// Units are checked separately (seconds vs milliseconds), with a message naming the record.
const timestamp = z.number();

export const tradeSchema = z.looseObject({
  id,
  order: nullableString,
  timestamp,
  datetime: nullableString,
  symbol: z.string().min(1),
  side: z.enum(['buy', 'sell']),
  type: nullableString,
  takerOrMaker: z.enum(['taker', 'maker']).nullish(),
  price: z.number().positive(),
  amount: z.number().nonnegative(),
  cost: nullableNumber,
  fee,
  clientOrderId: nullableString,
});

export const orderSchema = z.looseObject({
  id,
  clientOrderId: nullableString,
  timestamp,
  datetime: nullableString,
  symbol: z.string().min(1),
  side: z.enum(['buy', 'sell']),
  type: z.string().min(1),
  status: nullableString,
  price: nullableNumber,
  average: nullableNumber,
  amount: z.number().nonnegative(),
  filled: nullableNumber,
  timeInForce: nullableString,
});

export const transferSchema = z.looseObject({
  id,
  txid: nullableString,
  timestamp,
  datetime: nullableString,
  currency: z.string().min(1),
  amount: z.number().nonnegative(),
  address: nullableString,
  tag: nullableString,
  network: nullableString,
  status: nullableString,
  type: z.enum(['deposit', 'withdrawal']),
  fee,
});

export const ledgerSchema = z.looseObject({
  id,
  timestamp,
  currency: z.string().min(1),
  amount: z.number(),
  direction: z.enum(['in', 'out']).nullish(),
  type: nullableString,
});

/** [timestamp ms, open, high, low, close, volume]; ccxt may give a null volume. Extra columns are tolerated. */
export const candleSchema = z.array(z.number().nullable()).min(6);

export const thresholdsSchema = z
  .strictObject({
    illiquidQuoteVolume: z.number().nonnegative(),
    priceDeviationMajor: z.number().positive(),
    priceDeviationAlt: z.number().positive(),
    majors: z.array(z.string().min(1)),
    marketMoveOwnVolumeShare: z.number().min(0).max(1),
    burstPerMinute: z.number().int().positive(),
    burstPerHour: z.number().int().positive(),
    burstBaselineMultiple: z.number().positive(),
    rushGroupSize: z.number().int().min(2),
    rushMinGroups: z.number().int().positive(),
    concentrateWindowMinutes: z.number().positive(),
    concentrateMinAssetsSold: z.number().int().min(2),
    concentrateMinShare: z.number().min(0).max(1),
    styleMaxBaselineShare: z.number().min(0).max(1),
    minBaselineRecords: z.number().int().nonnegative(),
    unusualHourShare: z.number().min(0).max(1),
    dormantDays: z.number().positive(),
    withdrawalAfterAnomalyMinutes: z.number().nonnegative(),
    withdrawalFullBalanceShare: z.number().min(0).max(1),
    drainShare: z.number().min(0).max(1),
    quietGapHours: z.number().positive(),
  })
  .partial();

export const configSchema = z.strictObject({
  clientOrderIdPrefixes: z.array(z.string().min(1)).optional(),
  allowlistedAddresses: z.array(z.string().min(1)).optional(),
  operatorSymbols: z.array(z.string().min(1)).optional(),
  usualOrderTypes: z.array(z.string().min(1)).optional(),
  usualHoursUtc: z.array(z.number().int().min(0).max(23)).optional(),
  thresholds: thresholdsSchema.optional(),
});

const span = z.strictObject({ since: timestamp, until: timestamp });

/** The document without its records; the record lists are validated one record at a time. */
export const headerSchema = z.strictObject({
  format: z.literal('kit-activity-bundle'),
  version: z.literal(1),
  exchange: z.string().min(1),
  account: z.string().min(1),
  generatedAt: z.string().optional(),
  window: span,
  baseline: span,
  trades: z.array(z.unknown()).optional(),
  orders: z.array(z.unknown()).optional(),
  deposits: z.array(z.unknown()).optional(),
  withdrawals: z.array(z.unknown()).optional(),
  ledger: z.array(z.unknown()).optional(),
  balances: z.record(z.string(), z.number()).optional(),
  ohlcv: z.record(z.string(), z.array(z.unknown())).optional(),
  referencePrices: z.record(z.string(), z.number().nonnegative()).optional(),
  config: configSchema.optional(),
  markets: z.array(z.string().min(1)).optional(),
  gaps: z.array(z.looseObject({ what: z.string(), reason: z.string() })).optional(),
});
