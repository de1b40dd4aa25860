// Binance spot sweep. myTrades and allOrders need a symbol, take at most 1000 per page and a
// startTime/endTime window of at most 24 h; with endTime alone, the newest records up to it.
// Per symbol: pages walking back from the newest record until one reaches past the sweep start
// (one request for most symbols: a symbol never traded, or traded less than a page, is done
// with its first answer); 24 h windows and id continuation only where a whole page falls in one
// millisecond. Symbols go in priority order: balances and open orders, deposit and
// withdrawal currencies, the operator's usual symbols, then every other market.
import type { RecordKind } from './store.js';
import { errorText, isFatal, runPool } from './runner.js';
import { SweepPart } from './part.js';

type Unified = Record<string, unknown> & { id: string; timestamp: number };

const DAY = 24 * 60 * 60 * 1000;
const PAGE = 1000;
/** Deposit/withdrawal history windows must be shorter than 90 days. */
const TRANSFER_WINDOW = 89 * DAY;

interface HistoryCursor {
  /** Walking back from the newest record: the next page ends at this time (inclusive). */
  endTime?: number;
  /** Forward fallback: next window start while still looking for the first record. */
  windowStart?: number;
  /** Forward fallback: next id once the first record was found. */
  nextId?: string;
}

function maxId(records: Unified[]): string {
  return records.reduce((best, r) => (BigInt(r.id) > BigInt(best) ? r.id : best), records[0].id);
}

export interface BinanceContext {
  balances: Record<string, number>;
  openOrderSymbols: string[];
}

export class BinanceSweep extends SweepPart {
  async context(): Promise<BinanceContext> {
    const saved = this.store.context as BinanceContext | undefined;
    if (saved) return saved;
    this.env.progress({ phase: 'context' });
    const balance = (await this.retry(() => this.ex.fetchBalance())) as unknown as { total?: Record<string, number> };
    const balances = Object.fromEntries(Object.entries(balance.total ?? {}).filter(([, v]) => typeof v === 'number' && v > 0));
    (this.ex.options as Record<string, unknown>).warnOnFetchOpenOrdersWithoutSymbol = false;
    const open = await this.retry(() => this.ex.fetchOpenOrders());
    const context: BinanceContext = { balances, openOrderSymbols: [...new Set(open.map((o) => String(o.symbol)))] };
    await this.store.setContext(context as unknown as Record<string, unknown>);
    return context;
  }

  async transfers(): Promise<void> {
    this.env.progress({ phase: 'transfers' });
    for (const kind of ['deposits', 'withdrawals'] as const) {
      const unit = `${kind}`;
      if (this.store.isDone(unit)) continue;
      try {
        let start = this.store.cursor<number>(unit) ?? this.store.from;
        while (start <= this.store.until) {
          const end = Math.min(start + TRANSFER_WINDOW - 1, this.store.until);
          for (let offset = 0; ; offset += PAGE) {
            const params = { until: end, ...(offset > 0 ? { offset } : {}) };
            const page = (await this.retry(() => (kind === 'deposits' ? this.ex.fetchDeposits(undefined, start, PAGE, params) : this.ex.fetchWithdrawals(undefined, start, PAGE, params)))) as unknown as Unified[];
            await this.store.append(kind, page);
            if (page.length < PAGE) break;
          }
          start = end + 1;
          await this.store.setCursor(unit, start);
        }
        await this.store.markDone(unit);
      } catch (error) {
        if (isFatal(error)) throw error;
        await this.store.addGap(kind, errorText(error));
      }
    }
  }

  /** Every spot market, most likely attack symbols first. */
  async candidates(context: BinanceContext): Promise<string[]> {
    const markets = Object.values(this.ex.markets ?? {}).filter((m) => m && m.spot);
    const all = markets.map((m) => m.symbol).sort();
    const byBase = (currencies: Iterable<string>): string[] => {
      const set = new Set(currencies);
      return markets.filter((m) => set.has(m.base)).map((m) => m.symbol).sort();
    };
    const transferCurrencies = [
      ...(await this.store.read<Unified>('deposits')).map((d) => String(d.currency)),
      ...(await this.store.read<Unified>('withdrawals')).map((w) => String(w.currency)),
    ];
    const tiers = [
      [...context.openOrderSymbols, ...byBase(Object.keys(context.balances))],
      byBase(transferCurrencies),
      this.env.options.baselineSymbols ?? [],
      all,
    ];
    const known = new Set(all);
    const ordered: string[] = [];
    const seen = new Set<string>();
    for (const tier of tiers) {
      for (const symbol of tier) {
        if (!seen.has(symbol) && known.has(symbol)) {
          seen.add(symbol);
          ordered.push(symbol);
        }
      }
    }
    return ordered;
  }

