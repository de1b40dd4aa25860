// Acceptance: ccxt's own bybit class reads the simulator's UTA transaction log
// (GET /v5/account/transaction-log) with fetchLedger: one row per coin of each spot execution,
// deposits and withdrawals as transfers, newest first in cursor pages, Bybit's 7-day rule.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerEntry } from 'ccxt';
import type { SimHandle } from '../../src/sim/index.js';
import type { SimTrade } from '../../src/sim/model/types.js';
import { ccxt, connect, credential, failure, startForAnswers } from './helpers.js';

const DAY = 86_400_000;
const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'ETHBTC', 'SOLBTC', 'ADABTC', 'LINKBTC', 'VIABTC'];
let sim: SimHandle;

beforeAll(async () => {
  sim = await startForAnswers('compromise-bybit');
});
afterAll(async () => {
  await sim.close();
});

const reader = () => connect(sim, 'bybit', credential(sim, 'main', 'read-only'));
const trades = (from: number, to: number): SimTrade[] => SYMBOLS.flatMap((s) => sim.state.trades('main', s)).filter((t) => t.time >= from && t.time <= to);
const info = (e: LedgerEntry): Record<string, string> => e.info as Record<string, string>;

/** Every row of [from, to] (at most 7 days), walking the cursor like the sweep does. */
async function walk(from: number, to: number): Promise<{ rows: Array<Record<string, string>>; pages: number }> {
  const ex = reader();
  const rows: Array<Record<string, string>> = [];
  let cursor: string | undefined;
  let pages = 0;
  for (;;) {
    const page = (await ex.privateGetV5AccountTransactionLog({ accountType: 'UNIFIED', startTime: from, endTime: to, limit: 50, ...(cursor ? { cursor } : {}) })) as { result: { list: Array<Record<string, string>>; nextPageCursor: string } };
    rows.push(...page.result.list);
    pages++;
    cursor = page.result.nextPageCursor;
    if (!cursor) return { rows, pages };
  }
}

