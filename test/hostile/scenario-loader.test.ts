// Hostile input for the scenario loader: whatever the text, a scenario or a ValidationError whose
// problems each point at file:line:col; and a scenario that loads can be built into a world.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { parseScenario } from '../../src/sim/scenario/load.js';
import { anchorFor, buildWorld } from '../../src/sim/model/world.js';
import { aliasBomb, applyEdits, deeplyNested, editsOf, expectLocated, prototypeSnapshot, runs, tried } from './helpers.js';

const FILE = 'hostile-scenario.yaml';
const SHIPPED = ['compromise', 'compromise-bybit', 'quiet', 'unrevocable'].map((name) => readFileSync(`scenarios/${name}.yaml`, 'utf8'));
const ANCHOR = anchorFor(Date.UTC(2026, 10, 30, 14, 12));

const tally = { loaded: 0, refused: 0 };

function outcome(text: string): void {
  tried();
  let scenario;
  try {
    scenario = parseScenario(text, FILE);
  } catch (error) {
    expect(error, String(error)).toBeInstanceOf(ValidationError);
    const problems = (error as ValidationError).problems;
    expect(problems.length).toBeGreaterThan(0);
    expectLocated(problems, FILE, text);
    tally.refused++;
    return;
  }
  tally.loaded++;
  expect(() => buildWorld(scenario, ANCHOR)).not.toThrow();
}

describe('scenario loader under hostile input', () => {
  it('survives random edits of the shipped scenarios; what loads, builds', () => {
    const before = prototypeSnapshot();
    for (const text of SHIPPED) fc.assert(fc.property(editsOf(text.length, 3), (edits) => outcome(applyEdits(text, edits))), { numRuns: runs(25) });
    expect(tally.loaded).toBeGreaterThan(0);
    expect(tally.refused).toBeGreaterThan(0);
    expect(prototypeSnapshot()).toEqual(before);
  });

  it('survives any string and any JSON document', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => outcome(text)), { numRuns: runs(200) });
    fc.assert(fc.property(fc.json({ maxDepth: 4 }), (text) => outcome(text)), { numRuns: runs(200) });
  });

  it('refuses alias bombs, deep nesting and prototype keys with located problems', () => {
    for (const text of [aliasBomb(9), deeplyNested(5000, 'flow'), deeplyNested(5000, 'block'), `${SHIPPED[2]}\n__proto__: { polluted: 1 }\n`]) {
      expect(() => outcome(text)).not.toThrow();
    }
    expect(() => parseScenario(`${SHIPPED[2]}\n__proto__: { polluted: 1 }\n`, FILE)).toThrow(/__proto__/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
