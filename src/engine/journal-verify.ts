// Reads and checks a journal: every record's own hash, the chain of `prev` hashes, the order and
// continuity of `seq`, and the tip file. Each problem names the record (seq) and the line, and
// says whether it looks edited, removed or reordered. A torn last line (a crash in the middle of
// a write, before the record was acknowledged) is reported apart: it is not tampering.
import { promises as fs } from 'node:fs';
import { GENESIS_HASH, recordHash } from './journal-hash.js';
import { tipFileOf, type JournalTip } from './journal.js';
import type { JournalRecord } from './journal-types.js';

export type JournalProblemKind = 'edited' | 'removed' | 'reordered' | 'malformed';

export interface JournalProblem {
  kind: JournalProblemKind;
  /** The record concerned (for `removed`: the first missing seq). */
  seq?: number;
  /** 1-based line in journal.jsonl. */
  line: number;
  message: string;
}

export interface TornLine {
  line: number;
  /** Byte offset where the torn line starts: truncating there leaves only whole records. */
  offset: number;
  bytes: number;
}

export interface JournalVerification {
  file: string;
  ok: boolean;
  records: JournalRecord[];
  problems: JournalProblem[];
  torn?: TornLine;
}

interface Entry {
  line: number;
  record?: JournalRecord;
}

export async function verifyJournal(file: string): Promise<JournalVerification> {
  const buffer = await fs.readFile(file);
  const { entries, torn, problems } = splitLines(buffer);
  const records = entries.flatMap((e) => (e.record ? [e.record] : []));
  problems.push(...checkHashes(entries), ...checkOrder(entries), ...checkChain(entries));
  problems.push(...(await checkTip(tipFileOf(file), entries)));
  problems.sort((a, b) => a.line - b.line);
  return { file, ok: problems.length === 0, records, problems, torn };
}

function splitLines(buffer: Buffer): { entries: Entry[]; torn?: TornLine; problems: JournalProblem[] } {
  const entries: Entry[] = [];
  const problems: JournalProblem[] = [];
  let offset = 0;
  let line = 0;
  let torn: TornLine | undefined;
  while (offset < buffer.length) {
    line++;
    const end = buffer.indexOf(0x0a, offset);
    if (end === -1) {
      // No newline: the write of this record never completed, so it was never acknowledged.
      torn = { line, offset, bytes: buffer.length - offset };
      break;
    }
    const text = buffer.subarray(offset, end).toString('utf8');
    offset = end + 1;
    const record = parseRecord(text);
    if (!record) problems.push({ kind: 'malformed', line, message: `line ${line} is not a journal record (edited or corrupted)` });
    entries.push({ line, record });
  }
  return { entries, torn, problems };
}

function parseRecord(text: string): JournalRecord | undefined {
  try {
    const value = JSON.parse(text) as Partial<JournalRecord>;
    const wellFormed = typeof value === 'object' && value !== null && Number.isInteger(value.seq) && typeof value.time === 'string'
      && typeof value.type === 'string' && typeof value.mode === 'string' && typeof value.prev === 'string' && typeof value.hash === 'string';
    return wellFormed ? (value as JournalRecord) : undefined;
  } catch {
    return undefined;
  }
}

function checkHashes(entries: Entry[]): JournalProblem[] {
  return entries.flatMap(({ line, record }) =>
    record && recordHash(record) !== record.hash
      ? [{ kind: 'edited' as const, seq: record.seq, line, message: `record seq ${record.seq} (line ${line}, ${record.type}) was edited: its content no longer matches its hash` }]
      : [],
  );
}

