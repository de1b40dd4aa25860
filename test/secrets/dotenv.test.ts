import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { editDotenv, formatDotenvValue, parseDotenv } from '../../src/secrets/dotenv.js';
import { formatProblem } from '../../src/errors.js';

const values = (text: string): Record<string, string> => Object.fromEntries(parseDotenv(text, '.env').entries.map((e) => [e.key, e.value]));

describe('dotenv parser', () => {
  it('reads unquoted, quoted, exported, commented and multiline values', () => {
    const text = [
      '# credentials',
      'export BINANCE_API_KEY=abc123',
      'BINANCE_SECRET = "s3cr\\"et\\nline2"  # inline comment',
      "LITERAL='no \\n escapes # here'",
      'EMPTY=',
      'NOTE= # only a comment',
      'HASH=a#b',
      'MULTI="first',
      'second"',
      '  INDENTED=yes # trailing',
    ].join('\n');
    expect(values(text)).toEqual({
      BINANCE_API_KEY: 'abc123',
      BINANCE_SECRET: 's3cr"et\nline2',
      LITERAL: 'no \\n escapes # here',
      EMPTY: '',
      NOTE: '',
      HASH: 'a#b',
      MULTI: 'first\nsecond',
      INDENTED: 'yes',
    });
    const multi = parseDotenv(text, '.env').entries.find((e) => e.key === 'MULTI');
    expect([multi?.firstLine, multi?.lastLine]).toEqual([7, 8]);
  });

  it('locates every problem as file:line:col', () => {
    const text = ['OK=1', 'just words', '1BAD=x', 'DUP=1', 'DUP=2', 'ESC="a\\qb"', 'JUNK="x" y', "OPEN='never closed"].join('\n');
    const problems = parseDotenv(text, '.env').problems.map(formatProblem);
    expect(problems).toEqual([
      '.env:2:1 expected KEY=value, found "just words" (comment lines start with #)',
      '.env:3:1 invalid variable name "1BAD": use letters, digits and _, not starting with a digit',
      '.env:5:1 DUP is set twice (first on line 4); keep one of them',
      '.env:6:7 unknown escape \\q in a double-quoted value (use \\\\ for a backslash, or single quotes for a literal value)',
      '.env:7:10 unexpected text after the closing ": "y" (put a # before a comment)',
      ".env:8:6 the single quote opened here is never closed (add the closing ')",
    ]);
  });

  it('never echoes a long value in an error', () => {
    const secret = 'Q'.repeat(64);
    const [problem] = parseDotenv(`${secret} oops`, '.env').problems;
    expect(problem.message).not.toContain(secret);
  });

  it('edits one entry and keeps every other line, comment and blank byte for byte', () => {
    const text = '# top\r\n\r\nexport A=1 # keep\r\nB="multi\r\nline"\r\nC=3\r\n';
    const out = editDotenv(parseDotenv(text, '.env'), new Map([['B', 'new value'], ['A', '2'], ['D', 'added'], ['C', undefined]]));
    expect(out).toBe('# top\r\n\r\nexport A=2\r\nB="new value"\r\nD=added\r\n');
  });

  it('round-trips any value through format and parse', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (value) => {
      const text = `KEY=${formatDotenvValue(value)}\n`;
      const parsed = parseDotenv(text, '.env');
      expect(parsed.problems).toEqual([]);
      // Unquoted values are trimmed, so only quoted forms keep surrounding blanks; the
      // formatter quotes anything with a blank.
      expect(parsed.entries[0].value).toBe(value);
    }), { numRuns: 300 });
  });
});
