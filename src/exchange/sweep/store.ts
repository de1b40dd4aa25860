// Streams sweep results into the incident's evidence folder as they arrive: one JSONL file per
// kind (appended, deduplicated by symbol and id) and a progress checkpoint, so a killed sweep resumes
// where it stopped without duplicates. Records are appended before the checkpoint moves, so a
// kill in between only repeats a page, and the id set drops the repeat.
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { isStorageFailure, storageError } from '../../util/storage-failure.js';

export const RECORD_KINDS = ['trades', 'orders', 'deposits', 'withdrawals', 'ledger'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export interface Checkpoint {
  version: 1;
  exchange: string;
  account: string;
  /** The swept range, fixed at the first start so a resume finishes the same sweep. */
  from: number;
  until: number;
  done: string[];
  cursors: Record<string, unknown>;
  /** Context gathered before the per-symbol work (balances, candidate symbols). */
  context?: Record<string, unknown>;
  gaps: Array<{ what: string; reason: string }>;
  /** Set once the bundle was written. */
  complete?: boolean;
}

export interface StoredRecord {
  id: string;
  timestamp?: number;
  symbol?: unknown;
  type?: unknown;
}

/**
 * What makes a record unique in its file. Binance numbers trades and orders per symbol (and spot
 * and futures separately), so two symbols can each have a trade 12345: the id alone would drop
 * one. The type keeps ledger entries of one transaction apart (a fill's fee and its PnL).
 */
function recordKey(r: StoredRecord): string {
  const symbol = typeof r.symbol === 'string' ? r.symbol : '';
  const type = typeof r.type === 'string' ? r.type : '';
  return symbol === '' && type === '' ? String(r.id) : `${symbol} ${type} ${String(r.id)}`;
}

export class SweepStore {
  readonly dir: string;
  private checkpoint: Checkpoint;
  private readonly ids = new Map<RecordKind, Set<string>>();
  private readonly doneSet: Set<string>;
  private lastSaved = 0;
  private saving: Promise<void> = Promise.resolve();
  /** Appends to one file run one after another, so concurrent workers never interleave lines. */
  private readonly appending = new Map<RecordKind, Promise<void>>();
  /** True when the sweep continues an earlier, interrupted one. */
  readonly resumed: boolean;

  private constructor(dir: string, checkpoint: Checkpoint, resumed: boolean) {
    this.dir = dir;
    this.checkpoint = checkpoint;
    this.doneSet = new Set(checkpoint.done);
    this.resumed = resumed;
  }

  /**
   * Opens the evidence folder of one exchange account. An unfinished sweep there is continued
   * with ITS range (a step resumed after a crash resolves "72h" to a later time, but must finish
   * the sweep it started); a finished one with the same start is reused (only the bundle is
   * rewritten). A finished sweep of another range is moved into `previous-<time>/`, never deleted.
   */
  static async open(dir: string, fresh: Omit<Checkpoint, 'version' | 'done' | 'cursors' | 'gaps'>): Promise<SweepStore> {
    await fs.promises.mkdir(dir, { recursive: true, mode: 0o700 });
    const file = path.join(dir, 'progress.json');
    let previous: Checkpoint | undefined;
    try {
      previous = JSON.parse(await fs.promises.readFile(file, 'utf8')) as Checkpoint;
    } catch {
      previous = undefined;
    }
    const sameAccount = previous?.version === 1 && previous.exchange === fresh.exchange && previous.account === fresh.account;
    const resumable = previous !== undefined && sameAccount && (!previous.complete || previous.from === fresh.from);
    if (previous !== undefined && !resumable) await archive(dir);
    const checkpoint: Checkpoint = resumable && previous ? { ...previous, complete: false } : { version: 1, ...fresh, done: [], cursors: {}, gaps: [] };
    const store = new SweepStore(dir, checkpoint, resumable);
    for (const kind of RECORD_KINDS) store.ids.set(kind, resumable ? await store.loadIds(kind) : new Set());
    await store.save(true);
    return store;
  }

  async markComplete(): Promise<void> {
    this.checkpoint.complete = true;
    await this.save(true);
  }

  get from(): number {
    return this.checkpoint.from;
  }

  get until(): number {
    return this.checkpoint.until;
  }

  fileOf(kind: RecordKind): string {
    return path.join(this.dir, `${kind}.jsonl`);
  }

  /** Ids already stored; a torn last line (kill mid-write) is cut off. */
  private async loadIds(kind: RecordKind): Promise<Set<string>> {
    const ids = new Set<string>();
    let text: string;
    try {
      text = await fs.promises.readFile(this.fileOf(kind), 'utf8');
    } catch {
      return ids;
    }
    let good = 0;
    for (const line of text.split('\n')) {
      if (line === '') break;
      try {
        ids.add(recordKey(JSON.parse(line) as StoredRecord));
        good += Buffer.byteLength(line, 'utf8') + 1;
      } catch {
        break;
      }
    }
    if (good < Buffer.byteLength(text, 'utf8')) await fs.promises.truncate(this.fileOf(kind), good);
    return ids;
  }

  /** Appends records not stored before; returns how many were new. */
  async append(kind: RecordKind, records: StoredRecord[]): Promise<number> {
    const ids = this.ids.get(kind) as Set<string>;
    const fresh = records.filter((r) => {
      const key = recordKey(r);
      if (ids.has(key)) return false;
      ids.add(key);
      return true;
    });
    if (fresh.length === 0) return 0;
    const text = fresh.map((r) => JSON.stringify(r)).join('\n') + '\n';
    const next = (this.appending.get(kind) ?? Promise.resolve()).then(() => this.appendWhole(kind, text));
    this.appending.set(kind, next.catch(() => undefined));
    try {
      await next;
    } catch (error) {
      // Not stored after all: a later append (or a resumed sweep) must fetch them again.
      for (const r of fresh) ids.delete(recordKey(r));
      throw error;
    }
    return fresh.length;
  }

  /** Appends all of `text` or nothing: a write the disk cuts short is cut off again, never left as a torn line. */
  private async appendWhole(kind: RecordKind, text: string): Promise<void> {
    const file = this.fileOf(kind);
    const before = await fs.promises.stat(file).then((s) => s.size, () => 0);
    try {
      await fs.promises.appendFile(file, text, { mode: 0o600 });
    } catch (error) {
      await fs.promises.truncate(file, before).catch(() => undefined);
      throw this.named(`${kind}.jsonl`, error);
    }
  }

  /**
   * A disk failure as a StorageError naming the evidence file (`bybit-reader/orders.jsonl`): an
   * append's own error carries no path, and "cannot write: EFBIG" alone does not say what to free.
   */
  named(file: string, error: unknown): unknown {
    return isStorageFailure(error) ? storageError(`the evidence file ${path.basename(this.dir)}/${file}`, error) : error;
  }

  count(kind: RecordKind): number {
    return this.ids.get(kind)?.size ?? 0;
  }

  async read<T>(kind: RecordKind): Promise<T[]> {
    let text: string;
    try {
      text = await fs.promises.readFile(this.fileOf(kind), 'utf8');
    } catch {
      return [];
    }
    return text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as T);
  }

  isDone(unit: string): boolean {
    return this.doneSet.has(unit);
  }

  cursor<T>(unit: string): T | undefined {
    return this.checkpoint.cursors[unit] as T | undefined;
  }

  async setCursor(unit: string, value: unknown): Promise<void> {
    this.checkpoint.cursors[unit] = value;
    await this.save(false);
  }

  async markDone(unit: string): Promise<void> {
    if (this.doneSet.has(unit)) return;
    this.doneSet.add(unit);
    this.checkpoint.done.push(unit);
    delete this.checkpoint.cursors[unit];
    await this.save(false);
  }

  get context(): Record<string, unknown> | undefined {
    return this.checkpoint.context;
  }

  async setContext(context: Record<string, unknown>): Promise<void> {
    this.checkpoint.context = context;
    await this.save(true);
  }

  get gaps(): Array<{ what: string; reason: string }> {
    return this.checkpoint.gaps;
  }

  async addGap(what: string, reason: string): Promise<void> {
    if (!this.checkpoint.gaps.some((g) => g.what === what)) this.checkpoint.gaps.push({ what, reason });
    await this.save(true);
  }

  /** Writes the checkpoint atomically; routine updates at most every 200 ms (a resume repeats at most that much). */
  async save(force: boolean): Promise<void> {
    const now = Date.now();
    if (!force && now - this.lastSaved < 200) return;
    this.lastSaved = now;
    const snapshot = JSON.stringify(this.checkpoint);
    this.saving = this.saving.then(() => writeFileAtomic(path.join(this.dir, 'progress.json'), snapshot, { mode: 0o600 }).catch((error: unknown) => {
      throw this.named('progress.json', error);
    }));
    await this.saving;
  }
}

/** Moves an earlier sweep's files aside so a new range never overwrites evidence. */
async function archive(dir: string): Promise<void> {
  const target = path.join(dir, `previous-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  await fs.promises.mkdir(target, { recursive: true, mode: 0o700 });
  for (const name of await fs.promises.readdir(dir)) {
    if (name.endsWith('.jsonl') || name === 'progress.json' || name === 'bundle.json') await fs.promises.rename(path.join(dir, name), path.join(target, name));
  }
}
