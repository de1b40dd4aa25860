// The run's event stream: one object per journal record, carrying the mode, the incident and
// the record's own fields. `--json` prints them as JSON lines; tests and the drill subscribe
// in-process. The terminal renderers (listr2) show the same run as a task list.
import { redact } from '../secrets/redact.js';
import type { JournalRecord, JournalRecordType, RunMode } from './journal-types.js';

export interface RunEvent {
  event: JournalRecordType;
  mode: RunMode;
  incidentId: string;
  seq: number;
  time: string;
  data: Record<string, unknown>;
}

export type RunEventListener = (event: RunEvent) => void;

export function toRunEvent(record: JournalRecord, incidentId: string): RunEvent {
  return { event: record.type, mode: record.mode, incidentId, seq: record.seq, time: record.time, data: record.data as Record<string, unknown> };
}

export function jsonLineWriter(stream: NodeJS.WritableStream): RunEventListener {
  // A reader that goes away (`kit run --json | head`) must not crash the run: the journal is
  // the record, the stream only a view of it.
  let closed = false;
  stream.on('error', () => (closed = true));
  return (event) => {
    if (!closed) stream.write(redact(JSON.stringify(event)) + '\n');
  };
}
