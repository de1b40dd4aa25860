// Binance USDⓈ-M futures history: the income ledger (commissions, realized PnL, funding,
// transfers; no symbol needed), then trades and orders of every perpetual. Binance refuses a
// startTime..endTime span over 7 days on all three, so each is read in 7-day windows; inside a
// window the oldest records come first, and a full page continues from the millisecond of its
// newest record (inclusive: records of that millisecond come again and are deduplicated, so a
// page boundary inside one millisecond loses none). Perpetuals named in the ledger go first:
// they are where the key traded. Every (stream, window) is a unit with its cursor in the
// checkpoint, so a resumed sweep continues where it stopped.
import type { RecordKind } from './store.js';
import { errorText, isFatal, runPool } from './runner.js';
import { SweepPart } from './part.js';

type Unified = Record<string, unknown> & { id: string; timestamp: number; symbol?: string };

const DAY = 86_400_000;
/** A window [start, start + SPAN] stays within Binance's 7 days. */
const SPAN = 7 * DAY - 1;
const PAGE = 1000;
const LINEAR = { type: 'swap', subType: 'linear' };

interface Unit {
  unit: string;
  kind: RecordKind;
  symbol?: string;
  start: number;
  end: number;
}

export class BinanceFuturesSweep extends SweepPart {
  /** The USDⓈ-M perpetuals ccxt loaded (none when the futures markets were not loaded). */
  perpetuals(): string[] {
    return Object.values(this.ex.markets ?? {})
      .filter((m) => m && m.swap === true && m.linear === true)
      .map((m) => m.symbol)
      .sort();
  }

  private windows(prefix: string, kind: RecordKind, symbol?: string): Unit[] {
    const out: Unit[] = [];
    for (let start = this.store.from; start <= this.store.until; start += SPAN + 1) {
      out.push({ unit: `${prefix}:${start}`, kind, symbol, start, end: Math.min(start + SPAN, this.store.until) });
    }
    return out;
  }

  async run(concurrency: number): Promise<void> {
    const ledger = this.windows('futures-ledger', 'ledger');
    await this.runUnits(ledger, concurrency);
    // Perpetuals the ledger names (commissions are per trade) first: the likely attack symbols.
    // A ledger entry carries the exchange's market id (BTCUSDT) in its raw `info` only.
    const perpetuals = this.perpetuals();
    const byId = new Map(perpetuals.map((s) => [this.ex.market(s).id, s]));
    const named = new Set<string>();
    for (const entry of await this.store.read<Unified & { info?: { symbol?: unknown } }>('ledger')) {
      const symbol = byId.get(String(entry.info?.symbol ?? ''));
      if (symbol) named.add(symbol);
    }
    const ordered = [...perpetuals.filter((s) => named.has(s)), ...perpetuals.filter((s) => !named.has(s))];
    const units = ordered.flatMap((symbol) => [
      ...this.windows(`futures-trades:${symbol}`, 'trades', symbol),
      ...this.windows(`futures-orders:${symbol}`, 'orders', symbol),
    ]);
    await this.runUnits(units, concurrency);
  }

  private async runUnits(units: Unit[], concurrency: number): Promise<void> {
    const failed = new Set<string>();
    await runPool(units.filter((u) => !this.store.isDone(u.unit)).map((u) => async () => {
      try {
        await this.window(u);
      } catch (error) {
        if (isFatal(error)) throw error;
        const what = u.symbol ? `futures ${u.kind} ${u.symbol}` : `futures ${u.kind}`;
        if (!failed.has(what)) await this.store.addGap(what, errorText(error));
        failed.add(what);
      }
    }), concurrency);
  }

  private page(u: Unit, since: number): Promise<Unified[]> {
    const params = { ...LINEAR, until: u.end };
    const call = (): Promise<unknown> => {
      if (u.kind === 'ledger') return this.ex.fetchLedger(undefined, since, PAGE, params);
      if (u.kind === 'trades') return this.ex.fetchMyTrades(u.symbol, since, PAGE, params);
      return this.ex.fetchOrders(u.symbol, since, PAGE, params);
    };
    return this.retry(call) as Promise<Unified[]>;
  }

  private async window(u: Unit): Promise<void> {
    let since = this.store.cursor<number>(u.unit) ?? u.start;
    for (;;) {
      const page = await this.page(u, since);
      const added = await this.store.append(u.kind, page.filter((r) => r.timestamp >= this.store.from && r.timestamp <= u.end));
      if (added > 0) this.env.progress({});
      if (page.length < PAGE) break;
      const newest = page.reduce((max, r) => Math.max(max, r.timestamp), since);
      // A whole page inside one millisecond cannot move on by time; say so rather than loop.
      if (newest <= since) throw new Error(`more than ${PAGE} ${u.kind} in the millisecond ${new Date(since).toISOString()}: the rest of it was not read`);
      since = newest;
      await this.store.setCursor(u.unit, since);
    }
    await this.store.markDone(u.unit);
  }
}
