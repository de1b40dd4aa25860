// Every shipped runbook passes lint without a warning, and `kit runbook show` can describe it;
// the for-each example of the README is a runbook lint accepts.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeRunbook } from '../../src/runbook/describe.js';
import { loadRunbookText } from '../../src/runbook/load.js';
import { shippedRunbooksDir } from '../../src/runbook/find.js';

const files = readdirSync(shippedRunbooksDir()).filter((f) => f.endsWith('.yaml'));

describe('shipped runbooks', () => {
  it('are the ones the README promises', () => {
    expect(files).toEqual(expect.arrayContaining(['key-compromise.yaml', 'contain-now.yaml', 'key-rotation.yaml', 'permissions-audit.yaml', 'collect-evidence.yaml']));
  });

  it.each(files)('%s passes lint with no error and no warning', (file) => {
    const text = readFileSync(path.join(shippedRunbooksDir(), file), 'utf8');
    const { runbook, problems } = loadRunbookText(text, `runbooks/${file}`);
    expect(problems.map((p) => `${p.line}:${p.col} ${p.path}: ${p.message}`)).toEqual([]);
    const description = describeRunbook(runbook!.runbook);
    expect(description.steps.length).toBe(runbook!.runbook.steps.length);
  });

  it('run every exchange step once per account (for-each over inputs.accounts)', () => {
    for (const file of files) {
      const { runbook } = loadRunbookText(readFileSync(path.join(shippedRunbooksDir(), file), 'utf8'), file);
      for (const step of runbook!.runbook.steps) {
        if (/^(exchange|key)\./.test(step.uses)) expect(step['for-each'], `${file} ${step.id}`).toBe('${{ inputs.accounts }}');
      }
    }
  });

  it('the README for-each example passes lint', () => {
    const readme = readFileSync('README.md', 'utf8');
    const section = readme.slice(readme.indexOf('### for-each: one instance per item'));
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    const { problems } = loadRunbookText(`version: 1\nname: example\n${yaml}`, 'example.yaml');
    expect(problems.filter((p) => p.severity !== 'warning')).toEqual([]);
    expect(yaml).toContain('for-each: ${{ inputs.accounts }}');
  });
});
