// The report of an incident recorded for real: the engine runs a key-compromise runbook against
// the simulated exchange (the `compromise` scenario, with a stand-in deleting the key by hand as
// the exchange's web page would: a leaked Binance key used to dump alts into
// BTC and buy VIA at many times its price), and the report is built from what it journaled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runIncident, type RunResult } from '../../src/engine/index.js';
import { loadScenario, startSimulator, type SimHandle } from '../../src/sim/index.js';
import { buildReport } from '../../src/report/build-report.js';
import { renderReport } from '../../src/report/render.js';
import { reportSchema, type Report } from '../../src/report/schema.js';
import { clearSecretsForTests } from '../../src/secrets/redact.js';

const RUNBOOK = `version: 1
name: key-compromise-test
inputs:
  exchange: { type: string, default: binance }
steps:
  - id: cancel-orders
    uses: exchange.cancel-all-orders
    with: { exchange: "\${{ inputs.exchange }}" }
  - id: revoke
    uses: key.revoke
    with: { exchange: "\${{ inputs.exchange }}" }
  - id: verify-dead
    uses: key.verify-revoked
    with: { exchange: "\${{ inputs.exchange }}", deadline: 20s, interval: 1s }
  - id: sweep
    uses: exchange.fetch-activity
    with: { exchange: "\${{ inputs.exchange }}", account: readonly, since: 3d, baseline: 2d }
  - id: flag
    uses: activity.flag
    with: { bundle: "\${{ steps.sweep.outputs.bundlePath }}" }
  - id: report
    uses: report.render
    always: true
`;

let sim: SimHandle;
let root: string;
let result: RunResult;
let report: Report;
let apiKey: string;
const saved = { ...process.env };

beforeAll(async () => {
  sim = await startSimulator({ scenario: await loadScenario('compromise') });
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'kit-recorded-'));
  const key = sim.admin.credentials().find((c) => c.account === 'main' && c.name === 'grid-bot');
  if (!key) throw new Error('the compromise scenario has no main/grid-bot key');
  apiKey = key.apiKey;
  // The leaked key is deleted during the run; the evidence is pulled with the account's read-only key.
  const reader = sim.admin.credentials().find((c) => c.account === 'main' && c.name === 'read-only');
  if (!reader) throw new Error('the compromise scenario has no main/read-only key');
  Object.assign(process.env, {
    BINANCE_MAIN_API_KEY: key.apiKey, BINANCE_MAIN_SECRET: key.secret, BINANCE_MAIN_BASE_URL: sim.baseUrl,
    BINANCE_READONLY_API_KEY: reader.apiKey, BINANCE_READONLY_SECRET: reader.secret, BINANCE_READONLY_BASE_URL: sim.baseUrl,
  });
  const file = path.join(root, 'key-compromise-test.yaml');
  await fs.writeFile(file, RUNBOOK);
  // The drill's stand-in for the person who deletes the key on the exchange's web page.
  const operator = { perform: async (kind: string) => (kind === 'delete-key' && sim.admin.deleteKey(key.apiKey) ? { deleted: true } : undefined) };
  result = await runIncident({ runbookFile: file, kitHome: path.join(root, 'home'), yes: true, output: 'silent', env: {}, operator });
  report = await buildReport(result.incidentDir);
}, 120_000);
afterAll(async () => {
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  clearSecretsForTests();
  await sim?.close();
  await fs.rm(root, { recursive: true, force: true });
});

describe('the report of a run against the simulator', () => {
  it('is valid, verifies, and finds the compromise', () => {
    expect(result.status).toBe('succeeded');
    expect(reportSchema.safeParse(report).success).toBe(true);
    expect(report.evidence.chain.ok).toBe(true);
    expect(report.evidence.allMatch).toBe(true);
    expect(report.evidence.files.length).toBeGreaterThanOrEqual(2);
    expect(report.verdict).toMatchObject({ level: 'compromise-suspected', compromised: true });
    expect(report.findings.length).toBeGreaterThan(0);
    expect(report.trades.flagged.rows.some((t) => t.symbol === 'VIA/BTC')).toBe(true);
    expect(report.attackWindow).not.toBeNull();
  });

  it('measures containment and detection from the journal, and says why recovery was not reached', () => {
    expect(report.metrics.contain.reached).toBe(true);
    expect(report.metrics.detect.reached).toBe(true);
    expect(report.metrics.recover).toMatchObject({ reached: false, reason: 'no key.reissue step ran, so no new key was issued' });
    expect(report.metrics.exposure.reached).toBe(true);
    expect(report.todo.find((t) => t.text === 'The leaked key is verified dead.')?.done).toBe(true);
  });

  it('renders every format without the leaked key, and the report step wrote its own copy', async () => {
    for (const format of ['md', 'html', 'json'] as const) {
      const text = await renderReport(report, format);
      expect(text).not.toContain(apiKey);
    }
    const written = JSON.parse(await fs.readFile(path.join(result.incidentDir, 'report.json'), 'utf8'));
    expect(reportSchema.safeParse(written).success).toBe(true);
    expect(written.incident.status).toBe('in-progress');
  });
});
