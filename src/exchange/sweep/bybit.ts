// Bybit v5 sweep: no symbol needed. Executions and order history in 7-day windows, deposits and
// withdrawals in 30-day windows, the UTA transaction log as ledger; each window read with cursor
// pages until the cursor runs out. Raw pages are parsed with ccxt's own bybit parsers, so the
// records are ccxt-unified. Every window is a unit with its cursor in the checkpoint.
import type { Exchange } from 'ccxt';
import { implicit } from '../keys/types.js';
import type { RecordKind } from './store.js';
import { errorText, isFatal, runPool } from './runner.js';
import { SweepPart } from './part.js';

type Unified = Record<string, unknown> & { id: string; timestamp: number };

const DAY = 24 * 60 * 60 * 1000;

interface Stream {
  kind: RecordKind;
  method: string;
  windowMs: number;
  limit: number;
  params: Record<string, unknown>;
  parse(ex: Exchange, rows: unknown[]): Unified[];
}

type Parser = (rows: unknown[], market?: unknown, since?: unknown, limit?: unknown, params?: unknown) => Unified[];
const parser = (ex: Exchange, name: string): Parser => {
  const fn = (ex as unknown as Record<string, Parser>)[name];
  return fn.bind(ex);
};

function streams(categories: string[]): Stream[] {
  const perCategory = categories.flatMap((category): Stream[] => [
    { kind: 'trades', method: 'privateGetV5ExecutionList', windowMs: 7 * DAY, limit: 100, params: { category, execType: 'Trade' }, parse: (ex, rows) => parser(ex, 'parseTrades')(rows) },
    { kind: 'orders', method: 'privateGetV5OrderHistory', windowMs: 7 * DAY, limit: 50, params: { category }, parse: (ex, rows) => parser(ex, 'parseOrders')(rows) },
  ]);
  return [
    { kind: 'deposits', method: 'privateGetV5AssetDepositQueryRecord', windowMs: 30 * DAY, limit: 50, params: {}, parse: (ex, rows) => parser(ex, 'parseTransactions')(rows) },
    { kind: 'withdrawals', method: 'privateGetV5AssetWithdrawQueryRecord', windowMs: 30 * DAY, limit: 50, params: {}, parse: (ex, rows) => parser(ex, 'parseTransactions')(rows) },
    ...perCategory,
    { kind: 'ledger', method: 'privateGetV5AccountTransactionLog', windowMs: 7 * DAY, limit: 50, params: { accountType: 'UNIFIED' }, parse: (ex, rows) => parser(ex, 'parseLedger')(rows) },
  ];
}

interface Page {
  result?: { list?: unknown[]; rows?: unknown[]; nextPageCursor?: string; cursor?: string };
}

export class BybitSweep extends SweepPart {
  async balances(): Promise<Record<string, number>> {
    const saved = this.store.context as { balances?: Record<string, number> } | undefined;
    if (saved?.balances) return saved.balances;
    this.env.progress({ phase: 'context' });
    const balance = (await this.retry(() => this.ex.fetchBalance())) as unknown as { total?: Record<string, number> };
    const balances = Object.fromEntries(Object.entries(balance.total ?? {}).filter(([, v]) => typeof v === 'number' && v > 0));
    await this.store.setContext({ balances });
    return balances;
  }

  /** Contract categories with markets loaded: each is swept like spot. */
  contractCategories(): string[] {
    const markets = Object.values(this.ex.markets ?? {});
    return (['linear', 'inverse', 'option'] as const).filter((type) => markets.some((m) => m?.[type] === true));
  }

  /** Every (stream, window) unit of the sweep. */
  units(): Array<{ unit: string; stream: Stream; start: number; end: number }> {
    const categories = ['spot', ...this.contractCategories()];
    const out: Array<{ unit: string; stream: Stream; start: number; end: number }> = [];
    for (const stream of streams(categories)) {
      for (let start = this.store.from; start <= this.store.until; start += stream.windowMs) {
        const end = Math.min(start + stream.windowMs - 1, this.store.until);
        const label = stream.params.category ? `${stream.kind}:${String(stream.params.category)}` : stream.kind;
        out.push({ unit: `${label}:${start}`, stream, start, end });
      }
    }
    return out;
  }

  async run(concurrency: number): Promise<void> {
    const units = this.units();
    let done = units.filter((u) => this.store.isDone(u.unit)).length;
    this.env.progress({ phase: 'symbols', symbolsDone: done, symbolsTotal: units.length });
    const failed = new Set<string>();
    await runPool(units.filter((u) => !this.store.isDone(u.unit)).map((u) => async () => {
      try {
        await this.window(u.unit, u.stream, u.start, u.end);
      } catch (error) {
        if (isFatal(error)) throw error;
        const what = u.stream.kind === 'ledger' ? 'ledger' : u.unit;
        if (!failed.has(what)) await this.store.addGap(what, errorText(error));
        failed.add(what);
      }
      done++;
      this.env.progress({ symbolsDone: done });
    }), concurrency);
  }

  private async window(unit: string, stream: Stream, start: number, end: number): Promise<void> {
    let cursor = this.store.cursor<string>(unit);
    for (;;) {
      const params = { ...stream.params, startTime: start, endTime: end, limit: stream.limit, ...(cursor ? { cursor } : {}) };
      const page = (await this.retry(() => implicit(this.ex, stream.method)(params))) as Page;
      const rows = page.result?.list ?? page.result?.rows ?? [];
      const records = stream.parse(this.ex, rows).filter((r) => r.timestamp >= this.store.from);
      if (records.length > 0) {
        await this.store.append(stream.kind, records);
        this.env.progress({});
      }
      const next = page.result?.nextPageCursor ?? page.result?.cursor;
      if (!next || rows.length === 0) break;
      cursor = next;
      await this.store.setCursor(unit, cursor);
    }
    await this.store.markDone(unit);
  }
}
