// A streaming reader for the bundle's JSON: text arrives in chunks, and each record of the big
// lists (trades, orders, deposits, withdrawals, ledger) is parsed on its own as soon as it is
// complete. Peak memory is the records plus one chunk, never the whole file's text as well, and
// a bundle larger than the longest JavaScript string can still be read. Pure: the caller reads.
import type { LocatedProblem } from '../errors.js';
import { jsonSyntaxProblem } from './json-syntax.js';

const STREAMED = new Set(['trades', 'orders', 'deposits', 'withdrawals', 'ledger']);

type Mode = 'start' | 'key' | 'colon' | 'value' | 'after-value' | 'first-element' | 'element' | 'after-element' | 'done' | 'whole';

/** Thrown with the problem located in the stream. */
export class StreamSyntaxError extends Error {
  constructor(readonly problem: LocatedProblem) {
    super(problem.message);
  }
}

export class BundleStreamParser {
  private buf = '';
  /** Offset (in the whole text) of buf[0], and the line of buf[0] with where that line starts. */
  private base = 0;
  private baseLine = 1;
  private baseLineStart = 0;
  private mode: Mode = 'start';
  private key = '';
  private list: unknown[] = [];
  private readonly doc: Record<string, unknown> = {};
  /** Resumable scan of the current value: where it starts, how far it is scanned. */
  private pieceStart = -1;
  private scan = { pos: 0, depth: 0, inString: false };

  constructor(private readonly file: string) {}

  /**
   * Sets a top-level field as JSON.parse would: as an own property, whatever its name. A plain
   * assignment of `"__proto__"` would instead replace the document's prototype, so a whole bundle
   * nested under that key would read as valid and the key itself would go unreported.
   */
  private setField(value: unknown): void {
    Object.defineProperty(this.doc, this.key, { value, enumerable: true, writable: true, configurable: true });
  }

