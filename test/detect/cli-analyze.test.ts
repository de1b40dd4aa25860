// `kit analyze` as a user runs it: the built CLI in a child process, on bundle files.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { withdrawalDrainCase } from '../../src/detect-eval/cases/attacks.js';
import { nightOwnerCase } from '../../src/detect-eval/cases/clean.js';
import type { AnalysisResult } from '../../src/detect/types.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'kit-analyze-'));
const file = (name: string, content: unknown) => {
  const p = path.join(dir, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content, null, 1));
  return p;
};
function kit(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'kit.js'), ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let drain: string;
let night: string;
beforeAll(() => {
  drain = file('drain.json', withdrawalDrainCase().bundle);
  night = file('night.json', nightOwnerCase().bundle);
});

describe('kit analyze', () => {
  it('exits 1 on a suspected compromise, with the verdict, the findings by severity and the flagged activity', () => {
    const r = kit('analyze', drain);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^Verdict: COMPROMISE SUSPECTED\./);
    expect(r.stdout).toMatch(/Findings\n {2}CRITICAL {2}withdrawal-new-address \[withdrawal\] {2}Withdrew [\d,]+ USDT to TKRxCKea88FDKDSJFSDKJ43243K/);
    expect(r.stdout).toMatch(/Flagged activity\n {2}label +kind +id +time/);
    expect(r.stdout).toMatch(/attacker-likely +withdrawal +wd000002/);
  });

  it('exits 0 when nothing is conclusive, and --json prints one document with labels', () => {
    const r = kit('analyze', night, '--json');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as AnalysisResult;
    expect(result.verdict.level).toBe('suspicious');
    expect(Object.keys(result.labels.trades)).toHaveLength(result.counts.trades);
    const drained = JSON.parse(kit('analyze', drain, '--json').stdout) as AnalysisResult;
    expect(drained.verdict.compromised).toBe(true);
  });

  it('applies --config over the bundle config (YAML)', () => {
    // The owner says market orders and night hours are normal for this account: nothing is left.
    const config = file('config.yaml', 'usualOrderTypes: [limit, market]\nusualHoursUtc: [2, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]\nclientOrderIdPrefixes: [web_, and_]\n');
    const r = kit('analyze', night, '--config', config);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Verdict: CLEAN\./);
    const bad = file('bad.yaml', 'allowListedAddresses: [x]\n');
    const b = kit('analyze', night, '--config', bad);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain(`${bad}:1:1 allowListedAddresses: unknown key "allowListedAddresses"`);
  });

  it('exits 2 on bad input, naming the file, the line and the record', () => {
    const bundle = nightOwnerCase().bundle;
    bundle.trades[17] = { ...bundle.trades[17], timestamp: Math.floor(bundle.trades[17].timestamp / 1000) };
    const bad = file('seconds.json', bundle);
    const r = kit('analyze', bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`${bad}:\\d+:\\d+ trades\\[17\\] \\(id ${bundle.trades[17].id}\\): timestamp looks like seconds \\(\\d+\\) — use milliseconds`));
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
    const notJson = kit('analyze', file('x.json', '{"format": "kit-activity-bundle",'));
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toMatch(/x\.json:1:\d+ not valid JSON/);
    const missing = kit('analyze', path.join(dir, 'nope.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read the activity bundle .*nope\.json: no such file/);
  });
});
