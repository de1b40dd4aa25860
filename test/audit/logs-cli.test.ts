import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendAuditSync, resetAuditStateForTests } from '../../src/audit/audit-log.js';
import { tempDir } from '../secrets/helpers/files.js';
import { isolatedEnv, runKit } from '../secrets/helpers/cli.js';

describe('kit logs (built CLI)', () => {
  let kitHome: string;
  let cleanup: () => void;
  beforeEach(() => {
    ({ dir: kitHome, cleanup } = tempDir('kit-logs-'));
    resetAuditStateForTests();
    const now = Date.now();
    const at = (minutesAgo: number): string => new Date(now - minutesAgo * 60_000).toISOString();
    // Ten days ago: the baseline, with the account endpoint only.
    appendAuditSync(kitHome, { type: 'api', time: new Date(now - 10 * 86_400_000).toISOString(), exchange: 'binance', account: 'main', keyFingerprint: 'a1b2c3d4', endpoint: '/api/v3/account', method: 'GET', status: 200 });
    appendAuditSync(kitHome, { type: 'config', time: at(30), exchange: 'binance', account: 'main', keyFingerprint: 'a1b2c3d4', message: 'connected binance/main' });
    appendAuditSync(kitHome, { type: 'api', time: at(20), exchange: 'binance', account: 'main', keyFingerprint: 'a1b2c3d4', endpoint: '/api/v3/account', method: 'GET', status: 200, durationMs: 12 });
    appendAuditSync(kitHome, { type: 'api', time: at(10), exchange: 'binance', account: 'main', keyFingerprint: 'a1b2c3d4', endpoint: '/sapi/v1/capital/withdraw/apply', method: 'POST', status: 401, errorClass: 'AuthenticationError', errorKind: 'dead' });
    appendAuditSync(kitHome, { type: 'api', time: at(5), exchange: 'bybit', account: 'main', endpoint: '/v5/user/query-api', method: 'GET', status: 200 });
  });
  afterEach(() => cleanup());

  it('lists the last days with a summary of unusual patterns', async () => {
    const r = await runKit(['logs', '--days', '7'], { env: isolatedEnv({ KIT_HOME: kitHome }) });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Audit log, last 7 days \(since .*\): 4 records$/m);
    expect(r.stdout).toMatch(/config\s+binance\/main\s+a1b2c3d4\s+connected binance\/main/);
    expect(r.stdout).toContain('! POST /sapi/v1/capital/withdraw/apply on binance: never used before this period');
    expect(r.stdout).toContain('! binance/main (key a1b2c3d4): 1 failed authentication attempt');
    expect(r.stdout).not.toContain('/api/v3/account on binance: never used');
  });

  it('--type auth lists only failed authentication attempts; --exchange and --json filter and structure', async () => {
    const auth = await runKit(['logs', '--type', 'auth'], { env: isolatedEnv({ KIT_HOME: kitHome }) });
    expect(auth.stdout).toMatch(/^Failed authentication attempts, last 7 days .*: 1 record$/m);
    expect(auth.stdout).toMatch(/POST \/sapi\/v1\/capital\/withdraw\/apply\s+401 AuthenticationError \(dead\)/);
    const json = await runKit(['logs', '--exchange', 'bybit', '--type', 'api', '--json'], { env: isolatedEnv({ KIT_HOME: kitHome }) });
    const doc = JSON.parse(json.stdout);
    expect(doc.records.map((r: { endpoint: string }) => r.endpoint)).toEqual(['/v5/user/query-api']);
    expect(doc.summary.apiRequests).toBe(1);
    expect(doc.records[0].user).toBeTruthy();
  });

  it('rejects a bad flag with exit code 2 and a clear message', async () => {
    const r = await runKit(['logs', '--days', 'soon'], { env: isolatedEnv({ KIT_HOME: kitHome }) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('kit: --days must be a whole number from 1 to 90, got "soon"');
  });
});
