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

  /** Appends one record; resolves once it is fsync'd. Concurrent calls are written in call order. */
  append<T extends JournalRecordType>(type: T, data: JournalData[T]): Promise<JournalRecord<T>> {
    const next = this.queue.then(() => this.write(type, data));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async write<T extends JournalRecordType>(type: T, data: JournalData[T]): Promise<JournalRecord<T>> {
    if (this.closed) throw new Error(`journal ${this.file} is closed`);
    // A JSON round trip first, so what is hashed is exactly what a reader will parse back.
    const safeData = JSON.parse(JSON.stringify(redactValue(data))) as JournalData[T];
    const unhashed = { seq: this.lastSeq + 1, time: new Date().toISOString(), type, mode: this.mode, data: safeData, prev: this.lastHash };
    const record: JournalRecord<T> = { ...unhashed, hash: recordHash(unhashed) };
    await this.handle.write(JSON.stringify(record) + '\n');
    await this.handle.sync();
    this.lastSeq = record.seq;
    this.lastHash = record.hash;
    await fs.writeFile(tipFileOf(this.file), JSON.stringify({ seq: record.seq, hash: record.hash } satisfies JournalTip) + '\n', { mode: 0o600 });
    // The record is durable by now; a failing display must not turn it into a failed write.
    for (const listener of this.listeners) {
      try {
        listener(record);
      } catch {
        /* a renderer's problem, not the journal's */
      }
    }
    return record;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.queue;
    this.closed = true;
    await this.handle.close();
  }
}
