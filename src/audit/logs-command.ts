// `kit logs`: the audit log of the last days, filtered, with a summary of unusual patterns.
import { UsageError } from '../errors.js';
import type { CliContext } from '../cli/context.js';
import { RETENTION_DAYS } from './audit-log.js';
import { isAuthFailure, pct, summarize, type AuditSummary } from './patterns.js';
import { readAudit } from './read-audit.js';
import type { AuditRecord, AuditType } from './types.js';

export interface LogsOptions {
  type?: string;
  days?: string;
  exchange?: string;
  limit?: string;
}

const TYPES: readonly AuditType[] = ['api', 'auth', 'incident', 'config'];
const DAY_MS = 86_400_000;

function positiveInt(value: string | undefined, flag: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`${flag} must be a whole number from 1 to ${max}, got "${value}"`);
  return n;
}

export function selectRecords(records: AuditRecord[], type: AuditType | undefined, exchange: string | undefined): AuditRecord[] {
  return records.filter((r) => {
    if (exchange && r.exchange !== exchange) return false;
    if (type === 'auth') return isAuthFailure(r);
    return type === undefined || r.type === type;
  });
}

export async function runLogs(ctx: CliContext, options: LogsOptions, now: Date = new Date()): Promise<void> {
  const type = options.type as AuditType | undefined;
  if (type !== undefined && !TYPES.includes(type)) throw new UsageError(`--type must be one of ${TYPES.join(', ')}, got "${options.type}"`);
  const days = positiveInt(options.days, '--days', 7, RETENTION_DAYS);
  const limit = positiveInt(options.limit, '--limit', 200, 1_000_000);
  const exchange = options.exchange?.toLowerCase();
  const until = new Date(now.getTime() + 1).toISOString();
  const since = new Date(now.getTime() - days * DAY_MS).toISOString();
  const baselineFrom = new Date(now.getTime() - RETENTION_DAYS * DAY_MS).toISOString();
  const [period, earlier] = await Promise.all([readAudit(ctx.kitHome, since, until), readAudit(ctx.kitHome, baselineFrom, since)]);
  const scoped = exchange ? period.records.filter((r) => r.exchange === exchange) : period.records;
  const baseline = exchange ? earlier.records.filter((r) => r.exchange === exchange) : earlier.records;
  const shown = selectRecords(period.records, type, exchange);
  const summary = summarize(scoped, baseline);
  if (ctx.json) {
    ctx.out.json({ since, until, days, type: type ?? 'all', exchange: exchange ?? null, records: shown, summary, unreadableLines: period.unreadable });
    return;
  }
  const title = type === 'auth' ? 'Failed authentication attempts' : `Audit log${type ? ` (${type})` : ''}`;
  ctx.out.line(`${title}, last ${days} day${days === 1 ? '' : 's'} (since ${since}${exchange ? `, ${exchange} only` : ''}): ${shown.length} record${shown.length === 1 ? '' : 's'}`);
  const rows = shown.slice(-limit);
  if (rows.length < shown.length) ctx.out.line(`(showing the last ${rows.length}; use --limit or --json for all)`);
  for (const line of table(rows)) ctx.out.line(line);
  for (const line of summaryLines(summary)) ctx.out.line(line);
  if (period.unreadable.length > 0) {
    ctx.out.line(`Note: ${period.unreadable.length} unreadable line(s) skipped (${period.unreadable.slice(0, 3).map((u) => `${u.file}:${u.line}`).join(', ')}${period.unreadable.length > 3 ? ', ...' : ''}).`);
  }
}

function what(r: AuditRecord): string {
  if (r.type !== 'api') return r.message ?? '';
  const outcome = [r.status !== undefined ? String(r.status) : '', r.errorClass ?? '', r.errorKind ? `(${r.errorKind})` : ''].filter(Boolean).join(' ');
  return [`${r.method ?? ''} ${r.endpoint ?? ''}`.trim(), outcome, r.durationMs !== undefined ? `${r.durationMs}ms` : '', r.dryRun ? '[dry-run]' : ''].filter(Boolean).join('  ');
}

function table(records: AuditRecord[]): string[] {
  if (records.length === 0) return [];
  const rows = records.map((r) => [r.time, r.user, r.type, r.exchange ? `${r.exchange}/${r.account ?? '-'}` : '-', r.keyFingerprint ?? '-', what(r)]);
  const head = ['TIME', 'USER', 'TYPE', 'ACCOUNT', 'KEY', 'WHAT'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const fmt = (row: string[]): string => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ');
  return [fmt(head), ...rows.map(fmt)];
}

export function summaryLines(s: AuditSummary): string[] {
  const lines = ['', 'Summary'];
  lines.push(`  api requests: ${s.apiRequests}, failed: ${s.errors} (${pct(s.errorRate)}), failed authentication: ${s.authFailures}`);
  for (const k of s.perKey) lines.push(`  ${k.key}: ${k.requests} requests, ${k.errors} failed`);
  if (!s.baselineAvailable) lines.push('  (no earlier records to compare endpoints with)');
  if (s.findings.length === 0) lines.push('  Nothing unusual found.');
  else {
    lines.push('  Unusual:');
    for (const f of s.findings) lines.push(`  ! ${f.message}`);
  }
  return lines;
}
