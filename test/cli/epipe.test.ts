// `kit ... | head`: a reader closing the pipe early is not an error (no stack trace, no crash).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const KIT = path.resolve('bin/kit.js');

describe('output into a closed pipe', () => {
  it('exits quietly when the reader stops early', () => {
    const result = spawnSync('bash', ['-c', `node ${KIT} runbook --help | head -c 10 >/dev/null; echo "status=\${PIPESTATUS[0]}"`], { encoding: 'utf8' });
    expect(result.stderr).not.toMatch(/EPIPE|Error|at /);
    expect(result.stdout).toMatch(/status=0/);
  });
});
