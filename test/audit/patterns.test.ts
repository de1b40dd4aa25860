import { describe, expect, it } from 'vitest';
import { isAuthFailure, summarize } from '../../src/audit/patterns.js';
import type { AuditRecord } from '../../src/audit/types.js';

const api = (time: string, extra: Partial<AuditRecord> = {}): AuditRecord => ({ type: 'api', time, user: 'alice', exchange: 'binance', account: 'main', keyFingerprint: 'a1b2c3d4', endpoint: '/api/v3/account', method: 'GET', status: 200, ...extra });

describe('audit patterns', () => {
  it('counts as failed authentication: dead/restricted keys, 401/403, auth error classes, auth records', () => {
    expect(isAuthFailure(api('t', { errorKind: 'dead' }))).toBe(true);
    expect(isAuthFailure(api('t', { errorKind: 'restricted' }))).toBe(true);
    expect(isAuthFailure(api('t', { status: 401 }))).toBe(true);
    expect(isAuthFailure(api('t', { status: 403 }))).toBe(true);
    expect(isAuthFailure(api('t', { status: 400, errorClass: 'PermissionDenied' }))).toBe(true);
    expect(isAuthFailure({ type: 'auth', time: 't', user: 'u' })).toBe(true);
    expect(isAuthFailure(api('t', { status: 429, errorClass: 'RateLimitExceeded', errorKind: 'transient' }))).toBe(false);
    expect(isAuthFailure({ type: 'config', time: 't', user: 'u', status: 401 })).toBe(false);
  });

  it('points out a high error rate, new endpoints and a burst on one key', () => {
    const baseline = [api('2024-04-01T10:00:00Z'), api('2024-04-01T10:01:00Z', { endpoint: '/api/v3/myTrades' })];
    const records: AuditRecord[] = [];
    // A quiet key: 2 requests in each of 10 minutes ...
    for (let m = 0; m < 10; m++) for (let i = 0; i < 2; i++) records.push(api(`2024-05-01T10:${String(m).padStart(2, '0')}:0${i}Z`));
    // ... then 40 requests in one minute, half refused, on an endpoint never used before.
    for (let i = 0; i < 40; i++) records.push(api(`2024-05-01T11:00:${String(i).padStart(2, '0')}Z`, { endpoint: '/sapi/v1/capital/withdraw/apply', method: 'POST', ...(i % 2 ? { status: 401, errorClass: 'AuthenticationError' } : {}) }));
    const summary = summarize(records, baseline);
    expect(summary.apiRequests).toBe(60);
    expect(summary.errors).toBe(20);
    expect(summary.authFailures).toBe(20);
    expect(summary.findings.map((f) => f.message)).toEqual([
      'binance/main (key a1b2c3d4): 20 of 60 requests failed (33.3%)',
      'binance/main (key a1b2c3d4): 20 failed authentication attempts (see kit logs --type auth)',
      'binance/main (key a1b2c3d4): 40 requests in the minute of 2024-05-01T11:00Z (a usual busy minute has 2)',
      'POST /sapi/v1/capital/withdraw/apply on binance: never used before this period',
    ]);
  });

  it('finds nothing unusual in steady, successful traffic and says when there is no baseline', () => {
    const records = Array.from({ length: 30 }, (_, i) => api(`2024-05-01T10:${String(i).padStart(2, '0')}:00Z`));
    const summary = summarize(records, []);
    expect(summary.findings).toEqual([]);
    expect(summary.baselineAvailable).toBe(false);
  });
});
