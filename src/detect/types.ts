// The activity bundle: the contract between the activity sweep (exchange.fetch-activity writes it),
// detection (kit analyze, activity.flag read it), the report and the drill scorer.
// Records are ccxt-unified (the shapes of ccxt's parsed output), trimmed to what detection needs;
// `info` (the raw exchange record) may be kept but is never required.

export interface BundleTrade {
  id: string;
  order?: string | null;
  /** Milliseconds since the epoch (UTC). */
  timestamp: number;
  datetime?: string;
  symbol: string;
  side: 'buy' | 'sell';
  type?: string | null;
  takerOrMaker?: 'taker' | 'maker' | null;
  price: number;
  amount: number;
  cost?: number | null;
  fee?: { cost?: number | null; currency?: string | null } | null;
  /** The client order id of the order this trade filled, when known. */
  clientOrderId?: string | null;
  info?: unknown;
}

export interface BundleOrder {
  id: string;
  clientOrderId?: string | null;
  timestamp: number;
  datetime?: string;
  symbol: string;
  side: 'buy' | 'sell';
  type: string;
  status?: string | null;
  price?: number | null;
  average?: number | null;
  amount: number;
  filled?: number | null;
  timeInForce?: string | null;
  info?: unknown;
}

export interface BundleTransfer {
  id: string;
  txid?: string | null;
  timestamp: number;
  datetime?: string;
  currency: string;
  amount: number;
  address?: string | null;
  tag?: string | null;
  network?: string | null;
  status?: string | null;
  type: 'deposit' | 'withdrawal';
  fee?: { cost?: number | null; currency?: string | null } | null;
  info?: unknown;
}

export interface BundleLedgerEntry {
  id: string;
  timestamp: number;
  currency: string;
  amount: number;
  direction?: 'in' | 'out' | null;
  type?: string | null;
  info?: unknown;
}

/** OHLCV candles per symbol: [timestamp ms, open, high, low, close, volume]. */
export type Candle = [number, number, number, number, number, number];

export interface BundleConfig {
  /** Client-order-id prefixes the operator's own software uses (e.g. `gridbot-`). */
  clientOrderIdPrefixes?: string[];
  /** Withdrawal addresses the operator has approved. */
  allowlistedAddresses?: string[];
  /** Symbols the operator trades or has just configured (a first trade there is expected). */
  operatorSymbols?: string[];
  /** Order types the operator normally uses, e.g. ["limit"]. */
  usualOrderTypes?: string[];
  /** UTC hours (0-23) in which the operator normally trades by hand. */
  usualHoursUtc?: number[];
  /** Detection thresholds to override (see DEFAULT_THRESHOLDS in src/detect/thresholds.ts). */
  thresholds?: Partial<DetectionThresholds>;
}

/** The numbers the rules compare against; every one can be overridden in BundleConfig.thresholds. */
export interface DetectionThresholds {
  /** A market whose 24h quote volume (in the reference quote, e.g. USD) is below this is illiquid. */
  illiquidQuoteVolume: number;
  /** Off-price tolerance for majors and for every other asset (0.10 = 10%). */
  priceDeviationMajor: number;
  priceDeviationAlt: number;
  /** Base assets treated as majors for the price tolerance. */
  majors: string[];
  /** A fill inside the minute's range is "the market moved" unless the account made at least this share of the volume. */
  marketMoveOwnVolumeShare: number;
  /** Bursts: fills or orders on one symbol in one minute / one hour, or this multiple of the baseline's busiest. */
  burstPerMinute: number;
  burstPerHour: number;
  burstBaselineMultiple: number;
  /** Same-millisecond fills: a group this large is a rush; this many rush groups make a finding. */
  rushGroupSize: number;
  rushMinGroups: number;
  /** Liquidate-then-concentrate: window (minutes), assets sold into one quote, share of proceeds into one asset. */
  concentrateWindowMinutes: number;
  concentrateMinAssetsSold: number;
  concentrateMinShare: number;
  /** An order type or taker share below this share of the baseline is unusual for the account. */
  styleMaxBaselineShare: number;
  /** Fewer baseline orders (or trades) than this: the account's style and hours are not judged. */
  minBaselineRecords: number;
  /** An hour of day with less than this share of the baseline activity is unusual. */
  unusualHourShare: number;
  /** No activity for this many days before new activity: the key was dormant. */
  dormantDays: number;
  /** A withdrawal this soon after anomalous trades is worse. */
  withdrawalAfterAnomalyMinutes: number;
  /** A withdrawal of at least this share of the account's holding of the currency is "near the full balance". */
  withdrawalFullBalanceShare: number;
  /** Value lost through trades alone, as a share of the account's value, that counts as drained. */
  drainShare: number;
  /** Quiet gap (hours) after which suspicious activity that resumes is a recurrence. */
  quietGapHours: number;
}

