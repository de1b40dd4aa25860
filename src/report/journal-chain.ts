// Reads an incident journal for the report through the engine's verifier (src/engine/
// journal-verify.ts): the same hash chain, the same canonical JSON, plus the tip file, so the
// report and `kit journal verify` always agree. The report renders whatever records are
// readable and lists every problem with its line.
import { verifyJournal } from '../engine/journal-verify.js';
import type { JournalRecord } from '../engine/journal-types.js';

export { canonicalJson, GENESIS_HASH, recordHash } from '../engine/journal-hash.js';

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
  /** A last line cut short by a crash while writing: not tampering, but not a record either. */
  tornLine?: number;
}

export async function readJournal(file: string): Promise<JournalRead> {
  const verified = await verifyJournal(file);
  const problems: ChainProblem[] = verified.problems.map((p) => ({ line: p.line, message: p.message }));
  if (verified.records.length === 0 && problems.length === 0) problems.push({ line: 0, message: 'the journal holds no record' });
  return {
    records: verified.records,
    chain: { ok: problems.length === 0, records: verified.records.length, problems },
    tornLine: verified.torn?.line,
  };
}
