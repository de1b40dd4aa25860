// The encrypted config file ($KIT_HOME/config.json), format version 1:
//
//   { "format": "kit-config", "version": 1,
//     "kdf":    { "name": "scrypt", "N": 131072, "r": 8, "p": 1, "salt": <base64, 16 bytes> },
//     "cipher": { "name": "aes-256-gcm", "nonce": <base64, 12 bytes> },
//     "keyCheck":   <base64 HMAC-SHA256(macKey, "kit-config key check v1")>,
//     "ciphertext": <base64>, "tag": <base64, 16 bytes> }
//
// scrypt(password, salt) gives 64 bytes: an AES key and a MAC key. `keyCheck` proves the password
// right or wrong before anything is decrypted; GCM then authenticates the ciphertext AND the
// header (format, version, kdf, cipher, keyCheck as additional data), so any edit to the file after
// a correct key check is reported as tampering, not as a wrong password. A fresh salt and nonce
// are drawn on every write.
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { NewerConfigVersionError, TamperedConfigError, WrongPasswordError } from './errors.js';
import { deriveKeys, saneScryptParams, SALT_BYTES, SCRYPT_PARAMS, type ScryptParams } from './kdf.js';

export const CONFIG_FORMAT = 'kit-config';
export const CONFIG_VERSION = 1;
const NONCE_BYTES = 12;
const KEY_CHECK_LABEL = 'kit-config key check v1';

interface ConfigFileV1 {
  format: typeof CONFIG_FORMAT;
  version: 1;
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  cipher: { name: 'aes-256-gcm'; nonce: string };
  keyCheck: string;
  ciphertext: string;
  tag: string;
}

/** The header GCM authenticates, serialized in a fixed key order (not as the file happens to be). */
function additionalData(file: Pick<ConfigFileV1, 'format' | 'version' | 'kdf' | 'cipher' | 'keyCheck'>): Buffer {
  const { kdf, cipher } = file;
  return Buffer.from(JSON.stringify([file.format, file.version, kdf.name, kdf.N, kdf.r, kdf.p, kdf.salt, cipher.name, cipher.nonce, file.keyCheck]), 'utf8');
}

function keyCheck(macKey: Buffer): Buffer {
  return createHmac('sha256', macKey).update(KEY_CHECK_LABEL).digest();
}

/** Encrypts any JSON value into the text of a config file. */
export async function encryptConfig(payload: unknown, password: string, params: ScryptParams = SCRYPT_PARAMS): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const nonce = randomBytes(NONCE_BYTES);
  const { encryptionKey, macKey } = await deriveKeys(password, salt, params);
  const header = {
    format: CONFIG_FORMAT,
    version: CONFIG_VERSION,
    kdf: { name: 'scrypt', N: params.N, r: params.r, p: params.p, salt: salt.toString('base64') },
    cipher: { name: 'aes-256-gcm', nonce: nonce.toString('base64') },
    keyCheck: keyCheck(macKey).toString('base64'),
  } as const;
  const cipher = createCipheriv('aes-256-gcm', encryptionKey, nonce);
  cipher.setAAD(additionalData(header));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
  const file: ConfigFileV1 = { ...header, ciphertext: ciphertext.toString('base64'), tag: cipher.getAuthTag().toString('base64') };
  return JSON.stringify(file, null, 2) + '\n';
}

/** Reads the version of a config file without the password (for messages and `kit check`). */
export function peekConfigVersion(text: string): number | undefined {
  try {
    const v = (JSON.parse(text) as { version?: unknown }).version;
    return typeof v === 'number' ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Decrypts the text of a config file. Throws NewerConfigVersionError for a file from a newer kit,
 * WrongPasswordError when the key check fails, TamperedConfigError when anything else is off.
 * `name` is how the file is named in errors.
 */
export async function decryptConfig(text: string, password: string, name: string): Promise<unknown> {
  const file = readHeader(text, name);
  const salt = Buffer.from(file.kdf.salt, 'base64');
  const { encryptionKey, macKey } = await deriveKeys(password, salt, file.kdf);
  const expected = keyCheck(macKey);
  const stored = Buffer.from(file.keyCheck, 'base64');
  if (stored.length !== expected.length || !timingSafeEqual(stored, expected)) throw new WrongPasswordError(name);
  let plaintext: string;
  try {
    const decipher = createDecipheriv('aes-256-gcm', encryptionKey, Buffer.from(file.cipher.nonce, 'base64'));
    decipher.setAAD(additionalData(file));
    decipher.setAuthTag(Buffer.from(file.tag, 'base64'));
    plaintext = Buffer.concat([decipher.update(Buffer.from(file.ciphertext, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new TamperedConfigError(name, 'its contents or header fail authentication');
  }
  try {
    return JSON.parse(plaintext) as unknown;
  } catch {
    throw new TamperedConfigError(name, 'the decrypted contents are not JSON');
  }
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function readHeader(text: string, name: string): ConfigFileV1 {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new TamperedConfigError(name, 'it is not valid JSON');
  }
  if (raw === null || typeof raw !== 'object' || raw.format !== CONFIG_FORMAT) throw new TamperedConfigError(name, `it is not a ${CONFIG_FORMAT} file`);
  if (typeof raw.version === 'number' && raw.version > CONFIG_VERSION) throw new NewerConfigVersionError(name, raw.version, CONFIG_VERSION);
  if (raw.version !== CONFIG_VERSION) throw new TamperedConfigError(name, `unknown format version ${JSON.stringify(raw.version)}`);
  const kdf = raw.kdf as Record<string, unknown> | undefined;
  const cipher = raw.cipher as Record<string, unknown> | undefined;
  const b64 = (v: unknown, bytes?: number): boolean => typeof v === 'string' && BASE64.test(v) && (bytes === undefined || Buffer.from(v, 'base64').length === bytes);
  if (!kdf || kdf.name !== 'scrypt' || !saneScryptParams(kdf) || !b64(kdf.salt, SALT_BYTES)) throw new TamperedConfigError(name, 'its key-derivation header is invalid');
  if (!cipher || cipher.name !== 'aes-256-gcm' || !b64(cipher.nonce, NONCE_BYTES)) throw new TamperedConfigError(name, 'its cipher header is invalid');
  if (!b64(raw.keyCheck, 32) || !b64(raw.ciphertext) || !b64(raw.tag, 16)) throw new TamperedConfigError(name, 'a required field is missing or not base64');
  return raw as unknown as ConfigFileV1;
}