describe('bybit: transaction log (fetchLedger)', () => {
  it('parses a spot execution as one TRADE row per coin, with signed changes, fee and running balance', async () => {
    const ex = reader();
    const to = Date.now();
    const from = to - 3 * DAY;
    const expected = trades(from, to);
    expect(expected.length).toBeGreaterThan(0);
    const { rows } = await walk(from, to);
    expect(rows.length).toBe(2 * expected.length);
    const t = expected[expected.length - 1];
    const entries = await ex.fetchLedger(undefined, t.time, 50, { endTime: t.time });
    const mine = entries.filter((e) => info(e).tradeId === t.id);
    expect(mine).toHaveLength(2);
    const buy = t.side === 'BUY';
    const base = mine.find((e) => e.currency === t.symbol.replace(/(USDT|BTC)$/, ''));
    const quote = mine.find((e) => e !== base);
    if (!base || !quote) throw new Error('missing rows');
    for (const e of mine) {
      expect(e.type).toBe('trade');
      expect(e.timestamp).toBe(t.time);
      expect(info(e)).toMatchObject({ type: 'TRADE', category: 'spot', symbol: t.symbol, side: buy ? 'Buy' : 'Sell', orderId: t.orderId, funding: '', bonusChange: '' });
      // Bybit's identity: change = cashFlow + funding - fee.
      expect(Number(info(e).change)).toBeCloseTo(Number(info(e).cashFlow) - Number(info(e).fee), 10);
    }
    expect(base.direction).toBe(buy ? 'in' : 'out');
    expect(quote.direction).toBe(buy ? 'out' : 'in');
    expect(base.amount).toBeCloseTo(buy ? t.qty - t.commission : t.qty, 8);
    expect(quote.amount).toBeCloseTo(buy ? t.quoteQty : t.quoteQty - t.commission, 8);
    expect(buy ? base.fee?.cost : quote.fee?.cost).toBeCloseTo(t.commission, 10);
    expect(buy ? base.currency : quote.currency).toBe(t.commissionAsset);
    // The newest row of each coin ends at today's balance; older rows chain by their changes.
    const newestOf = (coin: string) => rows.find((r) => r.currency === coin);
    const usdt = newestOf('USDT');
    if (!usdt) throw new Error('no USDT row');
    expect(Number(usdt.cashBalance)).toBeCloseTo(sim.state.balance('main', 'USDT').total, 6);
    const usdtRows = rows.filter((r) => r.currency === 'USDT');
    for (let i = 1; i < usdtRows.length; i++) {
      expect(Number(usdtRows[i].cashBalance) + Number(usdtRows[i - 1].change)).toBeCloseTo(Number(usdtRows[i - 1].cashBalance), 6);
    }
  });

  it('pages newest first with cursors over a 7-day window, every row once', async () => {
    const to = sim.state.anchor - 10 * DAY;
    const from = to - 7 * DAY;
    const expected = trades(from, to);
    const { rows, pages } = await walk(from, to);
    expect(pages).toBeGreaterThan(2);
    expect(rows.length).toBe(2 * expected.length);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    expect(new Set(rows.map((r) => r.tradeId))).toEqual(new Set(expected.map((t) => t.id)));
    const times = rows.map((r) => Number(r.transactionTime));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    // ccxt follows the same cursor with paginate.
    const all = await reader().fetchLedger(undefined, undefined, undefined, { startTime: from, endTime: to, paginate: true });
    expect(new Set(all.map((e) => e.id))).toEqual(new Set(rows.map((r) => r.id)));
  });

  it('shows the deposits and the completed withdrawal as transfers', async () => {
    const ex = reader();
    const deposit = sim.state.transfers('main', 'deposit').find((d) => d.coin === 'USDT');
    const withdrawal = sim.state.transfers('main', 'withdrawal').find((w) => w.coin === 'USDT' && w.status === 'completed');
    if (!deposit || !withdrawal) throw new Error('scenario without a USDT deposit and withdrawal');
    const inRows = await ex.fetchLedger('USDT', deposit.completeTime - DAY, 50, { endTime: deposit.completeTime + DAY, type: 'TRANSFER_IN' });
    expect(inRows).toHaveLength(1);
    expect(inRows[0]).toMatchObject({ id: `in-${deposit.id}`, type: 'transaction', direction: 'in', currency: 'USDT', amount: deposit.amount, timestamp: deposit.completeTime });
    const outRows = await ex.fetchLedger('USDT', withdrawal.time - DAY, 50, { endTime: withdrawal.time + DAY, type: 'TRANSFER_OUT' });
    expect(outRows).toHaveLength(1);
    expect(outRows[0]).toMatchObject({ id: `out-${withdrawal.id}`, type: 'transaction', direction: 'out', currency: 'USDT', amount: withdrawal.amount, timestamp: withdrawal.time });
    expect(info(outRows[0])).toMatchObject({ type: 'TRANSFER_OUT', side: 'None', category: '', tradeId: '' });
    // The attacker's rejected withdrawal moved nothing: no row.
    const rejected = sim.admin.groundTruth().attacker.withdrawals[0].id;
    const recent = await ex.fetchLedger(undefined, Date.now() - 6 * DAY, undefined, { endTime: Date.now(), type: 'TRANSFER_OUT', paginate: true });
    expect(recent.map((e) => e.id)).not.toContain(`out-${rejected}`);
  });

  it('answers the last 24 hours without times, 24 hours from startTime alone, and refuses a span over 7 days', async () => {
    const ex = reader();
    const now = Date.now();
    const lastDay = await ex.fetchLedger(undefined, undefined, undefined, { paginate: true });
    expect(lastDay.every((e) => (e.timestamp ?? 0) >= now - DAY - 5_000)).toBe(true);
    const got = new Set(lastDay.map((e) => info(e).tradeId));
    expect(trades(now - DAY + 5_000, now).filter((t) => !got.has(t.id))).toEqual([]);
    const start = sim.state.anchor - 30 * DAY;
    const oneDay = await ex.fetchLedger(undefined, start, undefined, { paginate: true });
    expect(oneDay.every((e) => (e.timestamp ?? 0) <= start + DAY)).toBe(true);
    expect(new Set(oneDay.map((e) => info(e).tradeId))).toEqual(new Set(trades(start, start + DAY).map((t) => t.id)));
    const error = await failure(ex.fetchLedger(undefined, start, undefined, { endTime: start + 7 * DAY + 1 }));
    expect(error).toBeInstanceOf(ccxt.BadRequest);
    expect(error.message).toContain('10001');
    expect(await failure(ex.privateGetV5AccountTransactionLog({ accountType: 'CONTRACT' }))).toBeInstanceOf(ccxt.BadRequest);
  });
});
