// The one redactor. Every secret value loaded from any store is registered here, and every
// sink (terminal, --json, journal, audit log, report, e-mail, error messages) passes its text
// through redact(). Besides the raw value we also match the encodings a secret commonly
// leaks in: URL-encoding (query strings in ccxt error messages), base64 and hex.

const MASK = '[REDACTED]';
// Values shorter than this are not registered: masking "1" or "abc" everywhere would
// destroy output while protecting nothing real.
const MIN_SECRET_LENGTH = 6;

const registered = new Set<string>();
let patterns: string[] = [];

function encodings(value: string): string[] {
  const forms = new Set<string>([value]);
  forms.add(encodeURIComponent(value));
  forms.add(Buffer.from(value, 'utf8').toString('base64'));
  forms.add(Buffer.from(value, 'utf8').toString('base64').replace(/=+$/, ''));
  forms.add(Buffer.from(value, 'utf8').toString('base64url'));
  forms.add(Buffer.from(value, 'utf8').toString('hex'));
  forms.add(Buffer.from(value, 'utf8').toString('hex').toUpperCase());
  return [...forms].filter((f) => f.length >= MIN_SECRET_LENGTH);
}

/** Registers a secret value; from now on it is masked in everything kit writes. */
export function registerSecret(value: string | undefined | null): void {
  if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH || registered.has(value)) return;
  registered.add(value);
  // Longest first, so that a value containing another is masked whole.
  patterns = [...new Set([...patterns, ...encodings(value)])].sort((a, b) => b.length - a.length);
}

export function registeredSecretCount(): number {
  return registered.size;
}

/** For tests only: forget every registered secret. */
export function clearSecretsForTests(): void {
  registered.clear();
  patterns = [];
}

export function redact(text: string): string {
  if (patterns.length === 0 || text.length === 0) return text;
  let out = text;
  for (const p of patterns) {
    if (out.includes(p)) out = out.split(p).join(MASK);
  }
  return out;
}

/** Deep-redacts any JSON-like value; keys named like secrets are masked whatever their value. */
export function redactValue<T>(value: T, secretKeys: ReadonlySet<string> = SECRET_KEY_NAMES): T {
  return walk(value, secretKeys, new WeakSet()) as T;
}

export const SECRET_KEY_NAMES: ReadonlySet<string> = new Set([
  'secret', 'apiSecret', 'secretKey', 'password', 'passphrase', 'token', 'privateKey', 'apiKey',
  'masterPassword', 'signature', 'X-MBX-APIKEY', 'X-BAPI-API-KEY', 'X-BAPI-SIGN', 'authorization', 'Authorization',
]);

function walk(value: unknown, secretKeys: ReadonlySet<string>, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redact(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => walk(v, secretKeys, seen));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = secretKeys.has(k) && v !== undefined && v !== null && v !== '' ? MASK : walk(v, secretKeys, seen);
  }
  return out;
}
