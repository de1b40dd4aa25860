// The incident journal writer: append-only JSON lines, hash-chained, each record fsync'd before
// append() resolves, so the engine never starts an action before the record that announces it is
// on disk. Every record passes through the redactor. A small tip file (last seq + hash, written
// after each record) lets `kit journal verify` notice records cut from the end. The tip is a
// hint, not the record: it is not fsync'd, so after a crash it may lag behind (never lead).
import { promises as fs, constants } from 'node:fs';
import { redactValue } from '../secrets/redact.js';
import { GENESIS_HASH, recordHash } from './journal-hash.js';
import type { JournalData, JournalRecord, JournalRecordType, RunMode } from './journal-types.js';

export const JOURNAL_FILE = 'journal.jsonl';

export interface JournalTip {
  seq: number;
  hash: string;
}

export function tipFileOf(journalFile: string): string {
  return `${journalFile}.tip`;
}

export type RecordListener = (record: JournalRecord) => void;

export class Journal {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly listeners: RecordListener[] = [];
  private closed = false;

  private constructor(
    readonly file: string,
    readonly mode: RunMode,
    private handle: fs.FileHandle,
    private lastSeq: number,
    private lastHash: string,
  ) {}

  /** Starts a new journal; fails if one exists already. */
  static async create(file: string, mode: RunMode): Promise<Journal> {
    const handle = await fs.open(file, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY | constants.O_APPEND, 0o600);
    await fs.chmod(file, 0o600);
    return new Journal(file, mode, handle, 0, GENESIS_HASH);
  }

  /** Continues a journal whose records were read (and verified) by the caller. */
  static async continue(file: string, records: readonly JournalRecord[]): Promise<Journal> {
    const last = records.at(-1);
    if (!last) throw new Error(`journal ${file} has no records to continue from`);
    const handle = await fs.open(file, constants.O_WRONLY | constants.O_APPEND);
    return new Journal(file, last.mode, handle, last.seq, last.hash);
  }

  onRecord(listener: RecordListener): void {
    this.listeners.push(listener);
  }

  get seq(): number {
    return this.lastSeq;
  }

  /**
   * Appends one record; resolves once it is fsync'd. Concurrent calls are written in call order.
   * Records appended while a write is in progress are committed together with one write and one
   * fsync (group commit): each promise still resolves only once its own record is durable, so the
   * rule "journaled before the next action" holds, and twenty accounts contained in parallel do
   * not queue behind twenty separate fsyncs.
   */
  append<T extends JournalRecordType>(type: T, data: JournalData[T]): Promise<JournalRecord<T>> {
    return new Promise<JournalRecord<T>>((resolve, reject) => {
      this.pending.push({ type, data, resolve: resolve as (r: JournalRecord) => void, reject });
      if (!this.flushing) this.queue = this.flush();
    });
  }

  private pending: Array<{ type: JournalRecordType; data: JournalData[JournalRecordType]; resolve: (r: JournalRecord) => void; reject: (e: unknown) => void }> = [];
  private flushing = false;

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, this.pending.length);
        try {
          const records = await this.writeBatch(batch);
          batch.forEach((entry, i) => entry.resolve(records[i]));
          for (const record of records) this.notify(record);
        } catch (error) {
          for (const entry of batch) entry.reject(error);
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  private async writeBatch(batch: ReadonlyArray<{ type: JournalRecordType; data: JournalData[JournalRecordType] }>): Promise<JournalRecord[]> {
    if (this.closed) throw new Error(`journal ${this.file} is closed`);
    let seq = this.lastSeq;
    let prev = this.lastHash;
    const records: JournalRecord[] = [];
    for (const { type, data } of batch) {
      // A JSON round trip first, so what is hashed is exactly what a reader will parse back.
      const safeData = JSON.parse(JSON.stringify(redactValue(data))) as JournalData[JournalRecordType];
      const unhashed = { seq: seq + 1, time: new Date().toISOString(), type, mode: this.mode, data: safeData, prev };
      const record = { ...unhashed, hash: recordHash(unhashed) } as JournalRecord;
      records.push(record);
      seq = record.seq;
      prev = record.hash;
    }
    await this.handle.write(records.map((r) => JSON.stringify(r) + '\n').join(''));
    await this.handle.sync();
    this.lastSeq = seq;
    this.lastHash = prev;
    await fs.writeFile(tipFileOf(this.file), JSON.stringify({ seq, hash: prev } satisfies JournalTip) + '\n', { mode: 0o600 });
    return records;
  }

  private notify(record: JournalRecord): void {
    // The record is durable by now; a failing display must not turn it into a failed write.
    for (const listener of this.listeners) {
      try {
        listener(record);
      } catch {
        /* a renderer's problem, not the journal's */
      }
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    while (this.flushing || this.pending.length > 0) await this.queue;
    this.closed = true;
    await this.handle.close();
  }
}
