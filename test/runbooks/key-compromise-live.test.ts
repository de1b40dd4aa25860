// key-compromise, live, for two accounts in one incident (Binance and Bybit), with --yes and the
// simulator standing in for the operator where a person is needed (deleting the Binance key on
// the web page, creating the replacements, ticking the checklist): both leaked keys dead, every
// open order cancelled, the evidence of both accounts pulled with their read-only keys and
// flagged, safe keys reissued and working, the notice rendered, the report written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { simpleParser } from 'mailparser';
import path from 'node:path';
import { simOperator, inProcessWebPage, type OperatorLogEntry } from '../../src/drill/operator.js';
import { verifyJournal } from '../../src/engine/index.js';
import type { JournalRecord } from '../../src/engine/journal-types.js';
import type { RunResult } from '../../src/engine/options.js';
import { EnvStore } from '../../src/secrets/env-store.js';
import { keyFingerprint } from '../../src/sim/index.js';
import { recordsOf } from '../engine/helpers.js';
import { ACCOUNTS, leakedFingerprints, runbookWorld, type RunbookWorld } from './world.js';

let world: RunbookWorld;
let result: RunResult;
let records: JournalRecord[];
const operatorLog: OperatorLogEntry[] = [];
let leaked: Record<string, string>;

beforeAll(async () => {
  world = await runbookWorld();
  leaked = leakedFingerprints(world);
  expect(world.sim.state.openOrders().length).toBeGreaterThan(0);
  result = await world.run('key-compromise', { accounts: ACCOUNTS, since: '6h', 'verify-deadline': '30s' }, {
    operator: simOperator(inProcessWebPage(world.sim), { present: true, log: operatorLog }),
  });
  records = await world.journal(result.incidentDir);
}, 120_000);
afterAll(() => world.close());

const succeeded = (stepId: string) => recordsOf(records, 'step.succeeded').find((r) => r.data.stepId === stepId)?.data.outputs ?? {};

