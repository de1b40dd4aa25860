// kit connect, check and logs with kit's own key inspector (the exchange layer, ccxt) against
// the simulated exchange: no test double between the CLI and the exchange's HTTP API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { loadScenario, startSimulator, type SimHandle } from '../../src/sim/index.js';
import { keyFingerprint } from '../../src/secrets/fingerprint.js';
import { tempDir } from '../secrets/helpers/files.js';
import { isolatedEnv, runKit, type CliResult } from '../secrets/helpers/cli.js';
import type { CheckItem } from '../../src/check/types.js';

describe('security commands against the simulator (built CLI, real exchange layer)', () => {
  let sim: SimHandle;
  let cleanup: () => void;
  let project: string;
  let kitHome: string;
  let gridBot: { apiKey: string; secret: string };
  beforeAll(async () => {
    sim = await startSimulator({ scenario: await loadScenario('quiet') });
    const key = sim.admin.credentials().find((c) => c.account === 'main' && c.name === 'grid-bot');
    if (!key) throw new Error('the quiet scenario has no grid-bot key');
    gridBot = { apiKey: key.apiKey, secret: key.secret };
    let root: string;
    ({ dir: root, cleanup } = tempDir('kit-sim-cmds-'));
    project = path.join(root, 'project');
    kitHome = path.join(root, 'kit-home');
    mkdirSync(project);
  });
  afterAll(async () => {
    await sim.close();
    cleanup();
  });
  const kit = (args: string[], input?: string): Promise<CliResult> => runKit(args, { cwd: project, input, env: isolatedEnv({ KIT_HOME: kitHome }) });
  const items = (r: CliResult): Record<string, CheckItem> => Object.fromEntries((JSON.parse(r.stdout).items as CheckItem[]).map((i) => [i.id, i]));

  it('connect stores the grid-bot key after reading its restrictions from the exchange', async () => {
    const r = await kit(['connect', 'binance', '--api-key', gridBot.apiKey, '--secret-stdin', '--base-url', sim.baseUrl], gridBot.secret);
    expect(r.stderr).toContain('warning: the key has no IP restriction');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/trade:\s+yes/);
    expect(r.stdout).toMatch(/withdraw:\s+no/);
  });

  it('connect refuses a key created with withdrawals enabled', async () => {
    const risky = sim.admin.createKey({ exchange: 'binance', account: 'main', permissions: ['read', 'trade', 'withdraw'] });
    const r = await kit(['connect', 'binance', '--account', 'risky', '--api-key', risky.apiKey, '--secret-stdin', '--base-url', sim.baseUrl], risky.secret);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/withdraw:\s+YES/);
    expect(r.stderr).toContain('kit: not stored: the key has withdrawals enabled');
  });

  it('check asks the exchange: withdrawals off, no IP restriction, 200 days old', async () => {
    const r = await kit(['check', '--json']);
    const got = items(r);
    expect(got['withdrawals-disabled']).toMatchObject({ status: 'pass', reason: 'no connected key can withdraw (1 checked with the exchange)' });
    expect(got['ip-restricted']).toMatchObject({ status: 'fail', reason: 'binance/main has no IP restriction' });
    expect(got['keys-work'].status).toBe('pass');
    expect(got['key-age']).toMatchObject({ status: 'fail', reason: expect.stringMatching(/^binance\/main is 20\d days old/) });
    expect(r.code).toBe(0);
  });

  it('after the key is deleted on the exchange, check reports it refused and logs lists the failed authentication', async () => {
    expect(sim.admin.deleteKey(gridBot.apiKey)).toBe(true);
    const r = await kit(['check', '--json']);
    const got = items(r);
    expect(got['keys-work']).toMatchObject({ status: 'fail', reason: expect.stringContaining('binance refused the key for binance/main') });
    expect(got['withdrawals-disabled'].status).toBe('skip');
    const logs = await kit(['logs', '--type', 'auth', '--json']);
    const doc = JSON.parse(logs.stdout);
    expect(doc.records.some((rec: { keyFingerprint?: string; endpoint?: string; errorKind?: string }) => rec.keyFingerprint === keyFingerprint(gridBot.apiKey) && rec.endpoint === '/sapi/v1/account/apiRestrictions' && rec.errorKind === 'dead')).toBe(true);
    expect(logs.stdout).not.toContain(gridBot.secret);
  });
});
