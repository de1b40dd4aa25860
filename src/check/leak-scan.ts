// Looks for API keys and secrets where they must not be: the working tree and kit's own logs.
// Two kinds of hit: a known value (a stored key, secret or passphrase, raw or base64/hex/URL
// encoded) is a leak; a string shaped like a supported exchange's key is something a person
// should look at. Hits name file:line:col only, never the value.
import { promises as fs } from 'node:fs';
import path from 'node:path';

export interface KnownSecret {
  /** e.g. "binance/main API secret" */
  label: string;
  value: string;
}

export interface LeakHit {
  file: string;
  line: number;
  col: number;
  what: string;
}

export interface ScanResult {
  known: LeakHit[];
  shaped: LeakHit[];
  filesScanned: number;
  /** True when the file or size limits stopped the walk early. */
  truncated: boolean;
}

/** Key shapes of the supported exchanges (documented formats; see README). */
export const KEY_SHAPES: ReadonlyArray<{ what: string; pattern: RegExp; accept?: (m: string) => boolean }> = [
  // Binance keys and secrets: 64 letters and digits, mixed case (a SHA-256 hex digest is not).
  { what: 'a Binance API key or secret (64 letters and digits)', pattern: /(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])/g, accept: (m) => /[a-z]/.test(m) && /[A-Z]/.test(m) && /[0-9]/.test(m) },
  // Kraken private keys: 88 base64 characters ending in "==".
  { what: 'a Kraken private key (88 base64 characters)', pattern: /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{86}==/g },
  // Coinbase CDP keys: a key name and an EC private key in PEM.
  { what: 'a Coinbase CDP API key name', pattern: /organizations\/[0-9a-f-]{36}\/apiKeys\/[0-9a-f-]{36}/g },
  { what: 'a private key in PEM form', pattern: /-----BEGIN (?:EC |RSA |)PRIVATE KEY-----/g },
  // Any exchange: a credential assigned in code or config.
  { what: 'an API key or secret assigned in code or config', pattern: /\b(?:api[_-]?key|api[_-]?secret|secret[_-]?key|passphrase|apiSecret)["']?\s*[:=]\s*["']?[A-Za-z0-9+/=_-]{16,}/gi },
];

const SKIP_DIRS = new Set(['.git', 'node_modules']);
const MAX_FILES = 20_000;
const MAX_FILE_BYTES = 2 * 1024 * 1024;

/** The forms a secret takes when it leaks: as is, base64 (with and without padding), hex, URL-encoded. */
export function leakForms(value: string): string[] {
  const b64 = Buffer.from(value, 'utf8').toString('base64');
  return [...new Set([value, b64, b64.replace(/=+$/, ''), Buffer.from(value, 'utf8').toString('base64url'), Buffer.from(value, 'utf8').toString('hex'), encodeURIComponent(value)])].filter((f) => f.length >= 6);
}

function position(text: string, index: number): { line: number; col: number } {
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  return { line, col: index - before.lastIndexOf('\n') };
}

async function* walk(dir: string, skip: ReadonlySet<string>): AsyncGenerator<string> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (skip.has(full)) continue;
    // Symbolic links are not followed: they lead out of the tree (node_modules, shared folders).
    if (entry.isDirectory() && !SKIP_DIRS.has(entry.name)) yield* walk(full, skip);
    else if (entry.isFile()) yield full;
  }
}

export async function scanForLeaks(roots: string[], secrets: KnownSecret[], skip: ReadonlySet<string>, display: (file: string) => string): Promise<ScanResult> {
  const forms = secrets.flatMap((s) => leakForms(s.value).map((form) => ({ form, label: s.label })));
  const result: ScanResult = { known: [], shaped: [], filesScanned: 0, truncated: false };
  const seen = new Set<string>();
  for (const root of roots) {
    for await (const file of walk(root, skip)) {
      if (seen.has(file)) continue;
      seen.add(file);
      if (result.filesScanned >= MAX_FILES) {
        result.truncated = true;
        return result;
      }
      const stat = await fs.stat(file).catch(() => undefined);
      if (!stat || stat.size > MAX_FILE_BYTES) {
        if (stat) result.truncated = true;
        continue;
      }
      const buffer = await fs.readFile(file).catch(() => undefined);
      if (!buffer || buffer.subarray(0, 8192).includes(0)) continue; // unreadable or binary
      result.filesScanned++;
      const text = buffer.toString('utf8');
      for (const { form, label } of forms) {
        const index = text.indexOf(form);
        if (index >= 0) result.known.push({ file: display(file), ...position(text, index), what: label });
      }
      for (const shape of KEY_SHAPES) {
        for (const m of text.matchAll(shape.pattern)) {
          if (shape.accept && !shape.accept(m[0])) continue;
          result.shaped.push({ file: display(file), ...position(text, m.index ?? 0), what: shape.what });
          break; // one hit per shape per file is enough to send a person there
        }
      }
    }
  }
  return result;
}
