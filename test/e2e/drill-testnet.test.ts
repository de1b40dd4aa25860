// `kit drill --target testnet`: a key the testnet refuses is refused before anything runs; a key
// it accepts gets a read-only drill (a dry run: writes planned, none sent). No internet here, so
// the stored account's base URL points the testnet endpoints at the simulator, which accepts only
// its own keys, just as the real testnet accepts only testnet keys.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario, startSimulator, type SimHandle } from '../../src/sim/index.js';

const KIT = path.resolve('bin/kit.js');
let sim: SimHandle;

beforeAll(async () => {
  sim = await startSimulator({ scenario: await loadScenario('compromise') });
});
afterAll(async () => sim?.close());

// Asynchronous on purpose: the simulator runs in this process and must keep answering.
function drill(envLines: string[], extra: string[] = []): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const home = mkdtempSync(path.join(os.tmpdir(), 'kit-testnet-'));
  const envFile = path.join(home, 'user.env');
  writeFileSync(envFile, envLines.join('\n') + '\n', { mode: 0o600 });
  const child = spawn(process.execPath, [KIT, '--kit-home', home, 'drill', '--target', 'testnet', '--exchange', 'binance', '--runbook', 'contain-now', ...extra], {
    env: { ...process.env, KIT_ENV_FILE: envFile, CI: 'true', NO_COLOR: '1' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
}

describe('kit drill --target testnet', () => {
  it('refuses a key the testnet does not accept, before running anything', async () => {
    const result = await drill(['BINANCE_TESTNET_API_KEY=not-a-testnet-key-0123456789', 'BINANCE_TESTNET_SECRET=not-a-testnet-secret-0123456789', `BINANCE_TESTNET_BASE_URL=${sim.baseUrl}`]);
    expect(result.stderr).toMatch(/not a testnet key/);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/not a testnet key/);
    expect(result.stderr).not.toContain('not-a-testnet-secret-0123456789');
    expect(sim.admin.requestLog().filter((r) => r.mutating)).toEqual([]);
  });

  it('runs read-only: the plan is made from real reads and no mutating request is sent', async () => {
    const key = sim.admin.credentials().find((c) => c.name === 'grid-bot');
    expect(key).toBeDefined();
    const openBefore = sim.state.openOrders().length;
    const result = await drill([`BINANCE_TESTNET_API_KEY=${key?.apiKey}`, `BINANCE_TESTNET_SECRET=${key?.secret}`, `BINANCE_TESTNET_BASE_URL=${sim.baseUrl}`]);
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.stdout).toMatch(/Drill PASSED/);
    expect(result.status).toBe(0);
    expect(sim.admin.requestLog().filter((r) => r.mutating)).toEqual([]);
    expect(sim.state.openOrders().length).toBe(openBefore);
    expect(result.stdout).not.toContain(key?.secret as string);
  });
});
