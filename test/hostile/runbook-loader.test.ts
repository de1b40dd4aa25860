// Hostile input for the runbook loader: whatever the text, a runbook or located problems,
// never an exception, never a hang, never a changed prototype.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadRunbookText, type RunbookLoadResult } from '../../src/runbook/load.js';
import { aliasBomb, applyEdits, deeplyNested, editsOf, expectLocated, prototypeSnapshot, runs, tried } from './helpers.js';

const FILE = 'hostile.yaml';
const shipped = ['runbooks/key-compromise.yaml', 'runbooks/demo.yaml', 'test/fixtures/runbooks/valid.yaml'].map((f) => readFileSync(f, 'utf8'));

function load(text: string): RunbookLoadResult {
  tried();
  const result = loadRunbookText(text, FILE);
  expectLocated(result.problems, FILE, text);
  if (!result.runbook) expect(result.problems.some((p) => (p.severity ?? 'error') === 'error')).toBe(true);
  return result;
}

describe('runbook loader under hostile input', () => {
  it('survives random edits of the shipped runbooks', () => {
    const before = prototypeSnapshot();
    for (const text of shipped) {
      fc.assert(fc.property(editsOf(text.length), (edits) => void load(applyEdits(text, edits))), { numRuns: runs(80) });
    }
    expect(prototypeSnapshot()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('survives any string, and any JSON value as a document', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => void load(text)), { numRuns: runs(200) });
    fc.assert(fc.property(fc.json({ maxDepth: 4 }), (text) => void load(text)), { numRuns: runs(200) });
  });

  it('refuses pathological documents with a located problem: alias bombs, deep nesting, prototype keys', () => {
    const bomb = load(aliasBomb(9));
    expect(bomb.runbook).toBeUndefined();
    for (const style of ['flow', 'block'] as const) expect(load(deeplyNested(5000, style)).runbook).toBeUndefined();
    const proto = load(`${shipped[1]}\n__proto__: { polluted: 1 }\n`);
    expect(proto.runbook).toBeUndefined();
    expect(proto.problems.map((p) => p.message).join('\n')).toMatch(/__proto__/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
