// Locating problems in YAML beyond the fixtures: tabs that are content, block scalars,
// escaped strings, unclosed quotes in flow collections.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRunbookText } from '../../src/runbook/load.js';
import { parseYamlLocated } from '../../src/util/yaml-located.js';
import { registerTestActions } from '../helpers/test-actions.js';

beforeAll(() => registerTestActions());

const at = (text: string) => loadRunbookText(text, 'rb.yaml').problems.map((p) => `${p.line}:${p.col} ${p.path}: ${p.message}`);

describe('parseYamlLocated', () => {
  it('accepts a tab inside a block scalar (content, not indentation)', () => {
    const parsed = parseYamlLocated('a: |\n  x\n  \ty\n', 'f.yaml');
    expect(parsed.problems).toEqual([]);
    expect(parsed.fatal).toBe(false);
  });

  it('reports a tab after spaces at the tab, and drops what the parser says in consequence', () => {
    const parsed = parseYamlLocated('steps:\n  - id: a\n  \t uses: b\n', 'f.yaml');
    expect(parsed.problems.map((p) => `${p.line}:${p.col} ${p.message}`)).toEqual(['3:3 a tab is used for indentation; YAML allows spaces only (replace the tab with spaces)']);
    expect(parsed.fatal).toBe(true);
  });

  it('keeps duplicate keys non-fatal so that the rest is still checked', () => {
    const parsed = parseYamlLocated('a: 1\na: 2\n', 'f.yaml');
    expect(parsed.fatal).toBe(false);
    expect(parsed.problems.map((p) => `${p.line}:${p.col} ${p.path}`)).toEqual(['2:1 a']);
  });
});

describe('expression positions inside scalars', () => {
  const head = 'version: 1\nname: rb\nsteps:\n  - id: a\n    uses: test.note\n';

  it('in a block scalar, on its own line', () => {
    expect(at(`${head}    with:\n      message: |\n        Dear operator,\n        the key \${{ steps.zz.outputs.hint }} leaked.\n`)).toEqual([
      '9:27 steps[0].with.message: no step has id "zz"',
    ]);
  });

  it('in a double-quoted string with escapes before it', () => {
    expect(at(`${head}    with: { message: "tab\\there \${{ steps.zz.outcome }}" }\n`)).toEqual([
      '6:43 steps[0].with.message: no step has id "zz"',
    ]);
  });

  it('in a bare if: condition', () => {
    expect(at(`${head}    if: inputs.x == 'y'\n    with: { message: hi }\n`)).toEqual([
      '6:16 steps[0].if: unknown input "x"; this runbook declares no inputs (declare it under inputs:)',
    ]);
  });
});

describe('aliases', () => {
  it('refuses an alias inside the node it refers to (endless data), and allows ordinary reuse', () => {
    const cyclic = parseYamlLocated('a: &x\n  b: *x\n', 'f.yaml');
    expect(cyclic.fatal).toBe(true);
    expect(cyclic.value).toBeUndefined();
    expect(cyclic.problems.map((p) => `${p.line}:${p.col} ${p.message}`)).toEqual(['2:6 the alias *x is inside the node it refers to, which makes endless data: refer to something outside it']);
    const reuse = parseYamlLocated('a: &x [1, 2]\nb: *x\n', 'f.yaml');
    expect(reuse.problems).toEqual([]);
    expect(reuse.value).toEqual({ a: [1, 2], b: [1, 2] });
  });
});