export interface ActivityBundle {
  /** Format version; readers reject newer major versions with a clear error. */
  format: 'kit-activity-bundle';
  version: 1;
  exchange: string;
  account: string;
  /** When the bundle was written (ISO 8601). */
  generatedAt: string;
  /** The window under investigation: `since` = when the trouble may have started. */
  window: { since: number; until: number };
  /** The baseline period before the window (the account's normal behaviour). */
  baseline: { since: number; until: number };
  trades: BundleTrade[];
  orders: BundleOrder[];
  deposits: BundleTransfer[];
  withdrawals: BundleTransfer[];
  ledger?: BundleLedgerEntry[];
  /** Balances at the time of the sweep: currency -> total. */
  balances?: Record<string, number>;
  /** Reference prices: symbol -> 1m (or coarser) candles covering the window. */
  ohlcv?: Record<string, Candle[]>;
  /** Price of each asset in a common quote (e.g. USDT), for valuing balances. */
  referencePrices?: Record<string, number>;
  config?: BundleConfig;
  /** The exchange's unified symbols, when the sweep knows them: a record on any other symbol is rejected. */
  markets?: string[];
  /** What the sweep could not fetch (symbol, reason); the report shows it. */
  gaps?: Array<{ what: string; reason: string }>;
}

export type Severity = 'low' | 'medium' | 'high' | 'critical';
export type ActivityLabel = 'attacker-likely' | 'suspicious' | 'normal';

export interface Finding {
  /** Rule id, e.g. `new-market`, `off-price-fill`, `withdrawal-new-address`. */
  rule: string;
  severity: Severity;
  /** 0..1 */
  score: number;
  /** Ids of the trades, orders and withdrawals this finding covers. */
  tradeIds: string[];
  orderIds: string[];
  withdrawalIds: string[];
  /** One sentence a person understands. */
  sentence: string;
  /** A signal family; the verdict needs at least two independent families. */
  signal: string;
  /** Window of the activity covered (ms). */
  from?: number;
  to?: number;
}

export interface Verdict {
  compromised: boolean;
  /** 'compromise-suspected' | 'suspicious' | 'clean' */
  level: 'compromise-suspected' | 'suspicious' | 'clean';
  /** Independent signal families that fired. */
  signals: string[];
  summary: string;
}

export interface AnalysisResult {
  format: 'kit-findings';
  version: 1;
  exchange: string;
  account: string;
  window: { since: number; until: number };
  verdict: Verdict;
  findings: Finding[];
  labels: {
    trades: Record<string, ActivityLabel>;
    orders: Record<string, ActivityLabel>;
    withdrawals: Record<string, ActivityLabel>;
  };
  counts: { trades: number; orders: number; withdrawals: number; flaggedTrades: number; flaggedOrders: number; flaggedWithdrawals: number };
  /** What could not be checked (e.g. no reference prices for a symbol), so a reader knows the limits. */
  notes?: string[];
}
