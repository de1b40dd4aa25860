// Hostile input for kit's .env parser and editor: whatever the text, entries and located
// problems (never an exception); a long value is never echoed in a problem; editing one entry
// of any file that parses leaves every other entry exactly as it was.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editDotenv, parseDotenv } from '../../src/secrets/dotenv.js';
import { applyEdits, editsOf, expectLocated, runs, tried } from './helpers.js';

const FILE = '.env';
const SAMPLE = [
  '# kit credentials',
  'export BINANCE_API_KEY=abcDEF0123456789abcDEF0123456789',
  "BINANCE_SECRET='literal $value # not a comment'",
  'BYBIT_API_KEY="multi',
  'line \\" value"',
  'BYBIT_SECRET=plain # comment',
  '',
  'KIT_NOTE=',
].join('\n') + '\n';

const line = fc.oneof(
  fc.constantFrom('# comment', '', '   ', 'export A=1', 'B="x\\ny"', "C='a\nb'", 'D=unterminated "', 'E="open', "F='open", '=novalue', '1BAD=x', 'G=a#b', 'H= # c',
    'I="bad \\q escape"', 'J="v" trailing', '__proto__=polluted', 'constructor=x', 'export', 'K', 'L=\\', 'M="\\', '\r', '\uFEFFN=1'),
  fc.tuple(fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/), fc.string({ unit: 'binary', maxLength: 20 })).map(([k, v]) => `${k}=${v}`),
  fc.string({ unit: 'binary', maxLength: 30 }),
);
const file = fc.tuple(fc.array(line, { maxLength: 12 }), fc.constantFrom('\n', '\r\n')).map(([lines, eol]) => lines.join(eol));

function parseChecked(text: string): ReturnType<typeof parseDotenv> {
  tried();
  const parsed = parseDotenv(text, FILE);
  expectLocated(parsed.problems, FILE, text);
  return parsed;
}

describe('.env parser under hostile input', () => {
  it('parses any text into entries and located problems', () => {
    fc.assert(fc.property(file, (text) => void parseChecked(text)), { numRuns: runs(800) });
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => void parseChecked(text)), { numRuns: runs(500) });
    fc.assert(fc.property(editsOf(SAMPLE.length), (edits) => void parseChecked(applyEdits(SAMPLE, edits))), { numRuns: runs(500) });
  });

  it('never echoes a long value (a secret pasted on the wrong line) in a problem', () => {
    const secret = fc.stringMatching(/^[A-Za-z0-9+/]{30,64}$/);
    fc.assert(
      fc.property(secret, fc.constantFrom('{s}', 'KEY {s}', '1KEY={s}', 'KEY="{s}', "KEY='{s}", 'KEY="{s}" trailing {s}', 'K="\\q{s}"', '{s}=x', 'export {s}'), (s, shape) => {
        const text = shape.replaceAll('{s}', s) + '\n';
        const parsed = parseChecked(text);
        for (const p of parsed.problems) expect(p.message).not.toContain(s);
      }),
      { numRuns: runs(400) },
    );
  });

  it('an edit of one entry keeps every other entry of a file that parses', () => {
    fc.assert(
      fc.property(file, fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,6}$/), fc.option(fc.string({ unit: 'binary', maxLength: 30 }), { nil: undefined }), (text, key, value) => {
        const parsed = parseDotenv(text, FILE);
        fc.pre(parsed.problems.length === 0);
        const edited = parseDotenv(editDotenv(parsed, new Map([[key, value]])), FILE);
        expect(edited.problems).toEqual([]);
        const before = new Map(parsed.entries.map((e) => [e.key, e.value]));
        const after = new Map(edited.entries.map((e) => [e.key, e.value]));
        if (value === undefined) before.delete(key);
        else before.set(key, value);
        expect(after).toEqual(before);
      }),
      { numRuns: runs(600) },
    );
  });
});
