// Builds one account's activity record by record, in the shapes ccxt returns (after the real
// Binance records in test/fixtures/detect/ccxt: numeric string ids, fees in the quote asset),
// and remembers which records the attacker made: the ground truth.
import { marketParts } from '../detect/symbols.js';
import type { BundleOrder, BundleTrade, BundleTransfer } from '../detect/types.js';

export interface Fill {
  price: number;
  amount: number;
  /** Milliseconds after the order; fills of one sweep share a millisecond. */
  delay?: number;
}

export interface OrderSpec {
  symbol: string;
  side: 'buy' | 'sell';
  ts: number;
  type: 'limit' | 'market';
  clientOrderId: string;
  fills: Fill[];
  takerOrMaker: 'taker' | 'maker';
  attacker?: boolean;
}

export interface GroundTruth {
  tradeIds: string[];
  orderIds: string[];
  withdrawalIds: string[];
}

export class AccountBuilder {
  readonly trades: BundleTrade[] = [];
  readonly orders: BundleOrder[] = [];
  readonly withdrawals: BundleTransfer[] = [];
  readonly deposits: BundleTransfer[] = [];
  readonly truth: GroundTruth = { tradeIds: [], orderIds: [], withdrawalIds: [] };
  private nextTrade = 309520010;
  private nextOrder = 3784695242;
  private nextTransfer = 1;

  order(spec: OrderSpec): BundleOrder {
    const id = String(this.nextOrder++);
    const { quote } = marketParts(spec.symbol);
    let filled = 0;
    let cost = 0;
    for (const f of spec.fills) {
      const tradeId = String(this.nextTrade++);
      const ts = spec.ts + (f.delay ?? 7);
      const fillCost = f.price * f.amount;
      filled += f.amount;
      cost += fillCost;
      this.trades.push({
        id: tradeId,
        order: id,
        timestamp: ts,
        datetime: new Date(ts).toISOString(),
        symbol: spec.symbol,
        side: spec.side,
        type: spec.type,
        takerOrMaker: spec.takerOrMaker,
        price: f.price,
        amount: f.amount,
        cost: fillCost,
        fee: { cost: fillCost * 0.001, currency: quote },
        clientOrderId: spec.clientOrderId,
      });
      if (spec.attacker) this.truth.tradeIds.push(tradeId);
    }
    const order: BundleOrder = {
      id,
      clientOrderId: spec.clientOrderId,
      timestamp: spec.ts,
      datetime: new Date(spec.ts).toISOString(),
      symbol: spec.symbol,
      side: spec.side,
      type: spec.type,
      status: 'closed',
      price: spec.type === 'limit' ? spec.fills[0]?.price ?? null : null,
      average: filled > 0 ? cost / filled : null,
      amount: filled,
      filled,
      timeInForce: spec.type === 'limit' ? 'GTC' : 'IOC',
    };
    this.orders.push(order);
    if (spec.attacker) this.truth.orderIds.push(id);
    return order;
  }

  withdraw(spec: { ts: number; currency: string; amount: number; address: string; network: string; attacker?: boolean }): BundleTransfer {
    const id = `wd${String(this.nextTransfer++).padStart(6, '0')}`;
    const w: BundleTransfer = {
      id,
      txid: null,
      timestamp: spec.ts,
      datetime: new Date(spec.ts).toISOString(),
      currency: spec.currency,
      amount: spec.amount,
      address: spec.address,
      tag: null,
      network: spec.network,
      status: 'ok',
      type: 'withdrawal',
      fee: { cost: 1, currency: spec.currency },
    };
    this.withdrawals.push(w);
    if (spec.attacker) this.truth.withdrawalIds.push(id);
    return w;
  }
}
