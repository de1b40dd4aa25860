// The incident folder: `$KIT_HOME/incidents/<id>/` (mode 0700) with the pinned runbook, the
// journal, the evidence folder and the lock. Ids sort by start time: `20261130T1412Z-<runbook>-ab12`.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import type { LoadedRunbook } from '../runbook/schema.js';
import { JOURNAL_FILE } from './journal.js';

export const PINNED_RUNBOOK_FILE = 'runbook.yaml';
export const EVIDENCE_DIR = 'evidence';
const ID_PATTERN = /^\d{8}T\d{4}Z-[a-z][a-z0-9-]*-[0-9a-f]{4}$/;

export interface IncidentPaths {
  id: string;
  dir: string;
  journal: string;
  pinnedRunbook: string;
  evidenceDir: string;
}

export function incidentsRoot(kitHome: string): string {
  return path.join(kitHome, 'incidents');
}

export function incidentPaths(kitHome: string, id: string): IncidentPaths {
  const dir = path.join(incidentsRoot(kitHome), id);
  return { id, dir, journal: path.join(dir, JOURNAL_FILE), pinnedRunbook: path.join(dir, PINNED_RUNBOOK_FILE), evidenceDir: path.join(dir, EVIDENCE_DIR) };
}

export function newIncidentId(runbookName: string, now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').slice(0, 13); // 20261130T1412
  return `${stamp}Z-${runbookName}-${randomBytes(2).toString('hex')}`;
}

/** Creates the folder (0700) and pins the runbook's exact text in it. */
export async function createIncident(kitHome: string, runbook: LoadedRunbook, now: Date = new Date()): Promise<IncidentPaths> {
  const root = incidentsRoot(kitHome);
  await fs.mkdir(root, { recursive: true, mode: 0o700 });
  for (let tries = 0; ; tries++) {
    const paths = incidentPaths(kitHome, newIncidentId(runbook.runbook.name, now));
    try {
      await fs.mkdir(paths.dir, { mode: 0o700 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && tries < 20) continue;
      throw error;
    }
    try {
      // mkdir's mode passes through the umask; set it exactly, the folder holds private evidence.
      await fs.chmod(paths.dir, 0o700);
      await fs.mkdir(paths.evidenceDir, { mode: 0o700 });
      await fs.chmod(paths.evidenceDir, 0o700);
      await writeFileAtomic(paths.pinnedRunbook, runbook.source, { mode: 0o600 });
    } catch (error) {
      // A full disk, say: leave no half-made incident behind (nothing has happened in it).
      await fs.rm(paths.dir, { recursive: true, force: true }).catch(() => undefined);
      throw error;
    }
    return paths;
  }
}

/** Finds an existing incident by id; a clear usage error if there is none. */
export async function openIncident(kitHome: string, id: string): Promise<IncidentPaths> {
  if (!ID_PATTERN.test(id)) {
    throw new UsageError(`"${id}" is not an incident id`, { hint: 'Incident ids look like 20261130T1412Z-key-compromise-ab12; `kit incidents` lists them.' });
  }
  const paths = incidentPaths(kitHome, id);
  const exists = await fs.stat(paths.dir).then((s) => s.isDirectory(), () => false);
  if (!exists) throw new UsageError(`no incident ${id} in ${incidentsRoot(kitHome)}`, { hint: 'Run `kit incidents` to list incidents (check --kit-home / KIT_HOME).' });
  return paths;
}

export async function listIncidentIds(kitHome: string): Promise<string[]> {
  const names = await fs.readdir(incidentsRoot(kitHome)).catch(() => [] as string[]);
  return names.filter((n) => ID_PATTERN.test(n)).sort();
}
