// Where a value sits in a JSON text, as line:col, so a bundle error points at the user's file
// like a runbook error does. Only run when there are problems to report: one pass over the
// text, skipping every container that no wanted path goes through, stopping once all are found.

export interface TextPosition {
  line: number;
  col: number;
}

/** 1-based line and column of a character offset. */
export function positionOf(text: string, offset: number): TextPosition {
  const end = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, col: end - lineStart + 1 };
}

const QUOTE = 34;
const BACKSLASH = 92;
const NEWLINE = 10;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COMMA = 44;
const COLON = 58;

/**
 * Finds where the values at `paths` (formatted like `trades[17].timestamp`) start in a valid JSON
 * text. Paths that do not exist are simply absent from the result.
 */
export function locateJsonPaths(text: string, paths: readonly string[]): Map<string, TextPosition> {
  const wanted = new Set(paths);
  const throughPaths = new Set<string>(['']);
  for (const p of paths) for (const prefix of prefixesOf(p)) throughPaths.add(prefix);
  const found = new Map<string, TextPosition>();
  const scanner = new Scanner(text);
  scanner.visit('', wanted, throughPaths, found);
  return found;
}

function prefixesOf(path: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < path.length; i++) {
    const c = path[i];
    if ((c === '.' || c === '[') && i > 0) out.push(path.slice(0, i));
  }
  return out;
}

class Scanner {
  private i = 0;
  private line = 1;
  private lineStart = 0;
  constructor(private readonly text: string) {}

  /** Visits the value at the cursor, whose path is `path`; iterative over containers. */
  visit(rootPath: string, wanted: Set<string>, through: Set<string>, found: Map<string, TextPosition>): void {
    type Frame = { path: string; isArray: boolean; index: number };
    const stack: Frame[] = [];
    let path = rootPath;
    const t = this.text;
    for (;;) {
      // At the start of a value.
      this.skipWhitespace();
      if (this.i >= t.length) return;
      if (wanted.has(path)) {
        found.set(path, { line: this.line, col: this.i - this.lineStart + 1 });
        if (found.size === wanted.size) return;
      }
      const c = t.charCodeAt(this.i);
      let descended = false;
      if ((c === OPEN_BRACE || c === OPEN_BRACKET) && through.has(path)) {
        this.i++;
        const frame: Frame = { path, isArray: c === OPEN_BRACKET, index: 0 };
        this.skipWhitespace();
        const close = t.charCodeAt(this.i);
        if (close === CLOSE_BRACE || close === CLOSE_BRACKET) {
          this.i++;
        } else {
          stack.push(frame);
          path = frame.isArray ? `${frame.path}[0]` : this.readKeyPath(frame.path);
          descended = true;
        }
      } else {
        this.skipValue();
      }
      if (descended) continue;
      // After a value: move to the next sibling, closing finished containers.
      for (;;) {
        const top = stack[stack.length - 1];
        if (!top) return;
        this.skipWhitespace();
        const sep = t.charCodeAt(this.i++);
        if (sep === COMMA) {
          top.index++;
          path = top.isArray ? `${top.path}[${top.index}]` : this.readKeyPath(top.path);
          break;
        }
        stack.pop();
        if (sep !== CLOSE_BRACE && sep !== CLOSE_BRACKET) return; // not valid JSON: give up quietly
      }
    }
  }

  /** Reads `"key":` and returns the child path. */
  private readKeyPath(parent: string): string {
    this.skipWhitespace();
    const start = this.i + 1;
    this.skipString();
    const raw = this.text.slice(start, this.i - 1);
    const key = raw.includes('\\') ? safeJsonString(raw) : raw;
    this.skipWhitespace();
    if (this.text.charCodeAt(this.i) === COLON) this.i++;
    return parent === '' ? key : `${parent}.${key}`;
  }

  private skipWhitespace(): void {
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(this.i);
      if (c === NEWLINE) {
        this.i++;
        this.line++;
        this.lineStart = this.i;
      } else if (c === 32 || c === 9 || c === 13) {
        this.i++;
      } else {
        return;
      }
    }
  }

  /** Cursor on the opening quote; leaves it after the closing quote (JSON strings hold no raw newline). */
  private skipString(): void {
    const t = this.text;
    let j = this.i + 1;
    for (;;) {
      const q = t.indexOf('"', j);
      if (q === -1) {
        this.i = t.length;
        return;
      }
      let backslashes = 0;
      for (let k = q - 1; k >= j && t.charCodeAt(k) === BACKSLASH; k--) backslashes++;
      if (backslashes % 2 === 0) {
        this.i = q + 1;
        return;
      }
      j = q + 1;
    }
  }

  /** Skips a whole value (a container with everything inside it, a string, a number or a literal). */
  private skipValue(): void {
    const t = this.text;
    let depth = 0;
    for (;;) {
      if (this.i >= t.length) return;
      const c = t.charCodeAt(this.i);
      if (c === QUOTE) {
        this.skipString();
        if (depth === 0) return;
        continue;
      }
      if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (depth === 0) return;
        depth--;
        if (depth === 0) {
          this.i++;
          return;
        }
      } else if (depth === 0 && (c === COMMA || c === 32 || c === NEWLINE || c === 9 || c === 13)) return;
      else if (c === NEWLINE) {
        this.line++;
        this.lineStart = this.i + 1;
      }
      this.i++;
    }
  }
}

function safeJsonString(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}
