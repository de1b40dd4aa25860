// The evidence helper handed to actions: files under `<incident>/evidence/`, written atomically
// (mode 0600), their SHA-256 journaled as `evidence.written` so the report can prove that what
// it shows is what was collected. Registered secrets are masked before anything is written.
// A write the disk refuses is a StorageError, reported to the journal so the run stops before
// its next action even if the action catches the error and carries on.
import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { redact, redactValue } from '../secrets/redact.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import type { EvidenceRecord, EvidenceWriter } from '../actions/types.js';
import { ActionError } from '../actions/types.js';
import { isStorageFailure, storageError } from '../util/storage-failure.js';
import { EVIDENCE_DIR } from './incident.js';
import type { Journal } from './journal.js';

export function createEvidenceWriter(incidentDir: string, journal: Journal, stepId?: string): EvidenceWriter {
  const root = path.join(incidentDir, EVIDENCE_DIR);

  const pathOf = (name: string): string => path.join(root, safeRelative(name));

  const journalIt = async (name: string, sha256: string, bytes: number): Promise<EvidenceRecord> => {
    const record: EvidenceRecord = { path: path.posix.join(EVIDENCE_DIR, safeRelative(name).split(path.sep).join('/')), sha256, bytes };
    await journal.append('evidence.written', { stepId, ...record });
    return record;
  };

  /** Runs a file operation; a disk failure becomes a StorageError that stops the run. */
  const onDisk = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (!isStorageFailure(error)) throw error;
      const failure = storageError(`the evidence file ${name}`, error);
      journal.reportStorageFailure(failure);
      throw failure;
    }
  };

  const writeText = async (name: string, text: string): Promise<EvidenceRecord> => {
    const data = Buffer.from(redact(text), 'utf8');
    const target = pathOf(name);
    await onDisk(name, async () => {
      await fs.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
      await writeFileAtomic(target, data, { mode: 0o600 });
    });
    return journalIt(name, createHash('sha256').update(data).digest('hex'), data.length);
  };

  return {
    pathOf,
    writeText,
    writeJson: (name, value) => writeText(name, JSON.stringify(redactValue(value), null, 2) + '\n'),
    async record(name) {
      const file = pathOf(name);
      const hash = createHash('sha256');
      let bytes = 0;
      for await (const chunk of createReadStream(file)) {
        hash.update(chunk as Buffer);
        bytes += (chunk as Buffer).length;
      }
      return journalIt(name, hash.digest('hex'), bytes);
    },
  };
}

/** An evidence name is a relative path that stays inside evidence/. */
function safeRelative(name: string): string {
  const normal = path.normalize(name);
  if (name.trim() === '' || path.isAbsolute(name) || normal.split(path.sep).includes('..')) {
    throw new ActionError(`evidence name "${name}" must be a relative path inside the evidence folder`);
  }
  return normal;
}
