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

// Request signatures and key headers that ccxt echoes in error messages ("GET https://...
// ?timestamp=...&signature=9f86d0...", "X-MBX-APIKEY: ..."). A signature is not the secret,
// but it is derived from it and replayable within recvWindow; the key header carries the key.
const ECHOED_CREDENTIAL = /\b(signature|sign|apiKey|api_key|X-MBX-APIKEY|X-BAPI-API-KEY|X-BAPI-SIGN|OK-ACCESS-KEY|OK-ACCESS-SIGN|OK-ACCESS-PASSPHRASE|KC-API-KEY|KC-API-SIGN|KC-API-PASSPHRASE|API-Key|API-Sign|X-Vault-Token)(["']?\s*[:=]\s*["']?)([A-Za-z0-9+/=_%.-]{8,})/gi;

/** redact(), plus signatures and key headers that a library echoed into a message. */
export function redactEchoedCredentials(text: string): string {
  return redact(text).replace(ECHOED_CREDENTIAL, (_m, name: string, sep: string) => `${name}${sep}${MASK}`);
}

/**
 * Makes a thrown error safe to show: message, stack and the string fields libraries attach
 * (ccxt puts the URL, request headers and response body in the message; others use `url`,
 * `body`, `headers`) are redacted in place, causes too. Returns the same error for chaining.
 */
export function redactError<E>(error: E): E {
  redactErrorInPlace(error, new WeakSet());
  return error;
}

function redactErrorInPlace(error: unknown, seen: WeakSet<object>): void {
  if (error === null || typeof error !== 'object' || seen.has(error)) return;
  seen.add(error);
  const target = error as Record<string, unknown>;
  for (const key of Object.getOwnPropertyNames(target)) {
    const value = target[key];
    try {
      if (typeof value === 'string') target[key] = SECRET_KEY_NAMES.has(key) && value !== '' ? MASK : redactEchoedCredentials(value);
      else if (key === 'cause' || value instanceof Error) redactErrorInPlace(value, seen);
      else if (value !== null && typeof value === 'object') target[key] = redactValue(value);
    } catch {
      // A read-only property: leave it; the sinks redact what they print anyway.
    }
  }
}

let processRedactionInstalled = false;

/**
 * Last line of defence: every write to process.stdout and process.stderr passes through
 * redact(), whatever module wrote it. Idempotent. (A secret split across two writes is not
 * caught here; the sinks themselves redact whole lines.)
 */
export function installProcessRedaction(): void {
  if (processRedactionInstalled) return;
  processRedactionInstalled = true;
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
    const wrapped = (chunk: unknown, ...rest: unknown[]): boolean => {
      if (patterns.length === 0) return original(chunk, ...rest);
      if (typeof chunk === 'string') return original(redact(chunk), ...rest);
      if (chunk instanceof Uint8Array) {
        const encoding = typeof rest[0] === 'string' ? rest[0] : undefined;
        if (encoding === undefined || encoding === 'buffer') {
          const text = Buffer.from(chunk).toString('utf8');
          const masked = redact(text);
          // Untouched bytes go out as they came (binary output stays intact).
          if (masked !== text) return original(Buffer.from(masked, 'utf8'), ...rest);
        }
      }
      return original(chunk, ...rest);
    };
    stream.write = wrapped as typeof stream.write;
  }
}
