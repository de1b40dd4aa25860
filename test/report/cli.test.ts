// `kit report` through the built CLI (npm test builds first).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { reportSchema } from '../../src/report/schema.js';
import { makeIncident, type Fixture } from './fixture.js';

const run = promisify(execFile);
const KIT = path.resolve('bin/kit.js');

async function kit(args: string[], kitHome: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [KIT, ...args], { env: { ...process.env, KIT_HOME: kitHome, NO_COLOR: '1' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let f: Fixture;
beforeAll(async () => {
  f = await makeIncident({ dryRun: true });
});
afterAll(() => f.cleanup());

describe('kit report', () => {
  it('writes Markdown, HTML and JSON into the incident folder and says where', async () => {
    const result = await kit(['report', f.incidentId], f.kitHome);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^DRY RUN: nothing was changed/);
    for (const ext of ['md', 'html', 'json']) expect(result.stdout).toContain(`wrote ${path.join(f.dir, `report.${ext}`)}`);
    const json = JSON.parse(await fs.readFile(path.join(f.dir, 'report.json'), 'utf8'));
    expect(reportSchema.safeParse(json).success).toBe(true);
  });

  it('answers --json with the files written', async () => {
    const out = path.join(f.kitHome, 'only.html');
    const result = await kit(['--json', 'report', f.incidentId, '--format', 'html', '--out', out], f.kitHome);
    expect(result.code).toBe(0);
    const answer = JSON.parse(result.stdout);
    expect(answer).toMatchObject({ ok: true, dryRun: true, verdict: 'compromise-suspected', chainVerifies: true, files: [{ format: 'html', path: out }] });
  });

  it('exits 2 with a hint for an unknown incident or format', async () => {
    const missing = await kit(['report', 'no-such-incident'], f.kitHome);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no incident "no-such-incident"/);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    const format = await kit(['report', f.incidentId, '--format', 'pdf'], f.kitHome);
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/Allowed choices are md, html, json, all/);
  });
});
