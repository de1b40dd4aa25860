// The incident journal writer: append-only JSON lines, hash-chained, each record fsync'd before
// append() resolves, so the engine never starts an action before the record that announces it is
// on disk. Every record passes through the redactor. A small tip file (last seq + hash, written
// after each record) lets `kit journal verify` notice records cut from the end. The tip is a
// hint, not the record: it is not fsync'd, so after a crash it may lag behind (never lead).
//
// A write that fails (disk full, read-only, over a size limit) fails the journal for good: every
// later append is refused with the same StorageError, so nothing can run after a record that may
// not be on disk. A partly written record is cut off again where possible; if not, it is a torn
// last line, which `kit resume` removes (see reopen.ts).
import { promises as fs, constants } from 'node:fs';
import type { StorageError } from '../errors.js';
import { redactValue } from '../secrets/redact.js';
import { storageError } from '../util/storage-failure.js';
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
export type StorageFailureListener = (error: StorageError) => void;

export class Journal {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly listeners: RecordListener[] = [];
  private readonly failureListeners: StorageFailureListener[] = [];
  private closed = false;
  /** Set once the journal could not write a record: it takes no more. */
  private broken?: StorageError;
  /** The first storage failure of this run (the journal's own, or one reported by evidence or an action). */
  private failure?: StorageError;

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

  /** Why the run must stop for the disk, if it must. */
  get storageFailure(): StorageError | undefined {
    return this.failure;
  }

  /** Whether records can still be written (false after the journal's own write failed). */
  get writable(): boolean {
    return !this.broken && !this.closed;
  }

  onStorageFailure(listener: StorageFailureListener): void {
    this.failureListeners.push(listener);
  }

  /**
   * A write of this incident (evidence, an action's file) failed on the disk: the run stops before
   * its next action. The journal itself may still work, so the reason can be journaled.
   */
  reportStorageFailure(error: StorageError): void {
    if (this.failure) return;
    this.failure = error;
    for (const listener of this.failureListeners) {
      try {
        listener(error);
      } catch {
        /* a listener's problem */
      }
    }
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
    if (this.broken) throw this.broken;
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
    const sizeBefore = await this.handle.stat().then((s) => s.size, () => undefined);
    try {
      await writeAll(this.handle, Buffer.from(records.map((r) => JSON.stringify(r) + '\n').join(''), 'utf8'));
      await this.handle.sync();
    } catch (error) {
      // Cut partly written records off, so the file ends at a whole record (best effort).
      if (sizeBefore !== undefined) await this.handle.truncate(sizeBefore).then(() => this.handle.sync()).catch(() => undefined);
      const first = records[0];
      throw this.fail(error, `record ${first.seq} (${first.type}) of the journal ${this.file}`);
    }
    this.lastSeq = seq;
    this.lastHash = prev;
    try {
      await fs.writeFile(tipFileOf(this.file), JSON.stringify({ seq, hash: prev } satisfies JournalTip) + '\n', { mode: 0o600 });
    } catch (error) {
      // The records are durable; the tip is a hint. But the disk is failing: stop the run here.
      this.fail(error, `the journal's tip file ${tipFileOf(this.file)}`);
    }
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

  private fail(error: unknown, what: string): StorageError {
    const failure = storageError(what, error, 'Free disk space (or fix the folder\'s permissions), then run `kit resume` for this incident: every record written before this one is kept.');
    this.broken = failure;
    this.reportStorageFailure(failure);
    return failure;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    while (this.flushing || this.pending.length > 0) await this.queue;
    this.closed = true;
    await this.handle.close();
  }
}

/** Writes the whole buffer: a write may be short (a full disk, a size limit) without failing. */
async function writeAll(handle: fs.FileHandle, buffer: Buffer): Promise<void> {
  let offset = 0;
  while (offset < buffer.length) {
    const { bytesWritten } = await handle.write(buffer, offset, buffer.length - offset);
    if (bytesWritten <= 0) throw Object.assign(new Error('no space left for the journal record'), { code: 'ENOSPC' });
    offset += bytesWritten;
  }
}
