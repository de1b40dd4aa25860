// A minimal audit writer used until the real audit log (src/audit) is wired in: one JSONL
// file per UTC day under $KIT_HOME/audit/, mode 0600, every record redacted. Appends are
// synchronous so that a crash right after a request still leaves its record on disk.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { currentOsUser } from '../audit/os-user.js';
import type { AuditRecord, AuditSink } from '../audit/types.js';
import { redactValue } from '../secrets/redact.js';

export function resolveKitHome(kitHome?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (kitHome) return path.resolve(kitHome);
  return env.KIT_HOME && env.KIT_HOME.trim() !== '' ? path.resolve(env.KIT_HOME) : path.join(os.homedir(), '.kit');
}

export function createFallbackAuditSink(kitHome?: string): AuditSink {
  const dir = path.join(resolveKitHome(kitHome), 'audit');
  // Asked of the OS once per process (every connection makes a sink; 40 at once for 20 accounts).
  const user = currentOsUser();
  let ensured = false;
  return (record) => {
    const time = record.time ?? new Date().toISOString();
    const full: AuditRecord = { ...record, time, user: record.user ?? user };
    if (!ensured) {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      ensured = true;
    }
    const file = path.join(dir, `${time.slice(0, 10)}.jsonl`);
    const existed = fs.existsSync(file);
    fs.appendFileSync(file, JSON.stringify(redactValue(full)) + '\n', { mode: 0o600 });
    // appendFile's mode applies only on creation; a file made by something else is narrowed once.
    if (!existed) fs.chmodSync(file, 0o600);
  };
}
