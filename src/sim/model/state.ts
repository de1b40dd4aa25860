// The simulated world: accounts, keys, markets, orders, trades, transfers, indexed for the
// queries the dialects serve. Records are kept per venue (spot, USDⓈ-M futures), account and
// symbol, sorted by time, so window and page queries are binary searches even for the large
// benchmark scenario. Every record accessor answers spot unless asked for 'usdm'.
import { createHash } from 'node:crypto';
import type { ExchangeId } from '../scenario/schema.js';
import type { Scenario } from '../scenario/schema.js';
import type { IdAllocator } from './ids.js';
import { PricePaths } from './price.js';
import type { SimAccount, SimKey, SimMarket, SimOrder, SimTrade, SimTransfer, Venue } from './types.js';

/** First 8 hex characters of sha256(apiKey): how logs and the ground truth name a key. */
export function keyFingerprint(apiKey: string): string {
  return createHash('sha256').update(apiKey).digest('hex').slice(0, 8);
}

export interface Balance {
  free: number;
  locked: number;
  total: number;
}

/** Index of the first element whose key is >= value (array sorted ascending by key). */
export function lowerBound<T>(items: readonly T[], value: number, key: (item: T) => number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(items[mid]) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insertByTime<T extends { time: number }>(items: T[], item: T): void {
  if (items.length === 0 || items[items.length - 1].time <= item.time) {
    items.push(item);
    return;
  }
  items.splice(lowerBound(items, item.time + 1, (x) => x.time), 0, item);
}

function nested<V>(map: Map<string, Map<string, V[]>>, a: string, b: string): V[] {
  let inner = map.get(a);
  if (!inner) map.set(a, (inner = new Map()));
  let list = inner.get(b);
  if (!list) inner.set(b, (list = []));
  return list;
}

export class SimState {
  readonly accounts = new Map<string, SimAccount>();
  readonly keys: SimKey[] = [];
  /** By exchange symbol (BTCUSDT). */
  readonly markets = new Map<string, SimMarket>();
  readonly prices: PricePaths;
  private readonly orders: Record<Venue, Map<string, Map<string, SimOrder[]>>> = { spot: new Map(), usdm: new Map() };
  private readonly trades: Record<Venue, Map<string, Map<string, SimTrade[]>>> = { spot: new Map(), usdm: new Map() };
  private readonly transfers = new Map<string, SimTransfer[]>();
  private readonly open = new Map<string, Set<SimOrder>>();
  private readonly keyIndex = new Map<string, SimKey>();
  private seqCounter = 1_000_000;
  /** Records created before finalize() wait here for ids in time order. */
  private drafts: { orders: SimOrder[]; trades: Array<{ trade: SimTrade; order: SimOrder }>; transfers: SimTransfer[] } | undefined = { orders: [], trades: [], transfers: [] };

  /** `usdm`: Binance USDⓈ-M futures ids, counted apart from spot's. */
  constructor(readonly scenario: Scenario, readonly anchor: number, readonly ids: Record<ExchangeId | 'usdm', IdAllocator>) {
    this.prices = new PricePaths(anchor);
  }

  // ---- keys and accounts ----------------------------------------------------------------

  addKey(key: SimKey): void {
    this.keys.push(key);
    this.keyIndex.set(`${key.exchange}:${key.apiKey}`, key);
  }

  /** A live (not deleted) key of that exchange. */
  liveKey(exchange: ExchangeId, apiKey: string): SimKey | undefined {
    const key = this.keyIndex.get(`${exchange}:${apiKey}`);
    return key && key.deletedAt === undefined ? key : undefined;
  }

  /** Any key by its apiKey, deleted ones included (admin use). */
  anyKey(apiKey: string): SimKey | undefined {
    return this.keys.find((k) => k.apiKey === apiKey);
  }

  account(name: string): SimAccount {
    const account = this.accounts.get(name);
    if (!account) throw new Error(`no account ${name}`);
    return account;
  }

  subAccounts(master: string): SimAccount[] {
    return [...this.accounts.values()].filter((a) => a.parent === master);
  }

  nextSeq(): number {
    return ++this.seqCounter;
  }

  // ---- records --------------------------------------------------------------------------

  get finalized(): boolean {
    return this.drafts === undefined;
  }

  private idsOf(record: SimOrder | SimTrade): IdAllocator {
    return record.venue === 'usdm' ? this.ids.usdm : this.ids[record.exchange];
  }

  addOrder(order: SimOrder): void {
    if (this.drafts) this.drafts.orders.push(order);
    else if (order.id === '') order.id = this.idsOf(order).orderId(order.symbol);
    insertByTime(nested(this.orders[order.venue], order.account, order.symbol), order);
    this.trackOpen(order);
  }

  addTrade(trade: SimTrade, order: SimOrder): void {
    if (this.drafts) this.drafts.trades.push({ trade, order });
    else {
      if (trade.id === '') trade.id = this.idsOf(trade).tradeId(trade.symbol);
      trade.orderId = order.id;
    }
    insertByTime(nested(this.trades[trade.venue], trade.account, trade.symbol), trade);
  }

  addTransfer(transfer: SimTransfer): void {
    if (this.drafts) this.drafts.transfers.push(transfer);
    else this.assignTransferIds(transfer);
    let list = this.transfers.get(transfer.account);
    if (!list) this.transfers.set(transfer.account, (list = []));
    insertByTime(list, transfer);
  }

  private assignTransferIds(transfer: SimTransfer): void {
    const ids = this.ids[transfer.exchange];
    if (transfer.id === '') transfer.id = transfer.kind === 'withdrawal' ? ids.withdrawalId() : ids.depositId();
    if (transfer.txId === '' && transfer.status === 'completed') transfer.txId = ids.txId(transfer.coin);
  }

  /** Assigns ids to everything generated so far, in time order (exchange ids grow with time). */
  finalize(): void {
    const drafts = this.drafts;
    if (!drafts) return;
    this.drafts = undefined;
    const byTime = <T extends { time: number; seq?: number }>(a: T, b: T): number => a.time - b.time || (a.seq ?? 0) - (b.seq ?? 0);
    for (const order of [...drafts.orders].sort(byTime)) order.id = this.idsOf(order).orderId(order.symbol);
    drafts.trades.sort((a, b) => byTime(a.trade, b.trade));
    for (const { trade, order } of drafts.trades) {
      trade.id = this.idsOf(trade).tradeId(trade.symbol);
      trade.orderId = order.id;
    }
    for (const transfer of [...drafts.transfers].sort(byTime)) this.assignTransferIds(transfer);
  }

  /** Re-evaluates whether an order is open (after a status change). */
  trackOpen(order: SimOrder): void {
    let set = this.open.get(order.account);
    if (!set) this.open.set(order.account, (set = new Set()));
    if (order.status === 'NEW' || order.status === 'PARTIALLY_FILLED') set.add(order);
    else set.delete(order);
  }

  ordersOf(account: string, symbol: string, venue: Venue = 'spot'): readonly SimOrder[] {
    return this.orders[venue].get(account)?.get(symbol) ?? [];
  }

  tradesOf(account: string, symbol: string, venue: Venue = 'spot'): readonly SimTrade[] {
    return this.trades[venue].get(account)?.get(symbol) ?? [];
  }

  /** Symbols the account has orders in (for symbol-less queries). */
  orderSymbols(account: string, venue: Venue = 'spot'): string[] {
    return [...(this.orders[venue].get(account)?.keys() ?? [])];
  }

  tradeSymbols(account: string, venue: Venue = 'spot'): string[] {
    return [...(this.trades[venue].get(account)?.keys() ?? [])];
  }

  transfersOf(account: string, kind: 'deposit' | 'withdrawal'): SimTransfer[] {
    return (this.transfers.get(account) ?? []).filter((t) => t.kind === kind);
  }

  openOrders(account: string, symbol?: string, venue: Venue = 'spot'): SimOrder[] {
    const list = [...(this.open.get(account) ?? [])].filter((o) => o.venue === venue && (symbol === undefined || o.symbol === symbol));
    return list.sort((a, b) => a.time - b.time || a.id.localeCompare(b.id));
  }

  findOrder(account: string, symbol: string, by: { id?: string; clientOrderId?: string }, venue: Venue = 'spot'): SimOrder | undefined {
    const list = this.ordersOf(account, symbol, venue);
    for (let i = list.length - 1; i >= 0; i--) {
      const o = list[i];
      if (by.id !== undefined && o.id === by.id) return o;
      if (by.id === undefined && by.clientOrderId !== undefined && o.clientOrderId === by.clientOrderId) return o;
    }
    return undefined;
  }

  /** Every order of an exchange account, any symbol (Bybit lookups by id). */
  findOrderAnySymbol(account: string, id: string): SimOrder | undefined {
    for (const symbol of this.orderSymbols(account)) {
      const found = this.findOrder(account, symbol, { id });
      if (found) return found;
    }
    return undefined;
  }

  // ---- balances -------------------------------------------------------------------------

  balance(accountName: string, asset: string): Balance {
    const account = this.account(accountName);
    const total = account.balances.get(asset) ?? 0;
    let locked = 0;
    for (const o of this.open.get(accountName) ?? []) {
      const market = this.markets.get(o.symbol);
      // Futures orders hold margin in the futures wallet, never spot balances.
      if (!market || o.venue !== 'spot') continue;
      const remaining = o.origQty - o.executedQty;
      if (o.side === 'BUY' && market.quote === asset) locked += remaining * o.price;
      if (o.side === 'SELL' && market.base === asset) locked += remaining;
    }
    locked = Math.min(locked, total);
    return { free: Math.max(0, total - locked), locked, total };
  }

  assets(accountName: string): string[] {
    return [...this.account(accountName).balances.keys()].sort();
  }

  adjustBalance(accountName: string, asset: string, delta: number): void {
    const balances = this.account(accountName).balances;
    const next = (balances.get(asset) ?? 0) + delta;
    balances.set(asset, Math.abs(next) < 1e-12 ? 0 : next);
  }
}