  write(chunk: string): void {
    if (this.base === 0 && this.buf === '' && chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    this.buf += chunk;
    this.process(false);
  }

  end(): unknown {
    this.process(true);
    if (this.mode === 'whole') return this.parsePiece(0, this.buf.length);
    if (this.mode !== 'done') {
      if (this.mode === 'start') throw this.fail(this.buf.length, 'the file is empty; expected a JSON activity bundle', true);
      throw this.fail(this.buf.length, 'not valid JSON: Unexpected end of JSON input (the file ends too early; was it cut off while being written?)', true);
    }
    return this.doc;
  }

  private process(atEnd: boolean): void {
    const b = this.buf;
    let i = this.pieceStart >= 0 ? this.pieceStart : 0;
    for (;;) {
      if (this.mode === 'whole') return;
      if (this.pieceStart < 0) i = skipWhitespace(b, i);
      if (i >= b.length) break;
      const c = b[i];
      switch (this.mode) {
        case 'start':
          // Anything but an object is read whole; validation explains what a bundle must be.
          if (c !== '{') {
            this.mode = 'whole';
            return;
          }
          this.mode = 'key';
          i++;
          continue;
        case 'key':
          if (c === '}' && Object.keys(this.doc).length === 0) {
            this.mode = 'done';
            i++;
            continue;
          }
          if (c !== '"') throw this.fail(i, `not valid JSON: Expected double-quoted property name`);
          {
            const end = this.pieceEnd(i, atEnd);
            if (end < 0) break;
            this.key = this.parsePiece(i, end) as string;
            i = end;
            this.mode = 'colon';
          }
          continue;
        case 'colon':
          if (c !== ':') throw this.fail(i, `not valid JSON: Expected ':' after property name`);
          this.mode = 'value';
          i++;
          continue;
        case 'value':
          if (c === '[' && STREAMED.has(this.key)) {
            this.list = [];
            this.setField(this.list);
            this.mode = 'first-element';
            i++;
            continue;
          }
          {
            const end = this.pieceEnd(i, atEnd);
            if (end < 0) break;
            this.setField(this.parsePiece(i, end));
            i = end;
            this.mode = 'after-value';
          }
          continue;
        case 'after-value':
          if (c === ',') this.mode = 'key';
          else if (c === '}') this.mode = 'done';
          else throw this.fail(i, `not valid JSON: Expected ',' or '}' after property value`);
          i++;
          continue;
        case 'first-element':
          if (c === ']') {
            this.mode = 'after-value';
            i++;
            continue;
          }
          this.mode = 'element';
          continue;
        case 'element': {
          const end = this.pieceEnd(i, atEnd);
          if (end < 0) break;
          this.list.push(this.parsePiece(i, end));
          i = end;
          this.mode = 'after-element';
          continue;
        }
        case 'after-element':
          if (c === ',') this.mode = 'element';
          else if (c === ']') this.mode = 'after-value';
          else throw this.fail(i, `not valid JSON: Expected ',' or ']' after array element`);
          i++;
          continue;
        case 'done':
          throw this.fail(i, 'not valid JSON: Unexpected non-whitespace character after JSON (a bundle is one JSON object; JSON Lines or several documents are not accepted)');
      }
      break;
    }
    // Keep only what is still needed: the value being read, or nothing.
    const keepFrom = this.pieceStart >= 0 ? this.pieceStart : Math.min(i, b.length);
    this.drop(keepFrom);
  }

  /** The end (exclusive) of the value starting at `start`, or -1 when more text is needed. */
  private pieceEnd(start: number, atEnd: boolean): number {
    const b = this.buf;
    if (this.pieceStart !== start) {
      this.pieceStart = start;
      this.scan = { pos: start, depth: 0, inString: false };
    }
    const s = this.scan;
    let i = s.pos;
    for (;;) {
      if (s.inString) {
        const q = b.indexOf('"', i);
        if (q < 0) {
          s.pos = b.length;
          return -1;
        }
        // Count the backslashes right before the quote, also those scanned before a chunk boundary.
        let backslashes = 0;
        for (let k = q - 1; k >= 0 && b.charCodeAt(k) === 92; k--) backslashes++;
        i = q + 1;
        if (backslashes % 2 === 1) continue;
        s.inString = false;
        if (s.depth === 0) return this.finishPiece(i);
        continue;
      }
      if (i >= b.length) {
        s.pos = i;
        if (atEnd && s.depth === 0 && i > start) return this.finishPiece(i);
        return -1;
      }
      const c = b.charCodeAt(i);
      if (c === 34) {
        s.inString = true;
        i++;
      } else if (c === 123 || c === 91) {
        s.depth++;
        i++;
      } else if (c === 125 || c === 93) {
        if (s.depth === 0) return this.finishPiece(i);
        s.depth--;
        i++;
        if (s.depth === 0) return this.finishPiece(i);
      } else if (s.depth === 0 && (c === 44 || c === 32 || c === 10 || c === 13 || c === 9)) {
        return this.finishPiece(i);
      } else {
        i++;
      }
    }
  }

  private finishPiece(end: number): number {
    this.pieceStart = -1;
    return end;
  }

  private parsePiece(start: number, end: number): unknown {
    const text = this.buf.slice(start, end);
    try {
      return JSON.parse(text);
    } catch (error) {
      const inner = jsonSyntaxProblem(text, error, this.file);
      const offset = /at position (\d+)/.exec(String((error as Error).message));
      throw this.fail(start + (offset ? Number(offset[1]) : 0), inner.message, true);
    }
  }

  private drop(upTo: number): void {
    if (upTo <= 0) return;
    const dropped = this.buf.slice(0, upTo);
    for (let n = dropped.indexOf('\n'); n !== -1; n = dropped.indexOf('\n', n + 1)) {
      this.baseLine++;
      this.baseLineStart = this.base + n + 1;
    }
    this.base += upTo;
    this.buf = this.buf.slice(upTo);
    if (this.pieceStart >= 0) {
      this.pieceStart -= upTo;
      this.scan.pos -= upTo;
    }
  }

  private fail(at: number, message: string, verbatim = false): StreamSyntaxError {
    let line = this.baseLine;
    let lineStart = this.baseLineStart;
    const upTo = Math.min(at, this.buf.length);
    for (let n = this.buf.indexOf('\n'); n !== -1 && n < upTo; n = this.buf.indexOf('\n', n + 1)) {
      line++;
      lineStart = this.base + n + 1;
    }
    const text = verbatim || message.startsWith('not valid JSON') ? message : `not valid JSON: ${message}`;
    return new StreamSyntaxError({ file: this.file, line, col: this.base + at - lineStart + 1, path: '', message: text });
  }
}

function skipWhitespace(b: string, i: number): number {
  for (;;) {
    const c = b.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9) i++;
    else return i;
  }
}