describe('key-compromise, live, two accounts', () => {
  it('succeeds, journaling every step once per account', async () => {
    const failed = recordsOf(records, 'step.failed').map((r) => `${r.data.stepId}: ${r.data.error.message}`);
    expect(result.status, failed.join('\n')).toBe('succeeded');
    const perAccount = ['snapshot', 'cancel-orders', 'revoke', 'verify-dead', 'sweep', 'flag', 'checklist', 'reissue', 'verify-new'];
    for (const step of perAccount) {
      expect(succeeded(step), step).toMatchObject({ count: 2, succeeded: 2, failed: 0 });
      for (const target of ACCOUNTS) expect(recordsOf(records, 'step.succeeded').some((r) => r.data.stepId === `${step}[${target}]`), `${step}[${target}]`).toBe(true);
    }
    expect((await verifyJournal(path.join(result.incidentDir, 'journal.jsonl'))).problems).toEqual([]);
  });

  it('contained both accounts at the same time: their cancels overlap', () => {
    const window = (target: string) => {
      const started = recordsOf(records, 'step.started').find((r) => r.data.stepId === `cancel-orders[${target}]`)!;
      const done = recordsOf(records, 'step.succeeded').find((r) => r.data.stepId === `cancel-orders[${target}]`)!;
      return [started.seq, done.seq];
    };
    const [a, b] = ACCOUNTS.map(window);
    // The second account's cancel started before the first one's ended (and the other way round).
    expect(b[0] < a[1] && a[0] < b[1]).toBe(true);
  });

  it('cancelled every open order and killed both leaked keys: Bybit through the API, Binance on its web page', () => {
    expect(world.sim.state.openOrders()).toEqual([]);
    for (const target of ACCOUNTS) {
      const key = world.sim.state.keys().find((k) => k.fingerprint === leaked[target]);
      expect(key?.deletedAt, target).not.toBeNull();
    }
    const revoke = succeeded('revoke').items as Record<string, { method: string; performed: boolean }>;
    expect(revoke['bybit/beta']).toMatchObject({ method: 'api-delete', performed: true });
    expect(revoke['binance/alpha']).toMatchObject({ method: 'manual', performed: true });
    expect(operatorLog.filter((e) => e.kind === 'delete-key' && e.done)).toHaveLength(1);
    const verified = succeeded('verify-dead').items as Record<string, { dead: boolean }>;
    expect(ACCOUNTS.map((t) => verified[t].dead)).toEqual([true, true]);
  });

  it('pulled the evidence of both accounts with their read-only keys, and flagged it', () => {
    const sweep = succeeded('sweep').items as Record<string, { bundlePath: string; trades: number }>;
    expect(sweep['binance/alpha'].bundlePath).toBe('evidence/binance-alpha/bundle.json');
    expect(sweep['bybit/beta'].bundlePath).toBe('evidence/bybit-beta/bundle.json');
    for (const target of ACCOUNTS) {
      const bundle = JSON.parse(readFileSync(path.join(result.incidentDir, sweep[target].bundlePath), 'utf8')) as { exchange: string; account: string; trades: unknown[] };
      expect(`${bundle.exchange}/${bundle.account}`).toBe(target);
      expect(bundle.trades.length).toBeGreaterThan(0);
      expect(existsSync(path.join(result.incidentDir, 'evidence', target.replace('/', '-'), 'findings.json'))).toBe(true);
    }
    const notes = recordsOf(records, 'note').map((r) => r.data.message);
    expect(notes).toContain('reading the history of binance/alpha with the key of binance/alpha_readonly');
    expect(notes).toContain('reading the history of bybit/beta with the key of bybit/beta_readonly');
    const evidence = recordsOf(records, 'evidence.written').map((r) => r.data.path);
    expect(evidence).toEqual(expect.arrayContaining(['evidence/binance-alpha/snapshot.json', 'evidence/bybit-beta/snapshot.json', 'evidence/binance-alpha/trades.jsonl', 'evidence/bybit-beta/trades.jsonl']));
  });

  it('reissued a safe key for each account, stored and working, and wrote the notice and the report', async () => {
    const store = new EnvStore({ envFile: world.envFile, env: {} });
    const reissued = succeeded('reissue').items as Record<string, { keyFingerprint: string }>;
    const checked = succeeded('verify-new').items as Record<string, { withdraw: boolean; trade: boolean }>;
    for (const target of ACCOUNTS) {
      const [exchange, account] = target.split('/');
      const stored = await store.get(exchange, account);
      expect(keyFingerprint(stored!.credentials.apiKey)).not.toBe(leaked[target]);
      const key = world.sim.state.keys().find((k) => k.fingerprint === keyFingerprint(stored!.credentials.apiKey));
      expect(key).toMatchObject({ deletedAt: null, permissions: ['read', 'trade'] });
      expect(reissued[target].keyFingerprint).toBeTruthy();
      expect(checked[target]).toMatchObject({ withdraw: false, trade: true });
    }
    expect(succeeded('notify')).toMatchObject({ sent: false, renderedPath: 'notifications/notify.eml' });
    const eml = readFileSync(path.join(result.incidentDir, 'notifications', 'notify.eml'), 'utf8');
    const mail = await simpleParser(eml);
    expect(mail.subject).toBe(`Key incident ${result.incidentId} (binance/alpha, bybit/beta): contained`);
    for (const format of ['md', 'html', 'json']) expect(existsSync(path.join(result.incidentDir, `report.${format}`))).toBe(true);
    // No secret of any key reached the incident folder.
    const everything = readFileSync(path.join(result.incidentDir, 'journal.jsonl'), 'utf8') + readFileSync(path.join(result.incidentDir, 'report.md'), 'utf8') + eml;
    for (const c of world.sim.admin.credentials()) {
      expect(everything).not.toContain(c.secret);
      expect(everything).not.toContain(c.apiKey);
    }
  });
});
