// `kit drill` as a user runs it: the built CLI, the built-in simulator, a fresh kit home.
// One drill passes end to end (containment, detection, evidence, notification, report, journal);
// one must fail (the scenario's keys cannot be revoked and nobody deletes them by hand).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const KIT = path.resolve('bin/kit.js');

function kit(args: string[], kitHome: string) {
  return spawnSync(process.execPath, [KIT, '--kit-home', kitHome, ...args], { encoding: 'utf8', timeout: 180_000, env: { ...process.env, CI: 'true', NO_COLOR: '1' } });
}

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? allFiles(full) : [full];
  });
}

describe('kit drill', () => {
  it('runs a full key-compromise drill on the simulator and passes', () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'kit-drill-'));
    const result = kit(['drill', '--json'], home);
    expect(result.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
    const out = JSON.parse(result.stdout) as { ok: boolean; drill: { passed: boolean; score: { checks: Array<{ name: string; passed: boolean; value: string }> }; incidentDir: string; incidentReport: string[] }; files: string[] };
    const failed = out.drill.score.checks.filter((c) => !c.passed);
    expect(failed).toEqual([]);
    expect(result.status).toBe(0);
    expect(out.ok).toBe(true);
    expect(out.files.map((f) => path.basename(f)).sort()).toEqual(['drill-report.html', 'drill-report.json', 'drill-report.md']);
    expect(out.drill.incidentReport.some((f) => f.endsWith('report.html') && existsSync(f))).toBe(true);
    // The drill's simulator keys (fake) still count as secrets: the report files are 0600 and
    // nothing the drill wrote outside its credential file holds one.
    for (const f of out.files) expect(statSync(f).mode & 0o777).toBe(0o600);
    const envFile = allFiles(home).find((f) => path.basename(f) === '.env');
    expect(envFile).toBeDefined();
    const secrets = readFileSync(envFile as string, 'utf8').split('\n').filter((l) => /_SECRET=/.test(l)).map((l) => l.split('=')[1]);
    expect(secrets.length).toBeGreaterThan(0);
    for (const file of allFiles(home).filter((f) => f !== envFile)) {
      const text = readFileSync(file, 'utf8');
      for (const s of secrets) expect(text.includes(s), `${file} holds a secret`).toBe(false);
    }
  });

  it('fails, exit 1, when the key cannot be revoked and nobody deletes it by hand', () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'kit-drill-'));
    const result = kit(['drill', '--scenario', 'unrevocable'], home);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/Drill FAILED/);
    expect(result.stdout).toMatch(/FAIL\s+time to contain\s+not contained.*the old key was not verified dead/);
    // It fails for that reason, not because a step refused its input.
    expect(result.stdout).not.toMatch(/invalid input/);
    expect(result.stdout).toMatch(/did not delete key/);
    expect(result.stderr).toMatch(/the drill failed: .*time to contain/);
    const md = allFiles(home).find((f) => f.endsWith('drill-report.md'));
    expect(md && readFileSync(md, 'utf8')).toMatch(/FAILED/);
  });

  it('refuses a bad threshold flag with a usage error', () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'kit-drill-'));
    const result = kit(['drill', '--min-recall', '2'], home);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--min-recall must be a number between 0 and 1/);
  });
});
