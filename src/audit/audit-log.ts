// The audit log: JSONL under $KIT_HOME/audit/, one file per UTC day (2024-05-01.jsonl), mode
// 0600, every record redacted and naming the OS user. Bounded: a day's file rolls over into
// parts (2024-05-01.1.jsonl, ...) of at most 4 MiB, at most 8 parts (32 MiB) a day; past that a
// day's further `api` records are dropped (one record says so) while auth, incident and config
// records are still written. Days older than 90 are deleted.
import { appendFileSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { redactEchoedCredentials, redactValue } from '../secrets/redact.js';
import { currentOsUser } from './os-user.js';
import type { AuditRecord, AuditSink } from './types.js';

export const AUDIT_DIR = 'audit';
export interface AuditLimits {
  maxPartBytes: number;
  maxPartsPerDay: number;
}
export const AUDIT_LIMITS: Readonly<AuditLimits> = Object.freeze({ maxPartBytes: 4 * 1024 * 1024, maxPartsPerDay: 8 });
export const RETENTION_DAYS = 90;
export const AUDIT_FILE = /^(\d{4}-\d{2}-\d{2})(?:\.(\d+))?\.jsonl$/;

export type AuditInput = Parameters<AuditSink>[0];

export function auditDir(kitHome: string): string {
  return path.join(kitHome, AUDIT_DIR);
}

export function partFile(dir: string, day: string, part: number): string {
  return path.join(dir, part === 0 ? `${day}.jsonl` : `${day}.${part}.jsonl`);
}

interface DayState {
  part: number;
  capped: boolean;
}
const days = new Map<string, DayState>();
const pruned = new Set<string>();

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** The record as written: time and user filled in, query strings cut off, every string redacted. */
export function normalizeAuditRecord(input: AuditInput): AuditRecord {
  const record: AuditRecord = { ...input, time: input.time ?? new Date().toISOString(), user: input.user ?? currentOsUser() } as AuditRecord;
  if (record.endpoint) record.endpoint = record.endpoint.split('?')[0];
  if (record.message) record.message = redactEchoedCredentials(record.message);
  return redactValue(record);
}

function prune(dir: string, now: Date): void {
  if (pruned.has(dir)) return;
  pruned.add(dir);
  const oldest = new Date(now.getTime() - RETENTION_DAYS * 86_400_000).toISOString().slice(0, 10);
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = AUDIT_FILE.exec(name);
    if (m && m[1] < oldest) rmSync(path.join(dir, name), { force: true });
  }
}

/** Appends one record synchronously (audit records are small; a crash right after keeps it). */
export function appendAuditSync(kitHome: string, input: AuditInput, limits: AuditLimits = AUDIT_LIMITS): void {
  const { maxPartBytes, maxPartsPerDay } = limits;
  const record = normalizeAuditRecord(input);
  const dir = auditDir(kitHome);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  prune(dir, new Date());
  const day = record.time.slice(0, 10);
  const key = `${dir}|${day}`;
  let state = days.get(key);
  if (!state) {
    state = { part: 0, capped: false };
    while (state.part < maxPartsPerDay - 1 && sizeOf(partFile(dir, day, state.part + 1)) > 0) state.part++;
    days.set(key, state);
  }
  const line = JSON.stringify(record) + '\n';
  const bytes = Buffer.byteLength(line);
  while (sizeOf(partFile(dir, day, state.part)) + bytes > maxPartBytes && state.part < maxPartsPerDay - 1) state.part++;
  const file = partFile(dir, day, state.part);
  if (sizeOf(file) + bytes > maxPartBytes) {
    if (record.type === 'api') {
      if (!state.capped) {
        state.capped = true;
        const note = normalizeAuditRecord({ type: 'config', time: record.time, message: `audit log cap reached for ${day} (${maxPartsPerDay} files of ${maxPartBytes} bytes): further api records of this day are not kept` });
        appendFileSync(file, JSON.stringify(note) + '\n', { mode: 0o600 });
      }
      return;
    }
  }
  appendFileSync(file, line, { mode: 0o600 });
}

export async function appendAudit(kitHome: string, record: AuditInput, limits: AuditLimits = AUDIT_LIMITS): Promise<void> {
  appendAuditSync(kitHome, record, limits);
}

/**
 * An AuditSink for the exchange layer and the engine. A failure to write the audit log must
 * not break an incident response in progress: it is reported once on stderr and the run goes on.
 */
export function createAuditSink(kitHome: string, onError: (message: string) => void = (m) => process.stderr.write(m + '\n')): AuditSink {
  let reported = false;
  return (record) => {
    try {
      appendAuditSync(kitHome, record);
    } catch (error) {
      if (!reported) {
        reported = true;
        onError(`kit: could not write the audit log under ${auditDir(kitHome)} (${(error as Error).message}); continuing without it`);
      }
    }
  };
}

/** For tests: forget cached rotation state. */
export function resetAuditStateForTests(): void {
  days.clear();
  pruned.clear();
}
