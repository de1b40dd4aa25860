// `kit sim` through the built CLI: prints where it listens and the simulator-only credentials,
// serves until SIGINT; a malformed scenario gets located errors and exit code 2.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const KIT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'kit.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [KIT, ...args], { env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('kit sim', () => {
  it('serves the scenario, prints base URL, admin URL and credentials as JSON, and stops on SIGINT', async () => {
    const child = spawn(process.execPath, [KIT, '--json', 'sim', '--scenario', 'quiet', '--admin'], { env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    const printed = await new Promise<{ baseUrl: string; adminUrl: string; simulatorOnlyCredentials: Array<{ exchange: string; name: string; apiKey: string; secret: string }> }>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        stdout += d;
        try {
          resolve(JSON.parse(stdout));
        } catch {
          // not complete yet
        }
      });
      child.on('close', () => reject(new Error(`kit sim exited early: ${stdout}`)));
    });
    expect(printed.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(printed.adminUrl).toBe(`${printed.baseUrl}/__kit-sim/`);
    expect(printed.simulatorOnlyCredentials.map((c) => c.name)).toEqual(expect.arrayContaining(['grid-bot', 'read-only', 'ip-locked', 'sub-trader']));
    expect(printed.simulatorOnlyCredentials[0].apiKey).toMatch(/^[A-Za-z0-9]{64}$/);
    const time = await (await fetch(`${printed.baseUrl}/api/v3/time`)).json() as { serverTime: number };
    expect(typeof time.serverTime).toBe('number');
    expect((await fetch(`${printed.adminUrl}counters`)).status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });

  it('reports a malformed scenario file at file:line:col and exits 2', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kit-sim-'));
    const file = path.join(dir, 'broken.yaml');
    writeFileSync(file, ['version: 1', 'name: broken', 'seed: 1', 'accounts:', '  - name: main', '    exchange: binance', '    balances: { BTC: -1 }', 'markets: nope'].join('\n'));
    const result = await run(['sim', '--scenario', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/broken\.yaml:7:\d+ accounts\[0\]\.balances\.BTC: /);
    expect(result.stderr).toMatch(/broken\.yaml:8:10 markets: /);
    const json = await run(['--json', 'sim', '--scenario', file]);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, error: { type: 'ValidationError', exitCode: 2 } });
  });

  it('refuses an unknown scenario name and a bad port with exit code 2', async () => {
    const unknown = await run(['sim', '--scenario', 'no-such-scenario']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown scenario "no-such-scenario"');
    expect(unknown.stderr).toContain('quiet');
    const port = await run(['sim', '--scenario', 'quiet', '--port', 'http']);
    expect(port.code).toBe(2);
  });
});
