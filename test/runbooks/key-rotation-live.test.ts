// key-rotation, live, for a Binance and a Bybit account at once: a new key first (the stand-in
// creates it on the "web page"), checked, and only then the old key revoked (Bybit: through the
// API with the old key itself; Binance: on the web page) and proven dead. The old key waits in the
// store as <account>_previous meanwhile.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcessWebPage, simOperator, type OperatorLogEntry } from '../../src/drill/operator.js';
import type { JournalRecord } from '../../src/engine/journal-types.js';
import type { RunResult } from '../../src/engine/options.js';
import { EnvStore } from '../../src/secrets/env-store.js';
import { keyFingerprint } from '../../src/sim/index.js';
import { recordsOf } from '../engine/helpers.js';
import { ACCOUNTS, leakedFingerprints, runbookWorld, type RunbookWorld } from './world.js';

let world: RunbookWorld;
let result: RunResult;
let records: JournalRecord[];
const log: OperatorLogEntry[] = [];
let old: Record<string, string>;

beforeAll(async () => {
  world = await runbookWorld();
  old = leakedFingerprints(world);
  result = await world.run('key-rotation', { accounts: ACCOUNTS, 'key-ip': '127.0.0.1', 'verify-deadline': '30s' }, { operator: simOperator(inProcessWebPage(world.sim), { present: true, log }) });
  records = await world.journal(result.incidentDir);
}, 120_000);
afterAll(() => world.close());

describe('key-rotation, live, two accounts', () => {
  it('replaces each key with a working one, then revokes the old one and proves it dead', async () => {
    const failed = recordsOf(records, 'step.failed').map((r) => `${r.data.stepId}: ${r.data.error.message}`);
    expect(result.status, failed.join('\n')).toBe('succeeded');
    const store = new EnvStore({ envFile: world.envFile, env: {} });
    for (const target of ACCOUNTS) {
      const [exchange, account] = target.split('/');
      const current = keyFingerprint((await store.get(exchange, account))!.credentials.apiKey);
      const previous = keyFingerprint((await store.get(exchange, `${account}_previous`))!.credentials.apiKey);
      expect(previous, target).toBe(old[target]);
      expect(current, target).not.toBe(old[target]);
      const keys = world.sim.state.keys();
      expect(keys.find((k) => k.fingerprint === current), target).toMatchObject({ deletedAt: null, permissions: ['read', 'trade'], ips: ['127.0.0.1'] });
      expect(keys.find((k) => k.fingerprint === old[target])?.deletedAt, target).not.toBeNull();
    }
    const revoked = recordsOf(records, 'step.succeeded').find((r) => r.data.stepId === 'revoke-old')?.data.outputs.items as Record<string, { method: string }>;
    expect(revoked['bybit/beta'].method).toBe('api-delete');
    expect(revoked['binance/alpha'].method).toBe('manual');
    expect(log.map((e) => e.kind).sort()).toEqual(['create-key', 'create-key', 'delete-key']);
  });

  it('revoked each old key only after its new key was checked', () => {
    for (const target of ACCOUNTS) {
      const seqOf = (stepId: string) => recordsOf(records, 'step.succeeded').find((r) => r.data.stepId === stepId)!.seq;
      expect(seqOf(`verify-new[${target}]`)).toBeLessThan(recordsOf(records, 'step.started').find((r) => r.data.stepId === `revoke-old[${target}]`)!.seq);
      expect(seqOf(`verify-old-dead[${target}]`)).toBeGreaterThan(seqOf(`revoke-old[${target}]`));
    }
    const notes = recordsOf(records, 'note').map((r) => r.data.message);
    expect(notes).toContain('The old key of bybit/beta is dead; remove its stored copy: kit disconnect bybit --account beta_previous');
  });
});
