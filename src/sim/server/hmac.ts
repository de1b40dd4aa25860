// HMAC-SHA256 signature checks shared by both dialects: hex, compared case-insensitively and in
// constant time.
import { createHmac, timingSafeEqual } from 'node:crypto';

export function hmacHex(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('hex');
}

export function signatureMatches(secret: string, payload: string, signature: string): boolean {
  const expected = hmacHex(secret, payload);
  const given = signature.toLowerCase();
  if (given.length !== expected.length || !/^[0-9a-f]+$/.test(given)) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}
