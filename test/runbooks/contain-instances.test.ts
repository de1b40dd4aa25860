// contain-now, live, for a Binance and a Bybit account, counting the ccxt instances kit builds
// for each leaked key and the requests each instance sends: the steps of the run share ONE
// instance per account (cancel and, on Bybit, the key deleting itself), and the proof that the
// key is dead comes from a second, fresh instance that sent nothing before the key was revoked.
import ccxt from 'ccxt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simOperator, inProcessWebPage } from '../../src/drill/operator.js';
import type { JournalRecord } from '../../src/engine/journal-types.js';
import type { RunResult } from '../../src/engine/options.js';
import { keyFingerprint } from '../../src/sim/index.js';
import { recordsOf } from '../engine/helpers.js';
import { ACCOUNTS, leakedFingerprints, runbookWorld, type RunbookWorld } from './world.js';

type Ctor = new (config: Record<string, unknown>) => object;

/** One ccxt instance: which key it holds (its fingerprint) and when it sent each request. */
interface Built {
  key: string | undefined;
  requests: Array<{ seq: number; method: string; path: string }>;
}

const built: Built[] = [];
/** What happened, in order: requests (by the instance that sent them) and the operator's deletions. */
let seq = 0;
const deletedAt = new Map<string, number>();
const originals = new Map<string, Ctor>();
const ccxtClasses = ccxt as unknown as Record<string, Ctor>;

/** Replaces ccxt's class for `id` (the gateway builds every instance from it) with one that records. */
function record(id: string): void {
  const Original = ccxtClasses[id];
  originals.set(id, Original);
  ccxtClasses[id] = class extends Original {
    constructor(config: Record<string, unknown>) {
      super(config);
      const entry: Built = { key: keyFingerprint(String(config.apiKey ?? '')) || undefined, requests: [] };
      built.push(entry);
      const self = this as unknown as { fetch: (url: string, method?: string, ...rest: unknown[]) => Promise<unknown> };
      const send = self.fetch.bind(this);
      self.fetch = (url, method = 'GET', ...rest) => {
        entry.requests.push({ seq: seq++, method, path: new URL(url).pathname });
        return send(url, method, ...rest);
      };
    }
  };
}

/** The run under test, once beforeAll has made it. */
const run = {} as { world: RunbookWorld; result: RunResult; records: JournalRecord[]; leaked: Record<string, string> };

beforeAll(async () => {
  const world = await runbookWorld();
  Object.assign(run, { world, leaked: leakedFingerprints(world) });
  record('binance');
  record('bybit');
  const page = inProcessWebPage(world.sim);
  const watched = { ...page, deleteKey: async (fingerprint: string) => {
    deletedAt.set(fingerprint, seq++);
    return page.deleteKey(fingerprint);
  } };
  run.result = await world.run('contain-now', { accounts: ACCOUNTS, 'verify-deadline': '30s' }, { operator: simOperator(watched, { present: true, log: [] }) });
  run.records = await world.journal(run.result.incidentDir);
}, 120_000);
afterAll(async () => {
  for (const [id, Original] of originals) ccxtClasses[id] = Original;
  await run.world.close();
});

/** The instances built with the leaked key of `target`, in the order they were built. */
const instancesOf = (target: string) => built.filter((b) => b.key === run.leaked[target]);

describe('contain-now: one instance per account for the run, a fresh one for the proof', () => {
  it('contains both accounts', () => {
    const failed = recordsOf(run.records, 'step.failed').map((r) => `${r.data.stepId}: ${r.data.error.message}`);
    expect(run.result.status, failed.join('\n')).toBe('succeeded');
    expect(run.world.sim.state.openOrders()).toEqual([]);
    for (const target of ACCOUNTS) expect(run.world.sim.state.keys().find((k) => k.fingerprint === run.leaked[target])?.deletedAt, target).toEqual(expect.any(Number));
  });

  it('builds two instances per leaked key: the one the steps share, and the probe', () => {
    for (const target of ACCOUNTS) expect(instancesOf(target), target).toHaveLength(2);
  });

  it('cancels (and on Bybit revokes) with the shared instance', () => {
    const [binanceShared] = instancesOf('binance/alpha');
    expect(binanceShared.requests.filter((r) => r.method === 'DELETE' && r.path === '/api/v3/openOrders').length).toBeGreaterThan(0);
    const [bybitShared] = instancesOf('bybit/beta');
    const paths = bybitShared.requests.map((r) => `${r.method} ${r.path}`);
    expect(paths).toContain('POST /v5/order/cancel-all');
    expect(paths).toContain('POST /v5/user/delete-api');
  });

  it('proves each key dead with an instance that sent nothing before the key was revoked', () => {
    const revokedAt = (target: string): number => {
      if (target.startsWith('binance/')) return deletedAt.get(run.leaked[target])!;
      const [shared] = instancesOf(target);
      return shared.requests.find((r) => r.path === '/v5/user/delete-api')!.seq;
    };
    const probes: Record<string, string> = { 'binance/alpha': '/sapi/v1/account/apiRestrictions', 'bybit/beta': '/v5/user/query-api' };
    for (const target of ACCOUNTS) {
      const [, probe] = instancesOf(target);
      expect(revokedAt(target), target).toBeTypeOf('number');
      expect(probe.requests.length, target).toBeGreaterThan(0);
      expect(probe.requests.every((r) => r.seq > revokedAt(target) && r.path === probes[target]), JSON.stringify(probe.requests)).toBe(true);
    }
  });
});
