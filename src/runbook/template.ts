// Splits a runbook string into literal text and `${{ }}` expressions, keeping offsets so that
// lint errors can point at the exact column in the user's file. Pure string work: parsing the
// expressions themselves is expressions.ts's job.

export interface ExpressionSegment {
  /** The text between `${{` and `}}`, untrimmed. */
  source: string;
  /** Offset of `${{` in the string. */
  start: number;
  /** Offset of the first character of `source` (start + 3). */
  sourceStart: number;
  /** Offset just after the closing `}}`. */
  end: number;
}

export type TemplatePart = { kind: 'text'; text: string } | { kind: 'expression'; segment: ExpressionSegment };

export interface SplitTemplate {
  parts: TemplatePart[];
  /** Set when a `${{` is never closed; `offset` is where it opens. */
  unclosedAt?: number;
}

const OPEN = '${{';
const CLOSE = '}}';

/**
 * Finds the `}}` that closes an expression opened before `from`. A `}}` inside a single-quoted
 * expression string (`format('{0}}}', x)`) does not close it; `''` is an escaped quote, which
 * toggling twice handles on its own.
 */
function findClose(text: string, from: number): number {
  let inString = false;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === "'") inString = !inString;
    else if (!inString && c === '}' && text[i + 1] === '}') return i;
  }
  return -1;
}

export function splitTemplate(text: string): SplitTemplate {
  const parts: TemplatePart[] = [];
  let index = 0;
  while (index < text.length) {
    const open = text.indexOf(OPEN, index);
    if (open < 0) break;
    const close = findClose(text, open + OPEN.length);
    if (close < 0) {
      if (open > index) parts.push({ kind: 'text', text: text.slice(index, open) });
      parts.push({ kind: 'text', text: text.slice(open) });
      return { parts, unclosedAt: open };
    }
    if (open > index) parts.push({ kind: 'text', text: text.slice(index, open) });
    parts.push({ kind: 'expression', segment: { source: text.slice(open + OPEN.length, close), start: open, sourceStart: open + OPEN.length, end: close + CLOSE.length } });
    index = close + CLOSE.length;
  }
  if (index < text.length) parts.push({ kind: 'text', text: text.slice(index) });
  return { parts };
}

export function hasExpression(text: string): boolean {
  return text.includes(OPEN);
}

/**
 * The single expression when the string is exactly one `${{ }}` (surrounding whitespace
 * allowed): such a value keeps the expression's type (number, boolean, list, object).
 */
export function wholeExpression(split: SplitTemplate): ExpressionSegment | undefined {
  if (split.unclosedAt !== undefined) return undefined;
  const expressions = split.parts.filter((p) => p.kind === 'expression');
  if (expressions.length !== 1) return undefined;
  const onlyWhitespaceAround = split.parts.every((p) => p.kind === 'expression' || p.text.trim() === '');
  return onlyWhitespaceAround ? (expressions[0] as { segment: ExpressionSegment }).segment : undefined;
}

/** Every `${{ }}` segment of a string. */
export function expressionSegments(split: SplitTemplate): ExpressionSegment[] {
  return split.parts.flatMap((p) => (p.kind === 'expression' ? [p.segment] : []));
}
