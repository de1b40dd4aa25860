// YAML with located errors: parse with yaml's parseDocument + LineCounter, then map every
// problem (syntax, duplicate key, tab, schema issue, semantic rule) back to file:line:col.
// Used by the runbook loader and the scenario loader alike. No I/O here.
import { LineCounter, parseDocument, isMap, isNode, isScalar, isSeq, Scalar, visit, type Alias, type Document, type Node } from 'yaml';
import { z } from 'zod';
import { didYouMean } from './suggest.js';
import type { LocatedProblem } from '../errors.js';

export type PathSegment = string | number;

export interface ParsedYaml {
  file: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
  /** Syntax-level problems; when non-empty, `value` may be partial. */
  problems: LocatedProblem[];
  /**
   * True when a syntax error leaves the structure in doubt (anything but a duplicate key): a
   * caller should then not validate `value`, whose shape would produce misleading errors.
   */
  fatal: boolean;
  value: unknown;
}

export function parseYamlLocated(text: string, file: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true, logLevel: 'error' });
  const problems: LocatedProblem[] = [];
  const errors = [...doc.errors, ...doc.warnings].map((err) => ({ err, ...lineCounter.linePos(err.pos[0]) }));
  // Tabs are never valid YAML indentation, and the parser's message for them can be obscure
  // (BAD_INDENT, MISSING_CHAR...): on a line that starts with a tab and has a parser error, say
  // it plainly and point at the tab; the parser's errors on that line are its consequence.
  // (A tab after the indentation of a block scalar is content, and the parser accepts it.)
  const tabLines = new Set<number>();
  text.split(/\r?\n/).forEach((lineText, index) => {
    const m = /^[ ]*\t/.exec(lineText);
    if (!m || !errors.some((e) => e.line === index + 1)) return;
    tabLines.add(index + 1);
    problems.push({ file, line: index + 1, col: m[0].length, path: '', message: TAB_MESSAGE, severity: 'error' });
  });
  let fatal = tabLines.size > 0;
  const swallowedAt = new Set<number>();
  // Unclosed quotes first: the parser's other errors at the same offset follow from them.
  errors.sort((a, b) => Number(b.err.code === 'MISSING_CHAR') - Number(a.err.code === 'MISSING_CHAR'));
  for (const { err, line, col } of errors) {
    if (tabLines.has(line)) continue;
    if (err.code === 'DUPLICATE_KEY') {
      const keyPath = findNode(doc, (node, role) => role === 'key' && node.range?.[0] === err.pos[0])?.path;
      const key = keyPath ? String(keyPath[keyPath.length - 1]) : text.slice(err.pos[0]).split(/[:\s]/)[0];
      problems.push({ file, line, col, path: keyPath ? formatPath(keyPath) : '', message: `duplicate key "${key}" (each key may appear once; remove or rename one)`, severity: 'error' });
      continue;
    }
    fatal = true;
    if (swallowedAt.has(err.pos[0])) continue; // a consequence of the unclosed quote reported below
    const quote = err.code === 'MISSING_CHAR' && /quote/.test(err.message) ? unclosedQuote(doc, err.pos[0]) : undefined;
    if (quote?.node.range) {
      swallowedAt.add(err.pos[0]);
      const mark = (quote.node as Scalar).type === Scalar.QUOTE_DOUBLE ? '"' : "'";
      problems.push({ file, ...lineCounter.linePos(quote.node.range[0]), path: formatPath(quote.path), message: `this quoted string is never closed: add the closing ${mark}`, severity: 'error' });
      continue;
    }
    problems.push({ file, line, col, path: '', message: describeYamlError(err.code, err.message), severity: 'error' });
  }
  for (const alias of recursiveAliases(doc)) {
    fatal = true;
    problems.push({ file, ...lineCounter.linePos(alias.range?.[0] ?? 0), path: '', message: `the alias *${alias.source} is inside the node it refers to, which makes endless data: refer to something outside it`, severity: 'error' });
  }
  problems.sort(byPosition);
  let value: unknown = undefined;
  try {
    // A recursive alias would make `value` cyclic, and every walk over it endless.
    if (!fatal) value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    fatal = true;
    problems.push({ file, line: 1, col: 1, path: '', message: `cannot read the document: ${(error as Error).message}`, severity: 'error' });
  }
  return { file, doc, lineCounter, problems, fatal, value };
}

/** Aliases that refer to one of their own ancestors (`a: &x { b: *x }`). */
function recursiveAliases(doc: Document.Parsed): Alias[] {
  const found: Alias[] = [];
  visit(doc, {
    Alias(_key, node, path) {
      const target = node.resolve(doc);
      if (target && path.includes(target)) found.push(node);
    },
  });
  return found;
}

