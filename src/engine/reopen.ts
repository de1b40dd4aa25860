// Opens an existing incident for writing (resume, approve): takes the lock, checks the journal
// (a journal that does not verify is never written to), cuts a torn last line left by a crash in
// the middle of a write, and journals both that and any stale lock it took over.
import { promises as fs } from 'node:fs';
import { UsageError, ValidationError } from '../errors.js';
import { isError, loadRunbookText } from '../runbook/load.js';
import type { LoadedRunbook } from '../runbook/schema.js';
import { openIncident, type IncidentPaths } from './incident.js';
import { Journal } from './journal.js';
import { verifyJournal } from './journal-verify.js';
import type { JournalRecord } from './journal-types.js';
import { acquireLock, type IncidentLock } from './lock.js';
import { replayJournal, type ReplayedRun } from './replay.js';

export interface ReopenedIncident {
  incident: IncidentPaths;
  lock: IncidentLock;
  records: JournalRecord[];
  replay: ReplayedRun;
  /** Continues the journal (cutting a torn line and journaling the repairs first). */
  openJournal(): Promise<Journal>;
}

export async function reopenIncident(kitHome: string, incidentId: string): Promise<ReopenedIncident> {
  const incident = await openIncident(kitHome, incidentId);
  const lock = await acquireLock(incident.dir, incidentId);
  try {
    const exists = await fs.stat(incident.journal).then(() => true, () => false);
    if (!exists) throw new UsageError(`incident ${incidentId} never started (it has no journal)`, { hint: 'Start a new run with `kit run`.' });
    const check = await verifyJournal(incident.journal);
    if (!check.ok) {
      throw new ValidationError(`the journal of incident ${incidentId} does not verify; kit will not add to it`, check.problems.map((p) => ({ file: incident.journal, line: p.line, col: 1, path: p.seq === undefined ? '' : `seq ${p.seq}`, message: p.message })), {
        hint: 'Keep the incident folder as evidence; start a new run with `kit run` if the work must continue.',
      });
    }
    const replay = replayJournal(check.records);
    if (!replay.started) throw new UsageError(`incident ${incidentId} never started (its journal has no run.started record)`, { hint: 'Start a new run with `kit run`.' });
    const openJournal = async (): Promise<Journal> => {
      if (check.torn) {
        // Only a final line with no newline: its write never completed, so no action followed it.
        await fs.truncate(incident.journal, check.torn.offset);
        const handle = await fs.open(incident.journal, 'r+');
        await handle.sync();
        await handle.close();
      }
      const journal = await Journal.continue(incident.journal, check.records);
      if (check.torn) {
        await journal.append('note', { level: 'warn', message: `removed a torn last line (${check.torn.bytes} bytes at line ${check.torn.line}) left by a crash in the middle of a write; that record was never completed` });
      }
      if (lock.tookOverFrom) {
        const o = lock.tookOverFrom;
        await journal.append('note', { level: 'warn', message: `took over the lock of kit process ${o.pid} on ${o.host} (since ${o.startedAt}), which is no longer running` });
      }
      return journal;
    };
    return { incident, lock, records: check.records, replay, openJournal };
  } catch (error) {
    await lock.release();
    throw error;
  }
}

/** The runbook pinned in the incident folder, checked against the hash journaled when the run started. */
export async function loadPinnedRunbook(incident: IncidentPaths, replay: ReplayedRun): Promise<LoadedRunbook> {
  const text = await fs.readFile(incident.pinnedRunbook, 'utf8').catch(() => {
    throw new UsageError(`incident ${incident.id} has lost its pinned runbook (${incident.pinnedRunbook})`);
  });
  const { runbook, problems } = loadRunbookText(text, incident.pinnedRunbook);
  if (!runbook) throw new ValidationError(`the pinned runbook of incident ${incident.id} is invalid`, problems.filter(isError));
  if (runbook.sha256 !== replay.started?.runbookSha256) {
    throw new ValidationError(`the pinned runbook of incident ${incident.id} was changed after the run started`, [
      { file: incident.pinnedRunbook, line: 1, col: 1, path: '', message: `its SHA-256 is ${runbook.sha256}, the journal recorded ${replay.started?.runbookSha256}` },
    ], { hint: 'Restore the original file (the journal holds its hash), or start a new run with `kit run`.' });
  }
  return runbook;
}
