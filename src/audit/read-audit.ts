// Reads the audit log back: every record of the days in a window, oldest first.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { AUDIT_FILE, auditDir } from './audit-log.js';
import type { AuditRecord } from './types.js';

export interface AuditRead {
  records: AuditRecord[];
  /** Lines that were not JSON records (a torn last line after a crash, an edit by hand). */
  unreadable: Array<{ file: string; line: number }>;
}

/** Records with `from <= time < to` (ISO strings), from the day files that can hold them. */
export async function readAudit(kitHome: string, from: string, to: string): Promise<AuditRead> {
  const dir = auditDir(kitHome);
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], unreadable: [] };
    throw error;
  }
  const firstDay = from.slice(0, 10);
  const lastDay = to.slice(0, 10);
  const files = names
    .map((name) => ({ name, m: AUDIT_FILE.exec(name) }))
    .filter((f): f is { name: string; m: RegExpExecArray } => f.m !== null && f.m[1] >= firstDay && f.m[1] <= lastDay)
    .sort((a, b) => a.m[1].localeCompare(b.m[1]) || Number(a.m[2] ?? 0) - Number(b.m[2] ?? 0));
  const records: AuditRecord[] = [];
  const unreadable: AuditRead['unreadable'] = [];
  for (const { name } of files) {
    const text = await fs.readFile(path.join(dir, name), 'utf8');
    text.split('\n').forEach((line, index) => {
      if (line.trim() === '') return;
      try {
        const record = JSON.parse(line) as AuditRecord;
        if (typeof record.time === 'string' && typeof record.type === 'string' && record.time >= from && record.time < to) records.push(record);
      } catch {
        unreadable.push({ file: name, line: index + 1 });
      }
    });
  }
  records.sort((a, b) => a.time.localeCompare(b.time));
  return { records, unreadable };
}
