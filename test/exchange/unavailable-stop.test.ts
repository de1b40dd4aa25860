// An exchange that keeps failing (every answer 5xx) does not fail a write step for good: the run
// stops resumable (UnavailableError, exit 5, with the resume command), the journal keeps the step
// pending, and `kit resume` once the exchange answers again carries the write out, once.
import { promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { resumeIncident, runIncident } from '../../src/engine/index.js';
import { UnavailableError } from '../../src/errors.js';
import { parseScenario, startSimulator, type SimHandle } from '../../src/sim/index.js';
import { journalOf } from '../engine/helpers.js';

const RUNBOOK = `version: 1
name: cancel-then-note
steps:
  - id: cancel-orders
    uses: exchange.cancel-all-orders
    with: { exchange: bybit, account: main }
  - id: after
    uses: log.note
    with: { message: contained }
`;

let sim: SimHandle;
let root: string;
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  const doc = parse(readFileSync('scenarios/compromise-bybit.yaml', 'utf8')) as Record<string, unknown>;
  doc.historyDays = 2;
  doc.faults = { serverErrorShare: 1 };
  sim = await startSimulator({ scenario: parseScenario(stringify(doc), 'down.yaml') });
  const c = sim.admin.credentials().find((x) => x.account === 'main' && x.name === 'grid-bot')!;
  for (const [k, v] of Object.entries({ BYBIT_MAIN_API_KEY: c.apiKey, BYBIT_MAIN_SECRET: c.secret, BYBIT_MAIN_BASE_URL: sim.baseUrl })) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'kit-unavailable-'));
  await fs.writeFile(path.join(root, 'runbook.yaml'), RUNBOOK);
});
afterAll(async () => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await sim.close();
  await fs.rm(root, { recursive: true, force: true });
});

it('stops resumable while the exchange fails, and the resume makes the write once it answers', async () => {
  const kitHome = path.join(root, 'home');
  const error = await runIncident({ runbookFile: path.join(root, 'runbook.yaml'), kitHome, yes: true }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UnavailableError);
  expect((error as UnavailableError).message).toMatch(/stopped: bybit did not answer/);
  expect((error as UnavailableError).hint).toMatch(/kit resume \S+/);
  const id = ((error as UnavailableError).details as { incidentId: string }).incidentId;
  const dir = path.join(kitHome, 'incidents', id);
  const before = await journalOf(dir);
  const failed = before.filter((r) => r.type === 'step.failed');
  expect(failed.at(-1)?.data).toMatchObject({ stepId: 'cancel-orders', willRetry: true, continueOnError: false });
  expect(before.at(-1)?.type).toBe('run.interrupted');
  expect(before.some((r) => r.type === 'run.finished' || (r.type === 'step.started' && (r.data as { stepId: string }).stepId === 'after'))).toBe(false);

  sim.scenario.faults.serverErrorShare = 0; // the exchange answers again
  const resumed = await resumeIncident({ incidentId: id, kitHome, yes: true });
  expect(resumed.status).toBe('succeeded');
  const done = sim.admin.requestLog().filter((e) => e.path === '/v5/order/cancel-all' && e.ok);
  expect(done.length).toBeGreaterThan(0);
  expect(sim.state.openOrders('main')).toEqual([]);
});