const TAB_MESSAGE = 'a tab is used for indentation; YAML allows spaces only (replace the tab with spaces)';

function describeYamlError(code: string, message: string): string {
  const first = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  if (code === 'TAB_AS_INDENT') return TAB_MESSAGE;
  return `YAML syntax error: ${first}`;
}

/** The path of the first node (a map key, or a value) for which `match` holds, and that node. */
function findNode(doc: Document.Parsed, match: (node: Node, role: 'key' | 'value') => boolean): { path: PathSegment[]; node: Node } | undefined {
  const search = (node: unknown, path: PathSegment[]): { path: PathSegment[]; node: Node } | undefined => {
    if (isNode(node) && match(node, 'value')) return { path, node };
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = pair.key;
        const keyPath = [...path, isScalar(key) ? String(key.value) : String(key)];
        if (isNode(key) && match(key, 'key')) return { path: keyPath, node: key };
        const found = search(pair.value, keyPath);
        if (found) return found;
      }
    } else if (isSeq(node)) {
      for (let i = 0; i < node.items.length; i++) {
        const found = search(node.items[i], [...path, i]);
        if (found) return found;
      }
    }
    return undefined;
  };
  return search(doc.contents, []);
}

/**
 * The parser reports an unclosed quote at the end of the file, far from the mistake: point at
 * the quoted string that swallowed the rest of the file instead.
 */
function unclosedQuote(doc: Document.Parsed, errorOffset: number): { path: PathSegment[]; node: Node } | undefined {
  return findNode(doc, (node, role) => role === 'value' && isScalar(node) && (node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE) && node.range?.[1] === errorOffset);
}

export function byPosition(a: LocatedProblem, b: LocatedProblem): number {
  return a.line - b.line || a.col - b.col;
}

/** `steps[2].with.side` from ['steps', 2, 'with', 'side']. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? String(seg) : `.${String(seg)}`;
  }
  return out;
}

/**
 * Locates a path in the document: the deepest existing node on the path (a missing key is
 * reported at its parent). With `key: true` it points at the key of the last map entry, which
 * is where an "unknown key" error belongs.
 */
export function locate(parsed: Pick<ParsedYaml, 'doc' | 'lineCounter'>, path: readonly PropertyKey[], options: { key?: boolean } = {}): { line: number; col: number } {
  const segs = path.map((s) => (typeof s === 'symbol' ? String(s) : s)) as PathSegment[];
  for (let n = segs.length; n >= 0; n--) {
    const sub = segs.slice(0, n);
    const node = n === 0 ? parsed.doc.contents : parsed.doc.getIn(sub, true);
    if (options.key && n === segs.length && n > 0) {
      const parent = n === 1 ? parsed.doc.contents : parsed.doc.getIn(segs.slice(0, n - 1), true);
      const keyNode = findKeyNode(parent, segs[n - 1]);
      if (keyNode?.range) return parsed.lineCounter.linePos(keyNode.range[0]);
    }
    if (isNode(node) && node.range) return parsed.lineCounter.linePos(node.range[0]);
  }
  return { line: 1, col: 1 };
}

function findKeyNode(parent: unknown, key: PathSegment): { range?: [number, number, number] | null } | undefined {
  const items = (parent as { items?: Array<{ key?: unknown }> } | undefined)?.items;
  if (!Array.isArray(items)) return undefined;
  for (const item of items) {
    const k = item.key as { value?: unknown; range?: [number, number, number] | null } | undefined;
    if (k && (k.value === key || String(k.value) === String(key))) return k;
  }
  return undefined;
}

/**
 * Turns zod issues into located problems, one per issue (unknown keys: one per key). Given the
 * schema that produced the issues, an unknown key's message lists the keys allowed there.
 */
