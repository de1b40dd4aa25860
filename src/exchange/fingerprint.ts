import { createHash } from 'node:crypto';

/** First 8 hex digits of the SHA-256 of the API key: identifies a key in logs without revealing it. */
export function keyFingerprint(apiKey: string | undefined): string | undefined {
  if (!apiKey) return undefined;
  return createHash('sha256').update(apiKey, 'utf8').digest('hex').slice(0, 8);
}

/** The last four characters of a key, as exchanges show them on their API-management pages. */
export function keyHint(apiKey: string | undefined): string | undefined {
  if (!apiKey) return undefined;
  return apiKey.length <= 8 ? '…' : `…${apiKey.slice(-4)}`;
}

/**
 * A digest of every credential field, to tell two sets of credentials apart in memory (never
 * shown, never stored: the key of the connection a run's steps share).
 */
export function credentialsDigest(credentials: { apiKey: string; secret: string; password?: string; uid?: string }): string {
  return createHash('sha256').update(JSON.stringify([credentials.apiKey, credentials.secret, credentials.password ?? null, credentials.uid ?? null]), 'utf8').digest('hex');
}