function checkOrder(entries: Entry[]): JournalProblem[] {
  const problems: JournalProblem[] = [];
  const seen = new Map<number, number>();
  let previous: Entry | undefined;
  for (const entry of entries) {
    const record = entry.record;
    if (!record) continue;
    const earlier = seen.get(record.seq);
    if (earlier !== undefined) {
      problems.push({ kind: 'reordered', seq: record.seq, line: entry.line, message: `record seq ${record.seq} appears again at line ${entry.line} (first at line ${earlier})` });
    } else if (previous?.record && record.seq < previous.record.seq) {
      problems.push({ kind: 'reordered', seq: record.seq, line: entry.line, message: `record seq ${record.seq} (line ${entry.line}) comes after seq ${previous.record.seq}: records were reordered` });
    }
    seen.set(record.seq, seen.get(record.seq) ?? entry.line);
    previous = entry;
  }
  // Gaps: every seq from 1 to the highest must be present somewhere.
  const highest = Math.max(0, ...seen.keys());
  let gapStart: number | undefined;
  for (let seq = 1; seq <= highest + 1; seq++) {
    if (!seen.has(seq) && seq <= highest) {
      gapStart ??= seq;
    } else if (gapStart !== undefined) {
      const line = seen.get(seq) ?? entries.at(-1)?.line ?? 1;
      const which = gapStart === seq - 1 ? `record seq ${gapStart} is` : `records seq ${gapStart}-${seq - 1} are`;
      problems.push({ kind: 'removed', seq: gapStart, line, message: `${which} missing before line ${line}: removed from the journal` });
      gapStart = undefined;
    }
  }
  return problems;
}

function checkChain(entries: Entry[]): JournalProblem[] {
  const problems: JournalProblem[] = [];
  let previous: Entry | undefined;
  for (const entry of entries) {
    const record = entry.record;
    if (record?.seq === 1 && record.prev !== GENESIS_HASH && entry === entries[0]) {
      problems.push({ kind: 'edited', seq: 1, line: entry.line, message: `record seq 1 (line ${entry.line}) does not start the chain: it was edited` });
    }
    const before = previous?.record;
    // Only adjacent, consecutive, self-consistent records say something about the link itself;
    // gaps and reorders are reported above.
    if (record && before && record.seq === before.seq + 1 && recordHash(record) === record.hash && recordHash(before) === before.hash && record.prev !== before.hash) {
      problems.push({
        kind: 'edited',
        seq: before.seq,
        line: previous!.line,
        message: `record seq ${before.seq} (line ${previous!.line}) was rewritten: seq ${record.seq} (line ${entry.line}) was chained to a different record`,
      });
    }
    previous = entry;
  }
  return problems;
}

async function checkTip(tipFile: string, entries: Entry[]): Promise<JournalProblem[]> {
  let tip: JournalTip;
  try {
    tip = JSON.parse(await fs.readFile(tipFile, 'utf8')) as JournalTip;
    if (!Number.isInteger(tip.seq) || typeof tip.hash !== 'string') return [];
  } catch {
    return []; // No tip, or one cut by a crash mid-write: nothing to compare.
  }
  const records = entries.flatMap((e) => (e.record ? [{ ...e.record, line: e.line }] : []));
  const last = records.at(-1);
  const lastLine = entries.at(-1)?.line ?? 1;
  const atTip = records.find((r) => r.seq === tip.seq);
  if (!last || tip.seq > Math.max(...records.map((r) => r.seq))) {
    const from = (last?.seq ?? 0) + 1;
    const which = from === tip.seq ? `record seq ${from} was` : `records seq ${from}-${tip.seq} were`;
    return [{ kind: 'removed', seq: from, line: lastLine, message: `${which} removed from the end of the journal (the tip file records seq ${tip.seq})` }];
  }
  if (atTip && atTip.hash !== tip.hash) {
    return [{ kind: 'edited', seq: atTip.seq, line: atTip.line, message: `record seq ${atTip.seq} (line ${atTip.line}) is not the record the tip file saw at that seq: it was replaced` }];
  }
  // A tip behind the journal says nothing: it is written after each record without fsync, so
  // a crash can leave it behind. Only a tip ahead of the journal, or at a different record, counts.
  return [];
}
