import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { appendAudit, appendAuditSync, createAuditSink, resetAuditStateForTests } from '../../src/audit/audit-log.js';
import { readAudit } from '../../src/audit/read-audit.js';
import { clearSecretsForTests, registerSecret } from '../../src/secrets/redact.js';
import { modeOf, tempDir } from '../secrets/helpers/files.js';

describe('audit log', () => {
  let kitHome: string;
  let cleanup: () => void;
  beforeEach(() => {
    ({ dir: kitHome, cleanup } = tempDir('kit-audit-'));
    resetAuditStateForTests();
  });
  afterEach(() => {
    cleanup();
    clearSecretsForTests();
  });

  it('writes one 0600 JSONL file per UTC day, naming the OS user, redacted, without query strings', async () => {
    registerSecret('audit-canary-secret');
    await appendAudit(kitHome, { type: 'config', time: '2024-05-01T23:59:59.000Z', message: 'stored audit-canary-secret for binance/main' });
    await appendAudit(kitHome, { type: 'api', time: '2024-05-02T00:00:01.000Z', exchange: 'binance', endpoint: '/sapi/v1/account/apiRestrictions?timestamp=1&signature=abcdef0123456789', method: 'GET', status: 200 });
    const dir = path.join(kitHome, 'audit');
    expect(readdirSync(dir).sort()).toEqual(['2024-05-01.jsonl', '2024-05-02.jsonl']);
    expect(modeOf(path.join(dir, '2024-05-01.jsonl'))).toBe(0o600);
    expect(modeOf(dir)).toBe(0o700);
    const first = JSON.parse(readFileSync(path.join(dir, '2024-05-01.jsonl'), 'utf8'));
    expect(first).toEqual({ type: 'config', time: '2024-05-01T23:59:59.000Z', user: os.userInfo().username, message: 'stored [REDACTED] for binance/main' });
    const second = JSON.parse(readFileSync(path.join(dir, '2024-05-02.jsonl'), 'utf8'));
    expect(second.endpoint).toBe('/sapi/v1/account/apiRestrictions');
    const read = await readAudit(kitHome, '2024-05-01T00:00:00.000Z', '2024-05-03T00:00:00.000Z');
    expect(read.records.map((r) => r.type)).toEqual(['config', 'api']);
  });

  it('rolls a full day into parts and, at the cap, drops further api records but keeps the others', async () => {
    const limits = { maxPartBytes: 400, maxPartsPerDay: 3 };
    const time = '2024-06-01T12:00:00.000Z';
    for (let i = 0; i < 40; i++) appendAuditSync(kitHome, { type: 'api', time, exchange: 'bybit', endpoint: `/v5/order/realtime/${i}`, method: 'GET', status: 200 }, limits);
    appendAuditSync(kitHome, { type: 'incident', time, message: 'incident started after the cap' }, limits);
    const dir = path.join(kitHome, 'audit');
    expect(readdirSync(dir).sort()).toEqual(['2024-06-01.1.jsonl', '2024-06-01.2.jsonl', '2024-06-01.jsonl']);
    const { records } = await readAudit(kitHome, '2024-06-01T00:00:00.000Z', '2024-06-02T00:00:00.000Z');
    const api = records.filter((r) => r.type === 'api');
    expect(api.length).toBeGreaterThan(3);
    expect(api.length).toBeLessThan(40);
    expect(records.filter((r) => /cap reached/.test(r.message ?? ''))).toHaveLength(1);
    expect(records.at(-1)?.message).toBe('incident started after the cap');
  });

  it('deletes days older than the retention period', async () => {
    const dir = path.join(kitHome, 'audit');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, '2000-01-01.jsonl'), '{}\n');
    await appendAudit(kitHome, { type: 'config', message: 'now' });
    expect(readdirSync(dir).some((n) => n.startsWith('2000-'))).toBe(false);
  });

  it('gives the exchange layer a sink that never throws into a running incident', () => {
    const blocked = path.join(kitHome, 'not-a-dir');
    writeFileSync(blocked, 'a file where the audit folder should be');
    const errors: string[] = [];
    const sink = createAuditSink(blocked, (m) => errors.push(m));
    sink({ type: 'api', endpoint: '/x' });
    sink({ type: 'api', endpoint: '/y' });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/could not write the audit log .*; continuing without it/);
    createAuditSink(kitHome)({ type: 'api', exchange: 'okx', endpoint: '/api/v5/account/config' });
    expect(readdirSync(path.join(kitHome, 'audit'))).toHaveLength(1);
  });
});
