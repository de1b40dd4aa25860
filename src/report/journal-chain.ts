// Reads an incident journal and checks its hash chain. The engine's `verifyJournal` (in
// src/engine/journal.ts) checks the same chain with the same algorithm; the report keeps its
// own reader so that it can render whatever part of a damaged journal is still readable and
// say exactly where the damage is.
import { promises as fs } from 'node:fs';
import type { JournalRecord } from '../engine/journal-types.js';
import { canonicalJson, sha256Hex } from './canonical-json.js';

export const GENESIS_PREV = '0'.repeat(64);

export interface ChainProblem {
  /** 1-based line number in journal.jsonl. */
  line: number;
  message: string;
}

export interface ChainCheck {
  ok: boolean;
  /** Records that parsed. */
  records: number;
  problems: ChainProblem[];
}

export interface JournalRead {
  records: JournalRecord[];
  chain: ChainCheck;
}

/** SHA-256 hex of the canonical JSON of the hashed fields of a record. */
export function recordHash(record: Pick<JournalRecord, 'seq' | 'time' | 'type' | 'mode' | 'data' | 'prev'>): string {
  const { seq, time, type, mode, data, prev } = record;
  return sha256Hex(canonicalJson({ seq, time, type, mode, data, prev }));
}

export async function readJournal(file: string): Promise<JournalRead> {
  const text = await fs.readFile(file, 'utf8');
  return parseJournal(text);
}

export function parseJournal(text: string): JournalRead {
  const records: JournalRecord[] = [];
  const problems: ChainProblem[] = [];
  const lines = text.split('\n');
  // A file ending in a newline yields one empty last element; that is not a record.
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  let expectedPrev = GENESIS_PREV;
  let expectedSeq = 1;
  lines.forEach((raw, index) => {
    const line = index + 1;
    const record = parseRecord(raw);
    if (typeof record === 'string') {
      problems.push({ line, message: record });
      return;
    }
    records.push(record);
    if (record.seq !== expectedSeq) problems.push({ line, message: `seq is ${record.seq}, expected ${expectedSeq} (a record is missing or out of order)` });
    if (record.prev !== expectedPrev) problems.push({ line, message: `prev does not match the hash of the record before it (a record was changed, removed or inserted)` });
    const actual = recordHash(record);
    if (actual !== record.hash) problems.push({ line, message: `hash does not match the record's content (the record was changed after it was written)` });
    expectedSeq = record.seq + 1;
    expectedPrev = record.hash;
  });
  if (lines.length === 0) problems.push({ line: 0, message: 'the journal is empty' });
  return { records, chain: { ok: problems.length === 0, records: records.length, problems } };
}

function parseRecord(raw: string): JournalRecord | string {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return 'not valid JSON (a torn or edited line)';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a journal record (expected a JSON object)';
  const r = value as Record<string, unknown>;
  const missing = ['seq', 'time', 'type', 'mode', 'data', 'prev', 'hash'].filter((k) => !(k in r));
  if (missing.length > 0) return `not a journal record (missing ${missing.join(', ')})`;
  if (typeof r.seq !== 'number' || typeof r.time !== 'string' || typeof r.type !== 'string' || typeof r.prev !== 'string' || typeof r.hash !== 'string') {
    return 'not a journal record (seq, time, type, prev or hash has the wrong type)';
  }
  if (typeof r.data !== 'object' || r.data === null) return 'not a journal record (data is not an object)';
  return value as JournalRecord;
}
