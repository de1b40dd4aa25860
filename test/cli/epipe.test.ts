// `kit ... | head`: a reader closing the pipe early is not an error (no stack trace, no crash),
// and kit's own exit code survives (2: the runbooks below are invalid).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const KIT = path.resolve('bin/kit.js');

describe('output into a closed pipe', () => {
  it('exits with its own status and no stack trace when the reader stops early', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kit-epipe-'));
    // Enough output (hundreds of located errors) to outlast the pipe once `head` has gone.
    for (let i = 0; i < 400; i++) writeFileSync(path.join(dir, `bad${i}.yaml`), 'version: 1\nname: x\nsteps: []\n');
    const result = spawnSync('bash', ['-c', `node ${KIT} runbook lint ${dir}/*.yaml | head -c 10 >/dev/null; echo "status=\${PIPESTATUS[0]}"`], { encoding: 'utf8' });
    expect(result.stderr).not.toMatch(/EPIPE|Unhandled|at /);
    expect(result.stdout).toMatch(/status=2/);
  });
});
