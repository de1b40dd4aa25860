// What a chaos test checks in an incident folder after the dust settles: the journal verifies,
// the records seen before a fault are all still there in order, and every evidence file the
// journal lists is present with the hash it was journaled with.
import path from 'node:path';
import { verifyJournal } from '../../../src/engine/journal-verify.js';
import { checkEvidence } from '../../../src/report/evidence-check.js';
import { journalLines } from './kit.js';

export interface IncidentCheck {
  journalProblems: string[];
  finished?: string;
  /** Records seen before the fault that are missing or changed now. */
  recordsLost: number;
  /** Evidence files journaled that are missing or do not match their hash. */
  evidenceLost: string[];
}

export async function checkIncident(dir: string, seenBefore: readonly string[][] = []): Promise<IncidentCheck> {
  const check = await verifyJournal(path.join(dir, 'journal.jsonl'));
  const lines = await journalLines(dir);
  let recordsLost = 0;
  for (const earlier of seenBefore) earlier.forEach((line, i) => (recordsLost += lines[i] === line ? 0 : 1));
  const evidence = await checkEvidence(dir, check.records);
  const last = check.records.at(-1);
  return {
    journalProblems: check.problems.map((p) => p.message),
    finished: last?.type === 'run.finished' ? (last.data as { status: string }).status : undefined,
    recordsLost,
    evidenceLost: evidence.filter((e) => e.status !== 'match').map((e) => `${e.path}: ${e.status}`),
  };
}
