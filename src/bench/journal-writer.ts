// Builds a hash-chained journal in memory, record by record, exactly as the engine writes one
// (src/engine/journal-types.ts). Used only to make synthetic incidents for tests and benchmarks;
// the engine has its own fsync'ing writer.
import type { JournalData, JournalRecord, JournalRecordType, RunMode } from '../engine/journal-types.js';
import { GENESIS_HASH, recordHash } from '../engine/journal-hash.js';

export class JournalBuilder {
  private readonly records: JournalRecord[] = [];

  constructor(private readonly mode: RunMode) {}

  append<T extends JournalRecordType>(type: T, time: number, data: JournalData[T]): JournalRecord<T> {
    const previous = this.records[this.records.length - 1];
    const base = {
      seq: this.records.length + 1,
      time: new Date(time).toISOString(),
      type,
      mode: this.mode,
      data,
      prev: previous ? previous.hash : GENESIS_HASH,
    };
    const record = { ...base, hash: recordHash(base) } as JournalRecord<T>;
    this.records.push(record as unknown as JournalRecord);
    return record;
  }

  text(): string {
    return this.records.map((r) => JSON.stringify(r)).join('\n') + '\n';
  }
}
