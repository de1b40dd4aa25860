// kit's own dotenv parser and editor (no I/O). The parser keeps where every entry sits, so
// that errors point at `.env:7:1` and so that the editor can change one entry while every
// other line, comment and blank stays exactly as the user wrote it.
//
// Format: one `KEY=value` per line, optionally prefixed by `export `. `#` starts a comment at
// the start of a line, or after whitespace in an unquoted value. Values may be
//   unquoted        trimmed; ends at the line end or at ` #`
//   'single'        literal, no escapes; may span lines
//   "double"        escapes \n \r \t \\ \" \$ and \' ; may span lines
// A key may appear once: a repeated key is an error (which one would kit use?).
import type { LocatedProblem } from '../errors.js';

export interface DotenvEntry {
  key: string;
  value: string;
  /** 0-based index of the first and last line the entry occupies (a quoted value can span lines). */
  firstLine: number;
  lastLine: number;
  exported: boolean;
}

export interface ParsedDotenv {
  lines: string[];
  eol: '\n' | '\r\n';
  entries: DotenvEntry[];
  problems: LocatedProblem[];
}

const KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
const DOUBLE_QUOTE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', '"': '"', $: '$', "'": "'" };

export function parseDotenv(text: string, file: string): ParsedDotenv {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  // A trailing newline is not an extra empty line of content.
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const entries: DotenvEntry[] = [];
  const problems: LocatedProblem[] = [];
  const seen = new Map<string, number>();
  const problem = (line: number, col: number, message: string): void => {
    problems.push({ file, line: line + 1, col, path: '', message, severity: 'error' });
  };

  let i = 0;
  while (i < lines.length) {
    const raw = lines[i];
    const trimmed = raw.trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) {
      i++;
      continue;
    }
    const indent = raw.length - trimmed.length;
    const exportMatch = /^export\s+/.exec(trimmed);
    const afterExport = exportMatch ? trimmed.slice(exportMatch[0].length) : trimmed;
    const keyStart = indent + (exportMatch ? exportMatch[0].length : 0);
    const eq = afterExport.indexOf('=');
    if (eq < 0) {
      problem(i, indent + 1, `expected KEY=value, found "${preview(trimmed)}" (comment lines start with #)`);
      i++;
      continue;
    }
    const key = afterExport.slice(0, eq).trim();
    if (key === '') {
      problem(i, keyStart + eq + 1, 'missing variable name before "=" (write NAME=value)');
      i++;
      continue;
    }
    if (!KEY_PATTERN.test(key)) {
      problem(i, keyStart + 1, `invalid variable name "${preview(key)}": use letters, digits and _, not starting with a digit`);
      i++;
      continue;
    }
    const valueStartCol = keyStart + eq + 1;
    const rest = afterExport.slice(eq + 1);
    const leading = rest.length - rest.trimStart().length;
    const valueText = rest.trimStart();
    const valueCol = valueStartCol + leading; // 0-based column of the value's first character
    const first = i;
    let value: string;
    const quote = valueText[0];
    if (quote === '"' || quote === "'") {
      const read = readQuoted(lines, i, valueCol, quote);
      if ('error' in read) {
        problem(read.line, read.col + 1, read.error);
        i = read.resumeAt;
        continue;
      }
      value = read.value;
      const after = lines[read.endLine].slice(read.endCol + 1);
      if (after.trim() !== '' && !/^\s+#/.test(after) && !after.trim().startsWith('#')) {
        problem(read.endLine, read.endCol + 2 + (after.length - after.trimStart().length), `unexpected text after the closing ${quote}: "${preview(after.trim())}" (put a # before a comment)`);
        i = read.endLine + 1;
        continue;
      }
      i = read.endLine + 1;
    } else {
      // `KEY= # note` is an empty value with a comment; `KEY=a#b` keeps its #.
      const comment = leading > 0 && valueText.startsWith('#') ? { index: 0 } : /\s#/.exec(valueText);
      value = (comment ? valueText.slice(0, comment.index) : valueText).trim();
      i++;
    }
    const previous = seen.get(key);
    if (previous !== undefined) {
      problem(first, keyStart + 1, `${key} is set twice (first on line ${previous + 1}); keep one of them`);
      continue;
    }
    seen.set(key, first);
    entries.push({ key, value, firstLine: first, lastLine: i - 1, exported: Boolean(exportMatch) });
  }
  return { lines, eol, entries, problems };
}

