// Pure analysis of audit records for `kit logs`: which records are failed authentication
// attempts, and which request patterns are unusual (error rate, endpoints never used before,
// bursts per key). No I/O here.
import type { AuditRecord } from './types.js';

const AUTH_KINDS = new Set(['dead', 'restricted']);
const AUTH_CLASSES = new Set(['AuthenticationError', 'PermissionDenied', 'AccountSuspended', 'AccountNotEnabled']);

/** A failed authentication attempt: an auth record, or an api record refused for its key. */
export function isAuthFailure(record: AuditRecord): boolean {
  if (record.type === 'auth') return true;
  if (record.type !== 'api') return false;
  return (
    (record.errorKind !== undefined && AUTH_KINDS.has(record.errorKind)) ||
    record.status === 401 || record.status === 403 ||
    (record.errorClass !== undefined && AUTH_CLASSES.has(record.errorClass))
  );
}

export function isError(record: AuditRecord): boolean {
  return (record.status !== undefined && record.status >= 400) || record.errorClass !== undefined;
}

/** Thresholds, documented in the README: kept here so the summary and the docs agree. */
export const PATTERN_THRESHOLDS = {
  /** A key's error rate is flagged from this share of failed requests ... */
  errorRate: 0.2,
  /** ... once it made at least this many requests. */
  minRequestsForRate: 10,
  /** A minute is a burst with at least this many requests of one key ... */
  burstMin: 30,
  /** ... and at least this many times that key's median busy minute. */
  burstFactor: 5,
} as const;

export interface KeyStats {
  key: string;
  exchange?: string;
  account?: string;
  keyFingerprint?: string;
  requests: number;
  errors: number;
  authFailures: number;
}

export interface Finding {
  kind: 'error-rate' | 'new-endpoint' | 'burst' | 'auth-failures';
  message: string;
  key?: string;
}

export interface AuditSummary {
  records: number;
  apiRequests: number;
  errors: number;
  errorRate: number;
  authFailures: number;
  perKey: KeyStats[];
  /** False when there are no earlier records to compare endpoints with. */
  baselineAvailable: boolean;
  findings: Finding[];
}

function keyOf(r: AuditRecord): string {
  return `${r.exchange ?? '?'}/${r.account ?? '?'}${r.keyFingerprint ? ` (key ${r.keyFingerprint})` : ''}`;
}

function endpointOf(r: AuditRecord): string {
  return `${r.method ?? 'GET'} ${r.endpoint ?? '?'} on ${r.exchange ?? '?'}`;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length === 0 ? 0 : s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Summarizes the records of a period; `baseline` are the records before it (for new endpoints). */
export function summarize(records: AuditRecord[], baseline: AuditRecord[]): AuditSummary {
  const api = records.filter((r) => r.type === 'api');
  const findings: Finding[] = [];
  const perKey = new Map<string, KeyStats & { minutes: Map<string, number> }>();
  for (const r of api) {
    const key = keyOf(r);
    let s = perKey.get(key);
    if (!s) {
      s = { key, exchange: r.exchange, account: r.account, keyFingerprint: r.keyFingerprint, requests: 0, errors: 0, authFailures: 0, minutes: new Map() };
      perKey.set(key, s);
    }
    s.requests++;
    if (isError(r)) s.errors++;
    if (isAuthFailure(r)) s.authFailures++;
    const minute = r.time.slice(0, 16);
    s.minutes.set(minute, (s.minutes.get(minute) ?? 0) + 1);
  }
  const t = PATTERN_THRESHOLDS;
  for (const s of perKey.values()) {
    if (s.requests >= t.minRequestsForRate && s.errors / s.requests >= t.errorRate) {
      findings.push({ kind: 'error-rate', key: s.key, message: `${s.key}: ${s.errors} of ${s.requests} requests failed (${pct(s.errors / s.requests)})` });
    }
    if (s.authFailures > 0) {
      findings.push({ kind: 'auth-failures', key: s.key, message: `${s.key}: ${s.authFailures} failed authentication attempt${s.authFailures === 1 ? '' : 's'} (see kit logs --type auth)` });
    }
    const counts = [...s.minutes.values()];
    const usual = median(counts);
    const [peakMinute, peak] = [...s.minutes].reduce((best, cur) => (cur[1] > best[1] ? cur : best), ['', 0] as [string, number]);
    if (peak >= t.burstMin && peak >= t.burstFactor * usual) {
      findings.push({ kind: 'burst', key: s.key, message: `${s.key}: ${peak} requests in the minute of ${peakMinute}Z (a usual busy minute has ${usual})` });
    }
  }
  const baselineAvailable = baseline.some((r) => r.type === 'api');
  if (baselineAvailable) {
    const known = new Set(baseline.filter((r) => r.type === 'api').map(endpointOf));
    const fresh = [...new Set(api.map(endpointOf))].filter((e) => !known.has(e)).sort();
    for (const endpoint of fresh) findings.push({ kind: 'new-endpoint', message: `${endpoint}: never used before this period` });
  }
  const errors = api.filter(isError).length;
  return {
    records: records.length,
    apiRequests: api.length,
    errors,
    errorRate: api.length === 0 ? 0 : errors / api.length,
    authFailures: records.filter(isAuthFailure).length,
    perKey: [...perKey.values()].map(({ minutes: _minutes, ...s }) => s).sort((a, b) => b.requests - a.requests),
    baselineAvailable,
    findings,
  };
}

export function pct(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}%`;
}
