// The hash chain of the journal: canonical JSON (keys sorted at every depth, no whitespace) so
// that the hash of a record does not depend on how a writer happened to order its keys.
import { createHash } from 'node:crypto';
import type { JournalRecord } from './journal-types.js';

export const GENESIS_HASH = '0'.repeat(64);

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** SHA-256 hex of the canonical JSON of {seq, time, type, mode, data, prev}: everything but the hash. */
export function recordHash(record: Omit<JournalRecord, 'hash'>): string {
  const { seq, time, type, mode, data, prev } = record;
  return createHash('sha256').update(canonicalJson({ seq, time, type, mode, data, prev })).digest('hex');
}
