// Shared generators and checks for the hostile-input tests: random edits of a valid file with
// tokens chosen to upset a parser, and the one rule every parser must keep: whatever the text,
// a result or problems that each point at a place in the file (file:line:col and a message).
import fc from 'fast-check';
import { afterAll, expect } from 'vitest';
import type { LocatedProblem } from '../../src/errors.js';
import { emptyRow, recordTally } from '../chaos/summary/tally.js';

let inputsTried = 0;
/** Counts one hostile input for the chaos summary. */
export function tried(): void {
  inputsTried++;
}
// Each test file imports this module afresh: its count goes to the summary when the file ends.
afterAll(() => recordTally({ ...emptyRow('hostile input'), faultsInjected: inputsTried }));

/** Tokens that have broken parsers before: YAML and JSON structure, prototype names, control characters. */
export const HOSTILE_TOKENS = [
  '&a ', '*a', '<<: *a', '!!js/function ', '!!binary ', '!!python/object ', '? ', '- ', '{', '}', '[', ']', '"', "'", '\t', '\u0000',
  '\uFEFF', '\u2028', '\r', '\n', '\r\n', '__proto__', 'constructor', 'prototype', '__proto__: { polluted: 1 }', '${{', '}}',
  '${{ inputs.__proto__ }}', '---\n', '...\n', '%YAML 1.1\n', '|\n', '>-\n', '#', ':', ': ', ',', '\\', '\\u0000', 'null', '~', 'NaN',
  '.inf', '1e400', '-0', '0x1F', '99999999999999999999', 'true', '\u{1F600}', 'é', '"\\', '=', 'export ', '\\x', '\\n',
];

/**
 * Runs per property: quick in `npm test`; the chaos suite sets KIT_FUZZ_SCALE (e.g. 5) for more.
 * fast-check prints the seed and path of any failure, so a failing case replays exactly.
 */
export function runs(base: number): number {
  const scale = Number(process.env.KIT_FUZZ_SCALE ?? 1);
  return Math.max(1, Math.round(base * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}

export type Edit = [at: number, remove: number, insert: string];

/** Up to `max` edits: each removes a few characters somewhere and inserts a hostile token or random text. */
export function editsOf(length: number, max = 4): fc.Arbitrary<Edit[]> {
  const insert = fc.oneof(fc.constantFrom(...HOSTILE_TOKENS), fc.string({ maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 4 }));
  return fc.array(fc.tuple(fc.nat(length), fc.nat(12), insert), { minLength: 1, maxLength: max });
}

export function applyEdits(text: string, edits: Edit[]): string {
  let out = text;
  for (const [at, remove, insert] of edits) {
    const i = Math.min(at, out.length);
    out = out.slice(0, i) + insert + out.slice(i + remove);
  }
  return out;
}

/** Every problem names the file, a line inside it (or just past its end), a column and a message. */
export function expectLocated(problems: readonly LocatedProblem[], file: string, text: string): void {
  const lines = text.split(/\r\n|\r|\n/).length;
  for (const p of problems) {
    expect(p.file).toBe(file);
    expect(Number.isInteger(p.line) && p.line >= 1 && p.line <= lines + 1, `line ${p.line} of ${lines}: ${p.message}`).toBe(true);
    expect(Number.isInteger(p.col) && p.col >= 1, `col ${p.col}: ${p.message}`).toBe(true);
    expect(typeof p.message === 'string' && p.message.trim().length > 0).toBe(true);
  }
}

/** The prototypes a hostile input could try to reach, as their own property names. */
export function prototypeSnapshot(): Record<string, string[]> {
  const names = (o: object): string[] => Reflect.ownKeys(o).map(String).sort();
  return {
    object: names(Object.prototype),
    array: names(Array.prototype),
    function: names(Function.prototype),
    string: names(String.prototype),
  };
}

/** YAML that nests `depth` levels deep, in flow or block style. */
export function deeplyNested(depth: number, style: 'flow' | 'block'): string {
  if (style === 'flow') return `a: ${'['.repeat(depth)}1${']'.repeat(depth)}\n`;
  return Array.from({ length: depth }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n') + ' 1\n';
}

/** The "billion laughs": each alias level doubles... by ten. */
export function aliasBomb(levels: number): string {
  const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i <= levels; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`);
  return lines.join('\n') + '\n';
}
