// YAML with located errors: parse with yaml's parseDocument + LineCounter, then map every
// problem (syntax, duplicate key, tab, schema issue, semantic rule) back to file:line:col.
// Used by the runbook loader and the scenario loader alike. No I/O here.
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import type { z } from 'zod';
import type { LocatedProblem } from '../errors.js';

export type PathSegment = string | number;

export interface ParsedYaml {
  file: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
  /** Syntax-level problems; when non-empty, `value` may be partial. */
  problems: LocatedProblem[];
  value: unknown;
}

export function parseYamlLocated(text: string, file: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  const problems: LocatedProblem[] = [];
  for (const err of [...doc.errors, ...doc.warnings]) {
    const { line, col } = lineCounter.linePos(err.pos[0]);
    problems.push({ file, line, col, path: '', message: describeYamlError(err.code, err.message), severity: 'error' });
  }
  // Tabs are never valid YAML indentation; the parser's message for them can be obscure, so
  // say it plainly and point at the tab itself.
  text.split(/\r?\n/).forEach((lineText, index) => {
    const m = /^[ ]*\t/.exec(lineText);
    if (m && !problems.some((p) => p.line === index + 1 && /tab/i.test(p.message))) {
      problems.push({ file, line: index + 1, col: m[0].length, path: '', message: 'a tab is used for indentation; YAML allows spaces only (replace the tab with spaces)', severity: 'error' });
    }
  });
  problems.sort(byPosition);
  let value: unknown = undefined;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    problems.push({ file, line: 1, col: 1, path: '', message: `cannot read the document: ${(error as Error).message}` });
  }
  return { file, doc, lineCounter, problems, value };
}

function describeYamlError(code: string, message: string): string {
  const first = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  if (code === 'DUPLICATE_KEY') return `duplicate key: ${first.replace(/^Map keys must be unique;?\s*/, '') || 'map keys must be unique'} (each key may appear once)`;
  if (code === 'TAB_AS_INDENT') return 'a tab is used for indentation; YAML allows spaces only (replace the tab with spaces)';
  return `YAML syntax error: ${first}`;
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

/** Turns zod issues into located problems, one per issue (unknown keys: one per key). */
export function zodIssuesToProblems(parsed: Pick<ParsedYaml, 'file' | 'doc' | 'lineCounter'>, issues: readonly z.core.$ZodIssue[], basePath: readonly PropertyKey[] = []): LocatedProblem[] {
  const problems: LocatedProblem[] = [];
  for (const issue of issues) {
    const path = [...basePath, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const full = [...path, key];
        const pos = locate(parsed, full, { key: true });
        problems.push({ file: parsed.file, ...pos, path: formatPath(full), message: `unknown key "${key}" (check the spelling; allowed keys are listed in the README)`, severity: 'error' });
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
    }
    const pos = locate(parsed, path);
    problems.push({ file: parsed.file, ...pos, path: formatPath(path), message: issue.message, severity: 'error' });
  }
  return problems;
}

function deepest(issues: readonly z.core.$ZodIssue[]): number {
  return Math.max(0, ...issues.map((i) => i.path.length + (i.code === 'invalid_type' ? 0 : 1)));
}
