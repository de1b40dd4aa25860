// `kit incidents`: every incident under $KIT_HOME with its state, read from its journal.
import { promises as fs } from 'node:fs';
import { incidentPaths, listIncidentIds } from './incident.js';
import { verifyJournal } from './journal-verify.js';
import { isLiveOwner, readLockOwner } from './lock.js';
import { incidentState, replayJournal, type IncidentState } from './replay.js';

export interface IncidentSummary {
  id: string;
  dir: string;
  runbook?: string;
  mode?: 'live' | 'dry-run';
  state: IncidentState;
  startedAt?: string;
  lastActivity?: string;
  waitingFor?: string;
  failedSteps: string[];
  /** False when the journal does not verify (tampered or corrupted). */
  journalOk: boolean;
}

export async function listIncidents(kitHome: string): Promise<IncidentSummary[]> {
  const ids = await listIncidentIds(kitHome);
  return Promise.all(ids.map((id) => summarize(kitHome, id)));
}

export async function summarize(kitHome: string, id: string): Promise<IncidentSummary> {
  const paths = incidentPaths(kitHome, id);
  const live = isLiveOwner(await readLockOwner(paths.dir));
  const hasJournal = await fs.stat(paths.journal).then(() => true, () => false);
  if (!hasJournal) return { id, dir: paths.dir, state: live ? 'running' : 'not-started', failedSteps: [], journalOk: true };
  const check = await verifyJournal(paths.journal);
  const replay = replayJournal(check.records);
  return {
    id,
    dir: paths.dir,
    runbook: replay.started?.runbook,
    mode: replay.mode,
    state: incidentState(replay, live),
    startedAt: replay.startedAt,
    lastActivity: replay.lastTime,
    waitingFor: replay.waitingFor,
    failedSteps: replay.finished?.failedSteps ?? [],
    journalOk: check.ok,
  };
}
