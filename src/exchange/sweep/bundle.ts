// ccxt-unified records -> the activity bundle (src/detect/types.ts), written once at the end.
import path from 'node:path';
import type { ActivityBundle, BundleLedgerEntry, BundleOrder, BundleTrade, BundleTransfer, Candle } from '../../detect/types.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import type { SweepStore } from './store.js';

type Unified = Record<string, unknown>;

const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v ?? 0));
const optNum = (v: unknown): number | null => (v === undefined || v === null || v === '' ? null : Number(v));
const optStr = (v: unknown): string | null => (v === undefined || v === null || v === '' ? null : String(v));

function fee(v: unknown): { cost?: number | null; currency?: string | null } | null {
  if (!v || typeof v !== 'object') return null;
  const f = v as { cost?: unknown; currency?: unknown };
  return { cost: optNum(f.cost), currency: optStr(f.currency) };
}

export function toBundleTrade(t: Unified): BundleTrade {
  return {
    id: String(t.id),
    order: optStr(t.order),
    timestamp: num(t.timestamp),
    datetime: optStr(t.datetime) ?? undefined,
    symbol: String(t.symbol),
    side: t.side === 'sell' ? 'sell' : 'buy',
    type: optStr(t.type),
    takerOrMaker: t.takerOrMaker === 'maker' ? 'maker' : t.takerOrMaker === 'taker' ? 'taker' : null,
    price: num(t.price),
    amount: num(t.amount),
    cost: optNum(t.cost),
    fee: fee(t.fee),
    clientOrderId: optStr((t as { clientOrderId?: unknown }).clientOrderId),
  };
}

export function toBundleOrder(o: Unified): BundleOrder {
  return {
    id: String(o.id),
    clientOrderId: optStr(o.clientOrderId),
    timestamp: num(o.timestamp),
    datetime: optStr(o.datetime) ?? undefined,
    symbol: String(o.symbol),
    side: o.side === 'sell' ? 'sell' : 'buy',
    type: String(o.type ?? 'unknown'),
    status: optStr(o.status),
    price: optNum(o.price),
    average: optNum(o.average),
    amount: num(o.amount),
    filled: optNum(o.filled),
    timeInForce: optStr(o.timeInForce),
  };
}

export function toBundleTransfer(x: Unified, type: 'deposit' | 'withdrawal'): BundleTransfer {
  return {
    id: String(x.id),
    txid: optStr(x.txid),
    timestamp: num(x.timestamp),
    datetime: optStr(x.datetime) ?? undefined,
    currency: String(x.currency),
    amount: num(x.amount),
    address: optStr(x.address ?? x.addressTo),
    tag: optStr(x.tag ?? x.tagTo),
    network: optStr(x.network),
    status: optStr(x.status),
    type,
    fee: fee(x.fee),
  };
}

export function toBundleLedgerEntry(l: Unified): BundleLedgerEntry {
  const direction = l.direction === 'in' || l.direction === 'out' ? l.direction : null;
  return { id: String(l.id), timestamp: num(l.timestamp), currency: String(l.currency), amount: num(l.amount), direction, type: optStr(l.type) };
}

export interface BundleExtras {
  exchange: string;
  account: string;
  window: { since: number; until: number };
  baseline: { since: number; until: number };
  balances?: Record<string, number>;
  ohlcv?: Record<string, Candle[]>;
}

const byTime = <T extends { timestamp: number; id: string }>(a: T, b: T): number => a.timestamp - b.timestamp || a.id.localeCompare(b.id);

/** Builds the bundle from the streamed evidence and writes `bundle.json` beside it. */
export async function writeBundle(store: SweepStore, extras: BundleExtras): Promise<{ path: string; bundle: ActivityBundle }> {
  const from = extras.baseline.since;
  const keep = (r: { timestamp: number }): boolean => r.timestamp >= from;
  const bundle: ActivityBundle = {
    format: 'kit-activity-bundle',
    version: 1,
    exchange: extras.exchange,
    account: extras.account,
    generatedAt: new Date().toISOString(),
    window: extras.window,
    baseline: extras.baseline,
    trades: (await store.read<Unified>('trades')).map(toBundleTrade).filter(keep).sort(byTime),
    orders: (await store.read<Unified>('orders')).map(toBundleOrder).filter(keep).sort(byTime),
    deposits: (await store.read<Unified>('deposits')).map((d) => toBundleTransfer(d, 'deposit')).filter(keep).sort(byTime),
    withdrawals: (await store.read<Unified>('withdrawals')).map((w) => toBundleTransfer(w, 'withdrawal')).filter(keep).sort(byTime),
    ...(extras.balances ? { balances: extras.balances } : {}),
    ...(extras.ohlcv && Object.keys(extras.ohlcv).length > 0 ? { ohlcv: extras.ohlcv } : {}),
    ...(store.gaps.length > 0 ? { gaps: store.gaps } : {}),
  };
  const ledger = await store.read<Unified>('ledger');
  if (ledger.length > 0) {
    bundle.ledger = ledger.map(toBundleLedgerEntry).filter(keep);
  }
  const file = path.join(store.dir, 'bundle.json');
  await writeFileAtomic(file, JSON.stringify(bundle, null, 1), { mode: 0o600 }).catch((error: unknown) => {
    throw store.named('bundle.json', error);
  });
  return { path: file, bundle };
}
