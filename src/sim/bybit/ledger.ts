// Bybit's UTA transaction log (GET /v5/account/transaction-log), derived from the account's own
// records. The row model, one row per coin whose wallet balance changed:
//
// * A spot execution is two TRADE rows, one per coin of the pair, as Bybit's spot log has them
//   (`qty` is signed for spot: negative = that coin decreased). A buy of q at price p is
//   base: cashFlow +q, fee = the commission (Bybit charges a spot buy's fee in the base coin),
//   change = q - fee; quote: cashFlow -(p*q), fee 0, change -(p*q). A sell mirrors it, the fee on
//   the quote row. `change = cashFlow + funding - fee` (Bybit's documented identity, funding '').
//   Both rows carry the execution's side, price, feeRate, tradeId (execId), orderId and
//   orderLinkId; `size` is the fill's base quantity (unverified: Bybit documents `size` as the
//   position after the trade, which spot does not have).
// * A completed on-chain deposit is a TRANSFER_IN row at its completion time, a pending or completed
//   withdrawal a TRANSFER_OUT row at its request time (Bybit's UTA log has no deposit/withdraw
//   types: money enters and leaves the unified wallet as transfers). The row moves what the
//   simulator moved (a withdrawal's amount; its network fee is reported on the withdrawal record).
//   Failed, cancelled and rejected withdrawals have no row (Bybit would log a debit and a refund).
// * `cashBalance` is the coin's wallet balance after the row, walked back from today's balance
//   through the newer rows. The scenario's history is not balance-checked, so far back it may
//   even go negative; it is consistent from row to row.
// * Ids are stable and unique: `<seq>-<coin>` for trade rows (seq = the execution's sequence),
//   `in-<depositId>` and `out-<withdrawId>`.
import type { SimState } from '../model/state.js';
import type { SimTrade, SimTransfer } from '../model/types.js';
import { plain } from '../util/decimal.js';
import { price, qty } from './format.js';

export interface LedgerRow {
  id: string;
  time: number;
  coin: string;
  type: 'TRADE' | 'TRANSFER_IN' | 'TRANSFER_OUT';
  /** Base coin of the market (trade rows), for the baseCoin filter. */
  baseCoin: string;
  change: number;
  cashFlow: number;
  fee: number;
  trade?: SimTrade;
  transfer?: SimTransfer;
  /** Filled in newest first from today's balance. */
  cashBalance: number;
}

function tradeRows(state: SimState, t: SimTrade): LedgerRow[] {
  const market = state.markets.get(t.symbol);
  if (!market) return [];
  const buy = t.side === 'BUY';
  const legs = [{ coin: market.base, flow: buy ? t.qty : -t.qty }, { coin: market.quote, flow: buy ? -t.quoteQty : t.quoteQty }];
  return legs.map(({ coin, flow }) => {
    const fee = coin === t.commissionAsset ? t.commission : 0;
    return { id: `${t.seq}-${coin}`, time: t.time, coin, type: 'TRADE', baseCoin: market.base, change: flow - fee, cashFlow: flow, fee, trade: t, cashBalance: 0 };
  });
}

function transferRow(t: SimTransfer): LedgerRow | undefined {
  const deposit = t.kind === 'deposit';
  if (deposit ? t.status !== 'completed' : t.status !== 'completed' && t.status !== 'pending') return undefined;
  const flow = deposit ? t.amount : -t.amount;
  return {
    id: `${deposit ? 'in' : 'out'}-${t.id}`, time: deposit ? t.completeTime : t.time, coin: t.coin, type: deposit ? 'TRANSFER_IN' : 'TRANSFER_OUT',
    baseCoin: '', change: flow, cashFlow: flow, fee: 0, transfer: t, cashBalance: 0,
  };
}

/** Compares rows newest first; ties by id, so the order (and the cursor) is total. */
function newestFirst(a: LedgerRow, b: LedgerRow): number {
  return b.time - a.time || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

const cache = new WeakMap<SimState, Map<string, { stamp: string; rows: LedgerRow[] }>>();

/** Every log row of an account, newest first, with running balances (cached until a record or balance changes). */
export function ledgerRows(state: SimState, account: string): LedgerRow[] {
  const symbols = state.tradeSymbols(account);
  const transfers = [...state.transfersOf(account, 'deposit'), ...state.transfersOf(account, 'withdrawal')];
  const balances = state.account(account).balances;
  // Records are only ever added and balances only change with them; this stamp sees both.
  const stamp = [...symbols.map((s) => state.tradesOf(account, s).length), transfers.map((t) => t.status).join(), ...balances.values()].join('|');
  let perAccount = cache.get(state);
  if (!perAccount) cache.set(state, (perAccount = new Map()));
  const hit = perAccount.get(account);
  if (hit?.stamp === stamp) return hit.rows;
  const rows = [
    ...symbols.flatMap((s) => state.tradesOf(account, s).flatMap((t) => tradeRows(state, t))),
    ...transfers.flatMap((t) => transferRow(t) ?? []),
  ].sort(newestFirst);
  const running = new Map(balances);
  for (const row of rows) {
    const after = running.get(row.coin) ?? 0;
    row.cashBalance = after;
    running.set(row.coin, after - row.change);
  }
  perAccount.set(account, { stamp, rows });
  return rows;
}

const number = (value: number): string => plain(value, 10);

export function ledgerJson(state: SimState, row: LedgerRow): Record<string, unknown> {
  const t = row.trade;
  const market = t ? state.markets.get(t.symbol) : undefined;
  const order = t ? state.findOrder(t.account, t.symbol, { id: t.orderId }) : undefined;
  return {
    id: row.id, symbol: t?.symbol ?? '', category: t ? 'spot' : '', side: t ? (t.side === 'BUY' ? 'Buy' : 'Sell') : 'None',
    transactionTime: String(row.time), type: row.type, transSubType: '',
    qty: number(row.cashFlow), size: t ? qty(market, t.qty) : '0', currency: row.coin,
    tradePrice: t ? price(market, t.price) : '', funding: '', fee: number(row.fee), cashFlow: number(row.cashFlow), change: number(row.change),
    cashBalance: number(row.cashBalance), feeRate: t ? plain(t.feeRate) : '', bonusChange: '', tradeId: t?.id ?? '', orderId: t?.orderId ?? '',
    orderLinkId: order?.clientOrderId ?? '', extraFees: '',
  };
}
