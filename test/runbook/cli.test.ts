// `kit runbook lint|list|show` through the built CLI (bin/kit.js), for exit codes and output.
// The test actions are registered in the CLI's own registry by a `node --import` preload.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadedPackage } from '../../bench/record-imports.mjs';

const fixtures = 'test/fixtures/runbooks';
let kitHome: string;

function kit(args: string[], options: { preload?: boolean; env?: Record<string, string> } = {}) {
  const preload = options.preload === false ? [] : ['--import', './test/helpers/preload-test-actions.mjs'];
  const result = spawnSync(process.execPath, [...preload, 'bin/kit.js', ...args], { encoding: 'utf8', env: { ...process.env, KIT_HOME: kitHome, NO_COLOR: '1', ...options.env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  kitHome = mkdtempSync(path.join(os.tmpdir(), 'kit-cli-'));
  mkdirSync(path.join(kitHome, 'runbooks'));
  writeFileSync(path.join(kitHome, 'runbooks', 'my-drill.yaml'), readFileSync(`${fixtures}/valid.yaml`, 'utf8').replace('name: valid', 'name: my-drill'));
});
afterAll(() => rmSync(kitHome, { recursive: true, force: true }));

describe('kit runbook lint', () => {
  it('exits 0 on a valid runbook', () => {
    const { code, stdout } = kit(['runbook', 'lint', `${fixtures}/valid.yaml`]);
    expect(stdout).toBe(`${fixtures}/valid.yaml: ok\n1 file checked: 0 errors, 0 warnings\n`);
    expect(code).toBe(0);
  });

  it('checks every file, prints every problem as file:line:col path: message, and exits 2', () => {
    const { code, stdout, stderr } = kit(['runbook', 'lint', `${fixtures}/unknown-key.yaml`, `${fixtures}/valid.yaml`, `${fixtures}/duplicate-id.yaml`]);
    expect(code).toBe(2);
    expect(stdout.split('\n')).toEqual([
      `${fixtures}/unknown-key.yaml:7:5 steps[0].retries: unknown key "retries" (did you mean "retry"?); allowed here: id, title, uses, with, if, retry, timeout, continue-on-error, always, approval, for-each, parallel`,
      `${fixtures}/unknown-key.yaml:8:5 steps[0].timout: unknown key "timout" (did you mean "timeout"?); allowed here: id, title, uses, with, if, retry, timeout, continue-on-error, always, approval, for-each, parallel`,
      `${fixtures}/valid.yaml: ok`,
      `${fixtures}/duplicate-id.yaml:10:9 steps[2].id: duplicate step id "cancel": steps[0] (line 4) already has it; step ids must be unique`,
      '3 files checked: 3 errors, 0 warnings',
      '',
    ]);
    expect(stderr).toBe('');
  });

  it('--json gives {files: [{file, problems}]}', () => {
    const { code, stdout } = kit(['runbook', 'lint', '--json', `${fixtures}/valid.yaml`, `${fixtures}/unknown-action.yaml`]);
    expect(code).toBe(2);
    const out = JSON.parse(stdout);
    expect(out.ok).toBe(false);
    expect(out.files).toEqual([
      { file: `${fixtures}/valid.yaml`, problems: [] },
      { file: `${fixtures}/unknown-action.yaml`, problems: [{ file: `${fixtures}/unknown-action.yaml`, line: 5, col: 11, path: 'steps[0].uses', severity: 'error', message: expect.stringContaining('unknown action "test.cancel-order" (did you mean "test.cancel-orders"?)') }] },
    ]);
  });

  it('warnings do not fail the check', () => {
    const file = path.join(kitHome, 'warn.yaml');
    writeFileSync(file, 'version: 1\nname: warn\ninputs:\n  unused: { type: string }\nsteps:\n  - id: a\n    uses: test.note\n    with: { message: hi }\n');
    const { code, stdout } = kit(['runbook', 'lint', file]);
    expect(stdout).toBe(`${file}:4:3 inputs.unused: warning: input "unused" is declared but no step uses it (\${{ inputs.unused }})\n1 file checked: 0 errors, 1 warning\n`);
    expect(code).toBe(0);
  });

  it('reports a missing file and an unknown runbook name as problems, and still checks the rest', () => {
    const { code, stdout } = kit(['runbook', 'lint', 'no/such.yaml', 'no-such-runbook', 'my-drill']);
    expect(code).toBe(2);
    expect(stdout).toContain('no/such.yaml:1:1 runbook file not found: no/such.yaml');
    expect(stdout).toContain('no-such-runbook:1:1 unknown runbook "no-such-runbook"');
    expect(stdout).toContain(`${path.join(kitHome, 'runbooks', 'my-drill.yaml')}: ok`);
  });

  it('knows the actions of KIT_ACTIONS_MODULE plugins, as kit run does', () => {
    const plugin = path.resolve('test/fixtures/plugins/acme-actions.mjs');
    const file = path.join(kitHome, 'plugin-runbook.yaml');
    writeFileSync(file, 'version: 1\nname: plugin-runbook\nsteps:\n  - id: page\n    uses: acme.page-oncall\n    with: { who: ops }\n');
    const without = kit(['runbook', 'lint', file], { preload: false });
    expect(without.code).toBe(2);
    expect(without.stdout).toContain('unknown action "acme.page-oncall"');
    const withPlugin = kit(['runbook', 'lint', file], { preload: false, env: { KIT_ACTIONS_MODULE: plugin } });
    expect(withPlugin.stdout).toBe(`${file}: ok\n1 file checked: 0 errors, 0 warnings\n`);
    expect(withPlugin.code).toBe(0);
    const show = kit(['runbook', 'show', file], { preload: false, env: { KIT_ACTIONS_MODULE: plugin } });
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('uses     acme.page-oncall (notify)');
  });

  it('loads neither ccxt nor listr2 (nor does kit --help)', () => {
    const record = path.join(kitHome, 'imports.txt');
    const env = { KIT_RECORD_IMPORTS: record };
    const lint = spawnSync(process.execPath, ['--import', './bench/record-imports.mjs', 'bin/kit.js', 'runbook', 'lint', `${fixtures}/valid.yaml`], { encoding: 'utf8', env: { ...process.env, ...env } });
    expect(lint.status).not.toBeNull();
    const recorded = readFileSync(record, 'utf8');
    // The recorder does see what lint loads...
    expect(loadedPackage(recorded, '@actions/expressions')).toBe(true);
    expect(loadedPackage(recorded, 'yaml')).toBe(true);
    // ...and not the heavy libraries.
    for (const heavy of ['ccxt', 'listr2', 'nodemailer', '@inquirer/prompts']) expect(loadedPackage(recorded, heavy)).toBe(false);
    spawnSync(process.execPath, ['--import', './bench/record-imports.mjs', 'bin/kit.js', '--help'], { encoding: 'utf8', env: { ...process.env, ...env } });
    const help = readFileSync(record, 'utf8');
    expect(loadedPackage(help, 'commander')).toBe(true);
    for (const heavy of ['ccxt', 'listr2', 'yaml', 'zod']) expect(loadedPackage(help, heavy)).toBe(false);
  });

  it('the import recorder does catch ccxt when it is loaded (so the test above can fail)', () => {
    const record = path.join(kitHome, 'control.txt');
    spawnSync(process.execPath, ['--import', './bench/record-imports.mjs', '--input-type=module', '-e', "await import('ccxt')"], { encoding: 'utf8', env: { ...process.env, KIT_RECORD_IMPORTS: record } });
    expect(loadedPackage(readFileSync(record, 'utf8'), 'ccxt')).toBe(true);
  });
});

describe('kit runbook list and show', () => {
  it('lists your runbooks with their title', () => {
    const { code, stdout } = kit(['runbook', 'list']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^my-drill\s+A valid runbook that uses every field {2}\(yours\)$/m);
    const json = JSON.parse(kit(['runbook', 'list', '--json']).stdout);
    expect(json.runbooks).toContainEqual({ name: 'my-drill', file: path.join(kitHome, 'runbooks', 'my-drill.yaml'), origin: 'user', title: 'A valid runbook that uses every field', errors: 0 });
  });

  it('shows each step in order with its effect and what a dry run would do', () => {
    const { code, stdout } = kit(['runbook', 'show', 'my-drill']);
    expect(code).toBe(0);
    expect(stdout).toContain('my-drill — A valid runbook that uses every field');
    expect(stdout).toContain('exchange: string, required, one of binance, bybit — ccxt exchange id');
    const steps = stdout.slice(stdout.indexOf('Steps:'));
    expect(steps.indexOf('1. cancel-orders')).toBeLessThan(steps.indexOf('2. activity'));
    expect(steps).toContain('uses     test.cancel-orders (write)');
    expect(steps).toContain('does     cancel every open order on ${{ inputs.exchange }}/${{ inputs.account }}');
    expect(steps).toContain('does     Reads recent activity (test action).');
    expect(steps).toContain('approval asks before running (approval: true)');
    expect(steps).toContain('dry run  planned only: cancel every open order on ${{ inputs.exchange }}/${{ inputs.account }}');
    expect(steps).toContain('dry run  runs for real (read)');
    expect(steps).toContain("if       inputs.notify && (failure() || steps.cancel-orders.outcome == 'success')");
    expect(steps).toContain('always   runs even after a failure');
  });

  it('show --json gives the steps with effect, condition, retry, timeout, approval and dry run', () => {
    const out = JSON.parse(kit(['runbook', 'show', '--json', `${fixtures}/valid.yaml`]).stdout);
    expect(out.name).toBe('valid');
    expect(out.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(out.steps.map((s: { id: string; effect: string; dryRun: string }) => [s.id, s.effect, s.dryRun])).toEqual([
      ['cancel-orders', 'write', 'planned only: cancel every open order on ${{ inputs.exchange }}/${{ inputs.account }}'],
      ['activity', 'read', 'runs for real (read)'],
      ['activity-again', 'read', 'runs for real (read)'],
      ['note', 'local', 'runs for real (local)'],
      ['notify', 'notify', 'planned only: the message is rendered, not sent'],
    ]);
    expect(out.steps[0]).toMatchObject({ retry: '3 attempts, 2s delay, exponential backoff (only for failures the action marks retryable)', timeout: '60s', approval: 'asks before running (approval: true)' });
  });

  it('show of an invalid runbook exits 2 with every problem; of an unknown name, lists what exists', () => {
    const invalid = kit(['runbook', 'show', `${fixtures}/several-errors.yaml`]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('several-errors.yaml is invalid: 8 problems');
    const unknown = kit(['runbook', 'show', 'my-dril']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown runbook "my-dril" (did you mean "my-drill"?)');
    expect(unknown.stderr).not.toContain('    at '); // no stack trace without --verbose
  });
});
