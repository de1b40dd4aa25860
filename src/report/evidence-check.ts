// Checks every evidence file the journal lists: is it still there, and does its SHA-256 still
// match the hash journaled when it was written? Files are hashed as streams, so a 100 MB
// activity dump costs time but not memory.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { JournalRecord } from '../engine/journal-types.js';
import type { EvidenceFile } from './schema.js';
import { resolveInside } from './incident-paths.js';

/** `known`: hashes already computed from the same files this run (path relative to the incident folder). */
export async function checkEvidence(incidentDir: string, records: readonly JournalRecord[], known: ReadonlyMap<string, string> = new Map()): Promise<EvidenceFile[]> {
  // The latest record for a path is the claim that counts (a step may rewrite its file on retry).
  const latest = new Map<string, JournalRecord<'evidence.written'>>();
  for (const record of records) {
    if (record.type === 'evidence.written') latest.set((record as JournalRecord<'evidence.written'>).data.path, record as JournalRecord<'evidence.written'>);
  }
  const files: EvidenceFile[] = [];
  for (const { data } of latest.values()) {
    const base = { path: data.path, stepId: data.stepId ?? null, sha256: data.sha256, bytes: data.bytes };
    const absolute = resolveInside(incidentDir, data.path);
    if (!absolute) {
      files.push({ ...base, status: 'unsafe', actualSha256: null });
      continue;
    }
    const actual = known.get(data.path) ?? (await hashFile(absolute));
    if (actual === undefined) files.push({ ...base, status: 'missing', actualSha256: null });
    else files.push({ ...base, status: actual === data.sha256 ? 'match' : 'modified', actualSha256: actual });
  }
  return files;
}

export function hashFile(file: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', () => resolve(undefined))
      .on('end', () => resolve(hash.digest('hex')));
  });
}
