// Parsing `${{ }}` expressions with GitHub's own lexer and parser (@actions/expressions), plus
// what lint needs from the tree: the context references (`steps.revoke.outputs.url`) and the
// functions called, each with its offset inside the expression so errors point at a column.
import { data, Lexer, Parser, ExpressionError as LibraryExpressionError } from '@actions/expressions';
import { Binary, ContextAccess, Expr, FunctionCall, Grouping, IndexAccess, Literal, Logical, Star, Unary } from '@actions/expressions/ast';
import type { FunctionInfo } from '@actions/expressions/funcs/info';
import type { Pos, Token } from '@actions/expressions/lexer';

/** `item` exists only inside a `for-each` step (lint says where it may appear). */
export const CONTEXT_NAMES = ['inputs', 'steps', 'run', 'env', 'item'] as const;

/** GitHub's status functions; see expressions.ts for what they mean in a kit run. */
export const STATUS_FUNCTIONS: FunctionInfo[] = ['success', 'failure', 'always', 'cancelled'].map((name) => ({ name, minArgs: 0, maxArgs: 0 }));

/** Every function an expression may call (lower case: function names are case-insensitive). */
export const FUNCTION_NAMES: ReadonlySet<string> = new Set(['contains', 'startswith', 'endswith', 'format', 'join', 'tojson', 'fromjson', 'case', ...STATUS_FUNCTIONS.map((f) => f.name)]);
const FUNCTION_LIST = 'contains, startsWith, endsWith, format, join, toJSON, fromJSON, case, success, failure, always, cancelled';