type QuotedRead =
  | { value: string; endLine: number; endCol: number }
  | { error: string; line: number; col: number; resumeAt: number };

/** Reads a quoted value starting at lines[line][col] (the opening quote), possibly over several lines. */
function readQuoted(lines: string[], line: number, col: number, quote: '"' | "'"): QuotedRead {
  let value = '';
  let l = line;
  let c = col + 1;
  while (l < lines.length) {
    const text = lines[l];
    while (c < text.length) {
      const ch = text[c];
      if (ch === quote) return { value, endLine: l, endCol: c };
      if (ch === '\\' && quote === '"') {
        const next = text[c + 1];
        if (next === undefined) {
          // A backslash at the end of a line inside double quotes keeps the newline literally.
          value += '\\';
          c++;
          continue;
        }
        const mapped = DOUBLE_QUOTE_ESCAPES[next];
        if (mapped === undefined) {
          return { error: `unknown escape \\${next} in a double-quoted value (use \\\\ for a backslash, or single quotes for a literal value)`, line: l, col: c, resumeAt: skipToClosing(lines, l, c + 2, quote) };
        }
        value += mapped;
        c += 2;
        continue;
      }
      value += ch;
      c++;
    }
    l++;
    c = 0;
    if (l < lines.length) value += '\n';
  }
  return { error: `the ${quote === '"' ? 'double' : 'single'} quote opened here is never closed (add the closing ${quote})`, line, col, resumeAt: lines.length };
}

/** After an error inside a quoted value, resume parsing after its closing quote (or at the end). */
function skipToClosing(lines: string[], line: number, col: number, quote: string): number {
  for (let l = line; l < lines.length; l++) {
    const from = l === line ? col : 0;
    if (lines[l].indexOf(quote, from) >= 0) return l + 1;
  }
  return lines.length;
}

function preview(text: string): string {
  // Never echo a long value back: it may be a secret pasted on the wrong line.
  return text.length > 24 ? `${text.slice(0, 12)}…` : text;
}

/** The value as it should be written: unquoted when safe, otherwise double-quoted and escaped. */
export function formatDotenvValue(value: string): string {
  if (/^[A-Za-z0-9_\-./+=:@,]*$/.test(value)) return value;
  const escaped = value.replace(/[\\"$\n\r\t]/g, (ch) => ({ '\\': '\\\\', '"': '\\"', $: '\\$', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[ch] as string);
  return `"${escaped}"`;
}

/**
 * Applies changes to the text of a .env file: a string sets the key (in place when present,
 * appended otherwise), `undefined` removes it. Every other line is kept byte for byte.
 */
export function editDotenv(parsed: ParsedDotenv, changes: ReadonlyMap<string, string | undefined>): string {
  const out: string[] = [];
  const pending = new Map(changes);
  const byFirstLine = new Map(parsed.entries.map((e) => [e.firstLine, e]));
  for (let i = 0; i < parsed.lines.length; i++) {
    const entry = byFirstLine.get(i);
    if (!entry || !pending.has(entry.key)) {
      out.push(parsed.lines[i]);
      continue;
    }
    const value = pending.get(entry.key);
    pending.delete(entry.key);
    if (value !== undefined) out.push(`${entry.exported ? 'export ' : ''}${entry.key}=${formatDotenvValue(value)}`);
    i = entry.lastLine;
  }
  for (const [key, value] of pending) {
    if (value !== undefined) out.push(`${key}=${formatDotenvValue(value)}`);
  }
  return out.length === 0 ? '' : out.join(parsed.eol) + parsed.eol;
}
