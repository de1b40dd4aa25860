// A key's fingerprint: the first 8 hex digits of the SHA-256 of the API key. It names a key in
// journals, audit records and output without revealing it.
import { createHash } from 'node:crypto';

export function keyFingerprint(apiKey: string): string {
  return createHash('sha256').update(apiKey, 'utf8').digest('hex').slice(0, 8);
}