/** A problem with an expression; `offset` is where in the expression text it is. */
export class ExpressionError extends Error {
  /** The expression text (inside `${{ }}`), when known. */
  readonly expression?: string;
  /** Offset of the offending token within `expression`. */
  readonly offset?: number;
  /** What is wrong, without the expression (lint prints the location instead). */
  readonly reason: string;
  constructor(reason: string, options: { expression?: string; offset?: number; cause?: unknown } = {}) {
    super(options.expression === undefined ? reason : `\${{ ${options.expression.trim()} }}: ${reason}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ExpressionError';
    this.reason = reason;
    this.expression = options.expression;
    this.offset = options.offset;
  }
}

export interface ContextReference {
  /** The context as written (`steps`, `inputs`, ...). */
  context: string;
  /** The literal property names after the context, up to the first computed index. */
  path: string[];
  /** Offsets within the expression of the context name, then of each path segment. */
  offsets: number[];
  /** A computed index (`steps[inputs.id]`, `.*`) follows the literal path: it cannot be checked. */
  dynamic: boolean;
}

export interface FunctionReference {
  /** Lower-case name. */
  name: string;
  offset: number;
}

export interface ParsedExpression {
  source: string;
  expr: Expr;
  references: ContextReference[];
  functions: FunctionReference[];
}

function offsetOf(source: string, pos: Pos): number {
  let lineStart = 0;
  for (let line = 0; line < pos.line; line++) lineStart = source.indexOf('\n', lineStart) + 1;
  return lineStart + pos.column;
}

function describeSymbol(symbol: string): string {
  if (symbol.startsWith('"')) return `unexpected ${symbol}: strings in expressions use single quotes, e.g. 'text'`;
  if (symbol === '=') return 'unexpected "=": compare with ==';
  if (symbol === 'EOF') return 'the expression ends too early';
  return `unexpected "${symbol}"`;
}

function translateLibraryError(error: unknown, source: string): ExpressionError {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof LibraryExpressionError) {
    const offset = offsetOf(source, error.pos);
    const symbol = /: '(.*)'$/s.exec(message)?.[1] ?? '';
    let reason: string;
    if (message.startsWith('Unrecognized named-value')) reason = `unknown context "${symbol}" (expressions can use ${CONTEXT_NAMES.join(', ')})`;
    else if (message.startsWith('Unrecognized function')) reason = `unknown function ${symbol}() (available: ${FUNCTION_LIST})`;
    else if (message.startsWith('Unexpected end')) reason = 'the expression ends too early';
    else if (message.startsWith('Unexpected symbol')) reason = describeSymbol(symbol);
    else if (message.startsWith('Too few') || message.startsWith('Too many') || message.startsWith('Even number')) reason = `${message.replace(/: '.*'$/s, '').toLowerCase()} to ${symbol}()`;
    else reason = message;
    return new ExpressionError(reason, { expression: source, offset, cause: error });
  }
  // The lexer throws plain errors: "Unexpected symbol: 'x'. Located at position N within expression: ..."
  const lexed = /^Unexpected symbol: '(.*)'\. Located at position (\d+) within expression/s.exec(message);
  if (lexed) return new ExpressionError(describeSymbol(lexed[1]), { expression: source, offset: Number(lexed[2]) - 1, cause: error });
  if (message === 'ErrorExceededMaxLength') return new ExpressionError('the expression is too long', { expression: source, offset: 0, cause: error });
  return new ExpressionError(message, { expression: source, offset: 0, cause: error });
}

/** Parses one expression (the text inside `${{ }}`, or a bare `if:` condition). */
export function parseExpression(source: string): ParsedExpression {
  let expr: Expr | undefined;
  try {
    const tokens = new Lexer(source).lex().tokens;
    expr = new Parser(tokens, [...CONTEXT_NAMES], STATUS_FUNCTIONS).parse();
  } catch (error) {
    throw translateLibraryError(error, source);
  }
  if (!expr) throw new ExpressionError('the expression is empty', { expression: source, offset: 0 });
  const parsed: ParsedExpression = { source, expr, references: [], functions: [] };
  walk(expr, parsed);
  // The library looks functions up on a plain object, where `constructor(...)` or
  // `toString(...)` would find Object.prototype members: only our own list is allowed.
  for (const f of parsed.functions) {
    if (!FUNCTION_NAMES.has(f.name)) throw new ExpressionError(`unknown function ${f.name}() (available: ${FUNCTION_LIST})`, { expression: source, offset: f.offset });
  }
  return parsed;

  function tokenOffset(token: Token): number {
    return offsetOf(source, token.range.start);
  }

  /** A chain `ctx.a.b['c']` rooted at a context, or undefined for anything else. */
  function asReference(e: Expr, computed: Expr[]): ContextReference | undefined {
    if (e instanceof ContextAccess) return { context: e.name.lexeme, path: [], offsets: [tokenOffset(e.name)], dynamic: false };
    if (!(e instanceof IndexAccess)) return undefined;
    const base = asReference(e.expr, computed);
    if (!base) return undefined;
    const literal = e.index instanceof Literal ? e.index : undefined;
    if (!base.dynamic && literal && (literal.literal.kind === data.Kind.String || literal.literal.kind === data.Kind.Number)) {
      base.path.push(literal.literal.coerceString());
      base.offsets.push(tokenOffset(literal.token));
      return base;
    }
    base.dynamic = true;
    // `.*` is a Star; anything else computed (steps[inputs.id]) has references of its own.
    if (!(e.index instanceof Star) && !literal) computed.push(e.index);
    return base;
  }

  function walk(e: Expr | undefined, out: ParsedExpression): void {
    if (!e) return;
    const computed: Expr[] = [];
    const reference = asReference(e, computed);
    if (reference) {
      out.references.push(reference);
      for (const c of computed) walk(c, out);
      return;
    }
    if (e instanceof Unary) walk(e.expr, out);
    else if (e instanceof Binary) { walk(e.left, out); walk(e.right, out); }
    else if (e instanceof Logical) e.args.forEach((a) => walk(a, out));
    else if (e instanceof Grouping) walk(e.group, out);
    else if (e instanceof IndexAccess) { walk(e.expr, out); walk(e.index, out); }
    else if (e instanceof FunctionCall) {
      out.functions.push({ name: e.functionName.lexeme.toLowerCase(), offset: tokenOffset(e.functionName) });
      e.args.forEach((a) => walk(a, out));
    }
  }
}
