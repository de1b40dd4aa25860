// The simulator's own records, exchange-neutral. The dialects (binance/, bybit/) format them into
// each exchange's wire shapes. Ids are already in the owning exchange's format, because they are
// what ccxt returns as `id` and what the ground truth lists.
import type { ExchangeId, Permission, Venue } from '../scenario/schema.js';

export type { Venue };

/** Who caused a record: the scenario's baseline (owner, bot), the attacker, or a live API client. */
export type Actor = 'bot' | 'owner' | 'attacker' | 'client';

export interface SimAccount {
  name: string;
  exchange: ExchangeId;
  uid: number;
  email: string;
  /** Master account name for a sub-account. */
  parent?: string;
  /** Total holdings per asset (free = total - locked by open orders). */
  balances: Map<string, number>;
  /** Binance USDⓈ-M futures wallet per asset. */
  futuresBalances: Map<string, number>;
  createdAt: number;
}

export interface SimKey {
  /** Bybit's numeric key id / Binance's internal id. */
  id: string;
  name: string;
  exchange: ExchangeId;
  account: string;
  apiKey: string;
  secret: string;
  permissions: Set<Permission>;
  ips: string[];
  createdAt: number;
  revocable: boolean;
  leaked: boolean;
  deletedAt?: number;
}

export interface SimMarket {
  /** Unified: BTC/USDT. */
  unified: string;
  /** Exchange id: BTCUSDT (the same on Binance and Bybit spot). */
  symbol: string;
  base: string;
  quote: string;
  price: number;
  tickSize: number;
  stepSize: number;
  minNotional: number;
  volatility: number;
  illiquid: boolean;
  /** Seed for this market's price path. */
  pathSeed: number;
  /** Binance also lists a USDⓈ-M perpetual with the same exchange symbol. */
  futures: boolean;
}

export type OrderSide = 'BUY' | 'SELL';
export type OrderType = 'LIMIT' | 'MARKET' | 'LIMIT_MAKER';
export type OrderStatus = 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'REJECTED' | 'EXPIRED';

export interface SimOrder {
  id: string;
  exchange: ExchangeId;
  /** Spot, or Binance USDⓈ-M perpetual futures (their own ids, history and open orders). */
  venue: Venue;
  account: string;
  symbol: string;
  clientOrderId: string;
  side: OrderSide;
  type: OrderType;
  timeInForce: 'GTC' | 'IOC' | 'FOK';
  price: number;
  origQty: number;
  executedQty: number;
  cumQuote: number;
  status: OrderStatus;
  time: number;
  updateTime: number;
  actor: Actor;
  /** Bybit: a market buy whose qty was given in quote units. */
  quoteQty?: number;
}

export interface SimTrade {
  id: string;
  exchange: ExchangeId;
  venue: Venue;
  account: string;
  symbol: string;
  orderId: string;
  side: OrderSide;
  price: number;
  qty: number;
  quoteQty: number;
  commission: number;
  commissionAsset: string;
  feeRate: number;
  time: number;
  isMaker: boolean;
  /** Monotonic sequence across the exchange (Bybit `seq`; tie-breaker for equal times). */
  seq: number;
  actor: Actor;
}

export type TransferStatus = 'completed' | 'pending' | 'failed' | 'canceled' | 'rejected';

export interface SimTransfer {
  id: string;
  exchange: ExchangeId;
  account: string;
  kind: 'deposit' | 'withdrawal';
  coin: string;
  network: string;
  amount: number;
  fee: number;
  address: string;
  txId: string;
  status: TransferStatus;
  time: number;
  completeTime: number;
  actor: Actor;
}

/** What a drill scorer compares against; never served over an exchange route. */
export interface GroundTruth {
  scenario: string;
  /** Fingerprints (first 8 hex of sha256) and names of the leaked keys. */
  leakedKeys: Array<{ exchange: ExchangeId; account: string; name: string; fingerprint: string }>;
  attacker: {
    trades: Array<{ exchange: ExchangeId; account: string; symbol: string; id: string }>;
    orders: Array<{ exchange: ExchangeId; account: string; symbol: string; id: string }>;
    withdrawals: Array<{ exchange: ExchangeId; account: string; coin: string; id: string }>;
    /** Live attacker events that did not happen because the key no longer worked. */
    prevented: Array<{ exchange: ExchangeId; account: string; type: string; at: number; reason: string }>;
  };
  /** The earliest attacker activity (ms), or null when the scenario has none. */
  attackStartedAt: number | null;
}