export function zodIssuesToProblems(parsed: Pick<ParsedYaml, 'file' | 'doc' | 'lineCounter'>, issues: readonly z.core.$ZodIssue[], basePath: readonly PropertyKey[] = [], schema?: z.ZodType): LocatedProblem[] {
  const problems: LocatedProblem[] = [];
  for (const issue of issues) {
    const path = [...basePath, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const full = [...path, key];
        const pos = locate(parsed, full, { key: true });
        const allowed = schema ? objectKeysAt(schema, issue.path) : undefined;
        const hint = allowed ? `${didYouMean(key, allowed)}; allowed here: ${allowed.join(', ')}` : ' (check the spelling)';
        problems.push({ file: parsed.file, ...pos, path: formatPath(full), message: `unknown key "${key}"${hint}`, severity: 'error' });
      }
      continue;
    }
    if (issue.code === 'invalid_union' && 'errors' in issue && Array.isArray(issue.errors) && issue.errors.length > 0) {
      // Report the branch that got furthest rather than "invalid input".
      const best = [...issue.errors].sort((a, b) => deepest(b) - deepest(a))[0];
      if (best && best.length > 0 && deepest(best) > 0) {
        problems.push(...zodIssuesToProblems(parsed, best, path));
        continue;
      }
      // Every branch refused the type itself: say which types would do.
      const expected = issue.errors.flatMap((branch) => branch.filter((i) => i.code === 'invalid_type' && i.path.length === 0).map((i) => (i as { expected: string }).expected));
      if (expected.length === issue.errors.length) {
        const names = [...new Set(expected.map((e) => EXPECTED_NAMES[e] ?? e))];
        problems.push({ file: parsed.file, ...locate(parsed, path), path: formatPath(path), message: `expected ${names.join(' or ')}, got ${describeNode(nodeAt(parsed, path))}`, severity: 'error' });
        continue;
      }
    }
    if (issue.code === 'invalid_key') {
      const pos = locate(parsed, path, { key: true });
      const inner = issue.issues[0]?.message ?? issue.message;
      problems.push({ file: parsed.file, ...pos, path: formatPath(path), message: `invalid name "${String(path[path.length - 1])}": ${inner}`, severity: 'error' });
      continue;
    }
    const pos = locate(parsed, path);
    problems.push({ file: parsed.file, ...pos, path: formatPath(path), message: describeIssue(issue, nodeAt(parsed, path), path), severity: 'error' });
  }
  return problems;
}

/** The node at exactly `path`, or undefined when something on the way is missing. */
function nodeAt(parsed: Pick<ParsedYaml, 'doc'>, path: readonly PropertyKey[]): unknown {
  if (path.length === 0) return parsed.doc.contents ?? undefined;
  return parsed.doc.getIn(path.map((s) => (typeof s === 'symbol' ? String(s) : s)), true);
}

const EXPECTED_NAMES: Record<string, string> = { object: 'a mapping', record: 'a mapping', map: 'a mapping', array: 'a list' };

/** What the file holds at a node, for "expected X, got Y". */
function describeNode(node: unknown): string {
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    if (node.value === null) return 'an empty value';
    const text = JSON.stringify(node.value) ?? String(node.value);
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
  }
  return 'nothing';
}

/**
 * zod's default messages ("Invalid input: expected number, received string") say neither what
 * the file holds nor which field is missing; rewrite them. Custom messages from the schema
 * (they say how to fix) are kept, with what the file holds appended.
 */
function describeIssue(issue: z.core.$ZodIssue, node: unknown, path: readonly PropertyKey[]): string {
  const isDefault = /^Invalid (input|option)\b/.test(issue.message);
  const field = path.length > 0 ? String(path[path.length - 1]) : '';
  if (node === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_value')) {
    const expected = issue.code === 'invalid_type' ? issue.expected : issue.values.map((v) => JSON.stringify(v)).join(' | ');
    if (path.length === 0) return `the document is empty (expected a mapping of runbook fields)`;
    return isDefault ? `missing required field "${field}" (expected ${expected})` : `missing required field "${field}": ${issue.message}`;
  }
  const got = describeNode(node);
  if (isDefault && issue.code === 'invalid_type') return `expected ${EXPECTED_NAMES[issue.expected] ?? issue.expected}, got ${got}`;
  if (isDefault && issue.code === 'invalid_value') return `expected ${issue.values.map((v) => JSON.stringify(v)).join(' | ')}, got ${got}`;
  return `${issue.message}, got ${got}`;
}

function deepest(issues: readonly z.core.$ZodIssue[]): number {
  return Math.max(0, ...issues.map((i) => i.path.length + (i.code === 'invalid_type' ? 0 : 1)));
}

/** Looks through optional/default/nullable/pipe wrappers. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (let i = 0; i < 10; i++) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodDefault || current instanceof z.ZodNullable) current = current.def.innerType as z.ZodType;
    else if (current instanceof z.ZodPipe) current = current.def.in as z.ZodType;
    else break;
  }
  return current;
}

/** The keys of the object schema found at `path` inside `schema`, if there is one. */
function objectKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] | undefined {
  let current: z.ZodType | undefined = unwrap(schema);
  for (const seg of path) {
    if (current instanceof z.ZodObject) current = (current.shape as Record<string, z.ZodType>)[String(seg)];
    else if (current instanceof z.ZodArray) current = current.element as z.ZodType;
    else if (current instanceof z.ZodRecord) current = current.valueType as z.ZodType;
    else return undefined;
    if (!current) return undefined;
    current = unwrap(current);
  }
  return current instanceof z.ZodObject ? Object.keys(current.shape) : undefined;
}
