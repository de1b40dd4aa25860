// Paths inside an incident folder. Journal records name files relative to the folder; a path
// that would leave it (absolute, or through ..) is never followed, since a tampered journal
// must not make the report read or hash arbitrary files.
import path from 'node:path';
import { promises as fs } from 'node:fs';
import { UsageError } from '../errors.js';

export function resolveInside(incidentDir: string, relative: string): string | undefined {
  if (typeof relative !== 'string' || relative === '' || path.isAbsolute(relative)) return undefined;
  const resolved = path.resolve(incidentDir, relative);
  const root = path.resolve(incidentDir) + path.sep;
  return resolved.startsWith(root) ? resolved : undefined;
}

const INCIDENT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * The folder of an incident: `$KIT_HOME/incidents/<id>`, or, when the argument is a path to a
 * folder holding a journal.jsonl, that folder (handy for a copied incident).
 */
export async function findIncidentDir(kitHome: string, idOrPath: string): Promise<string> {
  const candidates: string[] = [];
  if (INCIDENT_ID.test(idOrPath) && !idOrPath.includes('..')) candidates.push(path.join(kitHome, 'incidents', idOrPath));
  if (idOrPath.includes(path.sep) || idOrPath.startsWith('.')) candidates.push(path.resolve(idOrPath));
  for (const dir of candidates) {
    if (await isFile(path.join(dir, 'journal.jsonl'))) return dir;
  }
  throw new UsageError(`no incident "${idOrPath}": ${candidates.length ? `found no journal.jsonl in ${candidates.join(' or ')}` : 'an incident id has only letters, digits, ".", "_" and "-"'}`, {
    hint: `Incident folders live in ${path.join(kitHome, 'incidents')} (set --kit-home or KIT_HOME if yours are elsewhere); pass the folder name, or a path to a folder holding journal.jsonl.`,
  });
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isFile();
  } catch {
    return false;
  }
}
