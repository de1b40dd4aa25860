// Canonical JSON for the journal's hash chain. Both the engine (which writes the chain) and the
// report (which checks it) must produce byte-identical text, so the rule is spelled out here and
// in README "Reports": object keys sorted recursively (by UTF-16 code unit, as Array#sort does),
// no whitespace, JSON.stringify for every scalar; array order is kept; object members whose value
// is undefined are dropped (JSON.stringify drops them too).
import { createHash } from 'node:crypto';

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    // JSON.stringify(undefined) is undefined; inside arrays JSON writes null for it.
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.keys(value)
    .sort()
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
  return `{${entries.join(',')}}`;
}

export function sha256Hex(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}
