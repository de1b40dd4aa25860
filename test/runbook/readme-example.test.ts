// The full example in README.md's "Runbook format" section is a runbook lint accepts, with the
// actions kit ships: the documentation cannot drift from the real action inputs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadRunbookText } from '../../src/runbook/load.js';

describe('README runbook example', () => {
  it('passes lint with the shipped actions', () => {
    const readme = readFileSync('README.md', 'utf8');
    const section = readme.slice(readme.indexOf('### A full example'));
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    expect(yaml).toBeDefined();
    const { problems } = loadRunbookText(yaml as string, 'key-compromise.yaml');
    expect(problems.filter((p) => p.severity !== 'warning')).toEqual([]);
    expect(yaml).toContain('uses: key.revoke'); // the YAML really is the example
  });
});
