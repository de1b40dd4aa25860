// The example bundle in the README must stay valid: a user copies it to start their own.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/detect/analyze.js';
import { parseBundleText } from '../../src/detect/bundle.js';

const readme = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'README.md'), 'utf8');

describe('README activity bundle example', () => {
  it('parses and analyses as documented', () => {
    const section = readme.slice(readme.indexOf('## Activity bundle format'));
    const json = /```json\n([\s\S]*?)\n```/.exec(section)?.[1];
    expect(json).toBeDefined();
    const bundle = parseBundleText(json!, 'README.md');
    const result = analyze(bundle);
    expect(result.verdict.level).toBe('suspicious');
    // The one withdrawal goes to an address that is neither in the baseline nor allow-listed.
    expect(result.findings.map((f) => f.rule)).toContain('withdrawal-new-address');
    expect(result.labels.trades['309520010']).toBe('normal');
  });
});
