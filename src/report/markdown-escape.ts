// Markdown escaping for values placed in Markdown text and table cells. Exchange data is
// attacker-controlled: a pipe would break a table row, a backtick or asterisk would change the
// formatting, raw HTML would be rendered by many Markdown viewers, a bracket would start a link.
// Every string in the Markdown view passes through here before a template sees it.

const BACKSLASHED = /[\\`*_[\]|~#]/g;

export function escapeMarkdown(text: string): string {
  return text
    .replace(BACKSLASHED, (c) => `\\${c}`)
    // At the start of a list item a value could open a nested list or an ordered list.
    .replace(/^([-+])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    // A newline would end a table row or a list item; a value is always one line.
    .replace(/\r\n|[\r\n\u2028\u2029]/g, ' ');
}

/** Deep copy of a JSON-like value with every string, keys included, Markdown-escaped. */
export function escapeMarkdownDeep<T>(value: T): T {
  if (typeof value === 'string') return escapeMarkdown(value) as T;
  if (Array.isArray(value)) return value.map((v) => escapeMarkdownDeep(v)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [escapeMarkdown(k), escapeMarkdownDeep(v)])) as T;
  }
  return value;
}
