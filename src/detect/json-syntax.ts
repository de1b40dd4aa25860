// A JSON syntax error as a located problem: V8's JSON.parse message carries an offset
// ("... in JSON at position 7") or a snippet ("Unexpected token 'a', "abc" is not valid JSON");
// either becomes line:col in the user's file.
import type { LocatedProblem } from '../errors.js';
import { positionOf } from './json-locate.js';

export function jsonSyntaxProblem(text: string, error: unknown, file: string): LocatedProblem {
  const raw = error instanceof Error ? error.message : String(error);
  const offset = errorOffset(text, raw);
  const { line, col } = positionOf(text, offset);
  let message = raw
    .replace(/ in JSON at position \d+.*$/s, '')
    .replace(/, ".*" is not valid JSON$/s, '');
  if (/after JSON/.test(raw)) message += ' (a bundle is one JSON object; JSON Lines or several documents are not accepted)';
  if (/end of JSON input/.test(raw)) message += ' (the file ends too early; was it cut off while being written?)';
  return { file, line, col, path: '', message: `not valid JSON: ${message}` };
}

function errorOffset(text: string, message: string): number {
  const position = /at position (\d+)/.exec(message);
  if (position) return Number(position[1]);
  if (/end of JSON input/.test(message)) return text.length;
  // `Unexpected token 'x', "...snippet..." is not valid JSON`: find the snippet, then the token in it.
  const token = /Unexpected token '(.)', "(.*)" is not valid JSON$/s.exec(message);
  if (token) {
    const snippet = token[2].replace(/^\.\.\./, '').replace(/\.\.\.$/, '');
    const at = text.indexOf(snippet);
    if (at !== -1) return at + Math.max(0, snippet.indexOf(token[1]));
  }
  return 0;
}
