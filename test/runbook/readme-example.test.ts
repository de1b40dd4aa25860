// The full example in README.md's "Runbook format" section is a runbook lint accepts: its only
// problems may be actions that are not registered in this test (they ship with other modules).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadRunbookText } from '../../src/runbook/load.js';

describe('README runbook example', () => {
  it('passes lint apart from actions registered elsewhere', () => {
    const readme = readFileSync('README.md', 'utf8');
    const section = readme.slice(readme.indexOf('### A full example'));
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    expect(yaml).toBeDefined();
    const { problems } = loadRunbookText(yaml as string, 'key-compromise.yaml');
    const unexpected = problems.filter((p) => !(p.path.endsWith('.uses') && p.message.startsWith('unknown action')));
    expect(unexpected).toEqual([]);
    expect(problems.length).toBeGreaterThan(0); // the unknown actions: the YAML was really linted
  });
});