  async symbols(symbols: string[], concurrency: number): Promise<void> {
    let done = symbols.filter((s) => this.store.isDone(`trades:${s}`) && this.store.isDone(`orders:${s}`)).length;
    this.env.progress({ phase: 'symbols', symbolsDone: done, symbolsTotal: symbols.length });
    const tasks = symbols
      .filter((s) => !(this.store.isDone(`trades:${s}`) && this.store.isDone(`orders:${s}`)))
      .map((symbol) => async () => {
        await this.history('trades', symbol);
        await this.history('orders', symbol);
        done++;
        this.env.progress({ symbolsDone: done });
      });
    await runPool(tasks, concurrency);
  }

  private fetchPage(kind: 'trades' | 'orders', symbol: string, since: number | undefined, limit: number, params: Record<string, unknown>): Promise<Unified[]> {
    const call = (): Promise<unknown> => (kind === 'trades' ? this.ex.fetchMyTrades(symbol, since, limit, params) : this.ex.fetchOrders(symbol, since, limit, params));
    return this.retry(call) as Promise<Unified[]>;
  }

  /** One symbol's trades or orders from the sweep start to now, resumable. */
  private async history(kind: 'trades' | 'orders', symbol: string): Promise<void> {
    const unit = `${kind}:${symbol}`;
    if (this.store.isDone(unit)) return;
    try {
      const saved = this.store.cursor<HistoryCursor>(unit) ?? {};
      const forward = saved.windowStart !== undefined || saved.nextId !== undefined ? saved : await this.walkBack(kind, symbol, unit, saved.endTime);
      if (forward) await this.walkForward(kind, symbol, unit, forward);
      await this.store.markDone(unit);
    } catch (error) {
      if (isFatal(error)) throw error;
      await this.store.addGap(unit, errorText(error));
    }
  }

  /**
   * Newest first: the most recent page, then the page before its oldest record, until a page
   * reaches back past the sweep start or the symbol's history ends. Binance answers "endTime
   * only" with the newest records up to it, so most symbols take one request (a probe would
   * cost the same weight and tell less). Returns a forward cursor only when a full page lies
   * within one millisecond, where walking back cannot move on.
   */
  private async walkBack(kind: 'trades' | 'orders', symbol: string, unit: string, endTime: number | undefined): Promise<HistoryCursor | undefined> {
    for (;;) {
      const page = await this.fetchPage(kind, symbol, undefined, PAGE, endTime === undefined ? {} : { until: endTime });
      await this.append(kind, page);
      if (page.length < PAGE) return undefined;
      const oldest = page.reduce((min, r) => Math.min(min, r.timestamp), Infinity);
      if (oldest < this.store.from) return undefined;
      if (endTime !== undefined && oldest >= endTime) return { windowStart: this.store.from };
      // Inclusive: records of the oldest millisecond come again (deduplicated by id), so a page
      // boundary inside one millisecond loses none of them (ccxt's own walk uses oldest - 1).
      endTime = oldest;
      await this.store.setCursor(unit, { endTime });
    }
  }

  /** Oldest first: 24 h windows from the sweep start until the first record, then id continuation. */
  private async walkForward(kind: 'trades' | 'orders', symbol: string, unit: string, start: HistoryCursor): Promise<void> {
    const idParam = kind === 'trades' ? 'fromId' : 'orderId';
    let cursor = start;
    await this.store.setCursor(unit, cursor);
    while (cursor.nextId === undefined) {
      const windowStart = cursor.windowStart ?? this.store.from;
      if (windowStart > this.store.until) return;
      const end = Math.min(windowStart + DAY - 1, this.store.until);
      const page = await this.fetchPage(kind, symbol, windowStart, PAGE, { until: end });
      if (page.length > 0) {
        await this.append(kind, page);
        cursor = { nextId: (BigInt(maxId(page)) + 1n).toString() };
      } else {
        cursor = { windowStart: end + 1 };
      }
      await this.store.setCursor(unit, cursor);
    }
    for (;;) {
      const page = await this.fetchPage(kind, symbol, undefined, PAGE, { [idParam]: cursor.nextId });
      await this.append(kind, page);
      if (page.length < PAGE) return;
      cursor = { nextId: (BigInt(maxId(page)) + 1n).toString() };
      await this.store.setCursor(unit, cursor);
    }
  }

  private async append(kind: RecordKind, page: Unified[]): Promise<void> {
    const added = await this.store.append(kind, page.filter((r) => r.timestamp >= this.store.from));
    if (added > 0) this.env.progress({});
  }
}
