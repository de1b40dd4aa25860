// Key derivation for the encrypted config: scrypt, N = 2^17, r = 8, p = 1, 64 bytes out
// (32 for AES-256-GCM, 32 for the key-check MAC). That costs 128 MiB of memory and ~300 ms per
// attempt on a 2-core machine (bench/kdf.mjs measures it), so every wrong-password guess costs an
// attacker at least 100 ms and 128 MiB. Files record their parameters, so they can be raised later
// without breaking old files; reads accept only sane bounds, so a tampered file cannot make kit
// allocate gigabytes or derive with a trivially weak setting.
import { scrypt, type ScryptOptions } from 'node:crypto';

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

export const SCRYPT_PARAMS: Readonly<ScryptParams> = Object.freeze({ N: 2 ** 17, r: 8, p: 1 });
export const DERIVED_KEY_BYTES = 64;
export const SALT_BYTES = 16;

const MIN_LOG2_N = 14;
const MAX_LOG2_N = 20;

/** True when a file's parameters are ones kit would accept (power-of-two N within bounds, small r and p). */
export function saneScryptParams(params: Partial<Record<keyof ScryptParams, unknown>>): params is ScryptParams {
  const { N, r, p } = params;
  if (!Number.isInteger(N) || !Number.isInteger(r) || !Number.isInteger(p)) return false;
  const log2 = Math.log2(N as number);
  return Number.isInteger(log2) && log2 >= MIN_LOG2_N && log2 <= MAX_LOG2_N && (r as number) >= 1 && (r as number) <= 32 && (p as number) >= 1 && (p as number) <= 16;
}

/** Memory scrypt needs for these parameters (Node refuses beyond `maxmem`, 32 MiB by default). */
function memoryFor({ N, r, p }: ScryptParams): number {
  return 128 * r * (N + p + 2) + 1024 * 1024;
}

export interface DerivedKeys {
  encryptionKey: Buffer;
  macKey: Buffer;
}

/** Derives the two keys from the master password; runs on the libuv thread pool, not the event loop. */
export function deriveKeys(password: string, salt: Buffer, params: ScryptParams = SCRYPT_PARAMS): Promise<DerivedKeys> {
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: memoryFor(params) };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, DERIVED_KEY_BYTES, options, (error, key) => {
      if (error) reject(error);
      else resolve({ encryptionKey: key.subarray(0, 32), macKey: key.subarray(32, 64) });
    });
  });
}
