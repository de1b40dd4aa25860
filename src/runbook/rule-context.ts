// What every lint rule shares: the parsed file (to locate paths), the problem list, and the
// mapping from an offset inside a YAML string to the file's line:col, so that an error in an
// expression points at the offending token rather than at the start of the value.
import { isScalar, Scalar } from 'yaml';
import type { LocatedProblem } from '../errors.js';
import { formatPath, locate, type ParsedYaml, type PathSegment } from '../util/yaml-located.js';

export type Severity = 'error' | 'warning';

export class RuleContext {
  readonly problems: LocatedProblem[] = [];

  constructor(
    readonly parsed: Pick<ParsedYaml, 'file' | 'doc' | 'lineCounter'>,
    /** The file's text, to find where inside a scalar an expression sits. */
    readonly text: string,
  ) {}

  /**
   * A problem at a path; `key: true` points at the key rather than its value. `shownPath` names
   * a field that does not exist in the file (a missing input) while `path` says where to point.
   */
  report(severity: Severity, path: readonly PathSegment[], message: string, options: { key?: boolean; shownPath?: readonly PathSegment[] } = {}): void {
    const pos = locate(this.parsed, path, options);
    this.problems.push({ file: this.parsed.file, ...pos, path: formatPath(options.shownPath ?? path), message, severity });
  }

  /** A problem at an offset inside the string value at `path`. */
  reportInString(severity: Severity, path: readonly PathSegment[], value: string, offset: number, message: string): void {
    const pos = this.positionInString(path, value, offset);
    this.problems.push({ file: this.parsed.file, ...pos, path: formatPath(path), message, severity });
  }

  /**
   * Where offset `offset` of the string `value` (the scalar at `path`) is in the file. Exact for
   * plain and quoted scalars without escapes; otherwise the surrounding `${{ ... }}` (or line)
   * is looked up in the scalar's source; failing that, the start of the scalar.
   */
  positionInString(path: readonly PathSegment[], value: string, offset: number): { line: number; col: number } {
    const node = this.parsed.doc.getIn(path, true);
    if (!isScalar(node) || !node.range) return locate(this.parsed, path);
    const [start, end] = node.range;
    const source = this.text.slice(start, end);
    const at = (sourceOffset: number) => this.parsed.lineCounter.linePos(start + sourceOffset);
    if (node.type === Scalar.PLAIN && source === value) return at(offset);
    if ((node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE) && source.slice(1, -1) === value) return at(1 + offset);
    const anchor = this.anchorAround(value, offset);
    const found = source.indexOf(anchor.text);
    if (anchor.text.length > 0 && found >= 0 && source.indexOf(anchor.text, found + 1) < 0) return at(found + (offset - anchor.start));
    return at(0);
  }

  /** The `${{ ... }}` around an offset, else its line: a piece of text likely found verbatim in the source. */
  private anchorAround(value: string, offset: number): { text: string; start: number } {
    const open = value.lastIndexOf('${{', offset);
    const close = open >= 0 ? value.indexOf('}}', offset) : -1;
    if (open >= 0 && close >= 0) return { text: value.slice(open, close + 2), start: open };
    const lineStart = value.lastIndexOf('\n', offset - 1) + 1;
    const lineEnd = value.indexOf('\n', offset);
    return { text: value.slice(lineStart, lineEnd < 0 ? value.length : lineEnd), start: lineStart };
  }
}

export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
