import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EncryptedStore } from '../../src/secrets/encrypted-store.js';
import { NewerConfigVersionError, TamperedConfigError, WrongPasswordError } from '../../src/secrets/errors.js';
import { masterPasswordSource, type PasswordPurpose } from '../../src/secrets/master-password.js';
import { clearSecretsForTests, redact } from '../../src/secrets/redact.js';
import { SCRYPT_PARAMS } from '../../src/secrets/kdf.js';
import { modeOf, snapshotTree, tempDir } from './helpers/files.js';

const PASSWORD = 'correct horse battery staple';
const entry = { exchange: 'binance', account: 'main', credentials: { apiKey: 'enc-canary-key-0001', secret: 'enc-canary-secret-0001' }, baseUrl: 'http://127.0.0.1:1' };

function fixed(password: string): (purpose: PasswordPurpose) => Promise<string> {
  return async () => password;
}

// The store's logic is tested at the lowest cost kit accepts, to keep the suite quick; the first
// test checks that a store left at its defaults writes kit's real parameters.
const QUICK = { N: 2 ** 14, r: 8, p: 1 };
const quickStore = (file: string, password: string): EncryptedStore => new EncryptedStore({ file, password: fixed(password), scryptParams: QUICK });

describe('encrypted store', () => {
  let dir: string;
  let cleanup: () => void;
  let file: string;
  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    file = path.join(dir, 'config.json');
  });
  afterEach(() => {
    cleanup();
    clearSecretsForTests();
  });

  async function written(): Promise<void> {
    await quickStore(file, PASSWORD).set(entry);
  }

  it('round-trips credentials in a versioned file, mode 0600, with a 0600 backup and no plaintext', async () => {
    await new EncryptedStore({ file, password: fixed(PASSWORD) }).set(entry);
    const text = readFileSync(file, 'utf8');
    const json = JSON.parse(text);
    expect(json).toMatchObject({ format: 'kit-config', version: 1, kdf: { name: 'scrypt', N: SCRYPT_PARAMS.N, r: 8, p: 1 }, cipher: { name: 'aes-256-gcm' } });
    expect(text).not.toContain('enc-canary');
    expect(modeOf(file)).toBe(0o600);
    expect(readFileSync(file + '.bak', 'utf8')).toBe(text);
    expect(modeOf(file + '.bak')).toBe(0o600);
    const reader = quickStore(file, PASSWORD);
    expect(await reader.get('binance', 'main')).toEqual(entry);
    expect(await reader.list()).toEqual([{ exchange: 'binance', account: 'main', baseUrl: 'http://127.0.0.1:1' }]);
    expect(redact('enc-canary-secret-0001')).toBe('[REDACTED]');
  });

  it('draws a fresh salt and nonce on every write', async () => {
    await written();
    const first = JSON.parse(readFileSync(file, 'utf8'));
    const store = quickStore(file, PASSWORD);
    await store.delete('binance', 'main');
    const second = JSON.parse(readFileSync(file, 'utf8'));
    expect(second.kdf.salt).not.toBe(first.kdf.salt);
    expect(second.cipher.nonce).not.toBe(first.cipher.nonce);
    expect(await store.list()).toEqual([]);
  });

  it('says "wrong password" for a wrong password, and changes nothing', async () => {
    await written();
    const before = snapshotTree(dir);
    const error = await quickStore(file, 'not the password').get('binance', 'main').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongPasswordError);
    expect((error as Error).message).toBe(`wrong master password for ${file}`);
    expect(snapshotTree(dir)).toEqual(before);
  });

  it.each([
    ['a flipped ciphertext byte', (j: Record<string, any>) => { const b = Buffer.from(j.ciphertext, 'base64'); b[0] ^= 1; j.ciphertext = b.toString('base64'); }, /contents or header fail authentication/],
    ['an edited nonce', (j: Record<string, any>) => { const b = Buffer.from(j.cipher.nonce, 'base64'); b[3] ^= 1; j.cipher.nonce = b.toString('base64'); }, /contents or header fail authentication/],
    ['a cut tag', (j: Record<string, any>) => { j.tag = j.tag.slice(0, 8); }, /a required field is missing/],
    ['a weakened KDF', (j: Record<string, any>) => { j.kdf.N = 2; }, /key-derivation header is invalid/],
  ])('says "damaged or modified" for %s, not "wrong password", and changes nothing', async (_what, edit, reason) => {
    await written();
    const json = JSON.parse(readFileSync(file, 'utf8'));
    edit(json);
    writeFileSync(file, JSON.stringify(json));
    const before = snapshotTree(dir);
    const store = quickStore(file, PASSWORD);
    const error = await store.set({ ...entry, account: 'other' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TamperedConfigError);
    expect((error as Error).message).toMatch(reason);
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('refuses a file from a newer kit with a clear error and changes nothing', async () => {
    await written();
    const json = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify({ ...json, version: 2 }));
    const before = snapshotTree(dir);
    const asked: string[] = [];
    const error = await new EncryptedStore({ file, password: async (p) => (asked.push(p), PASSWORD) }).delete('binance', 'main').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NewerConfigVersionError);
    expect((error as Error).message).toBe(`${file} was written by a newer kit (format version 2; this kit reads up to version 1)`);
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('re-encrypts under a new password: the old one stops working, the backup follows', async () => {
    await written();
    const store = quickStore(file, PASSWORD);
    await store.changePassword(fixed('a brand new passphrase'));
    await expect(quickStore(file, PASSWORD).list()).rejects.toBeInstanceOf(WrongPasswordError);
    expect(await quickStore(file, 'a brand new passphrase').get('binance', 'main')).toEqual(entry);
    expect(readFileSync(file + '.bak', 'utf8')).toBe(readFileSync(file, 'utf8'));
  });

  it('asks for no password while there is no file', async () => {
    const store = new EncryptedStore({ file, password: async () => { throw new Error('asked'); } });
    expect(await store.list()).toEqual([]);
    expect(await store.get('binance', 'main')).toBeUndefined();
  });
});

describe('master password source', () => {
  afterEach(() => clearSecretsForTests());

  it('takes KIT_MASTER_PASSWORD, registers it, and refuses to ask without a terminal', async () => {
    const source = masterPasswordSource({ env: { KIT_MASTER_PASSWORD: 'env-master-password' }, interactive: false });
    expect(await source('unlock')).toBe('env-master-password');
    expect(redact('env-master-password')).toBe('[REDACTED]');
    await expect(masterPasswordSource({ env: {}, interactive: false })('unlock')).rejects.toThrow(/set KIT_MASTER_PASSWORD|no terminal/);
  });

  it('asks twice for a new password and rejects a mismatch or a short one', async () => {
    const answers = ['long enough password', 'long enough password'];
    expect(await masterPasswordSource({ env: {}, interactive: true, ask: async () => answers.shift() as string })('new')).toBe('long enough password');
    const mismatch = ['long enough password', 'something else entirely'];
    await expect(masterPasswordSource({ env: {}, interactive: true, ask: async () => mismatch.shift() as string })('new')).rejects.toThrow(/two passwords differ/);
    await expect(masterPasswordSource({ env: {}, interactive: true, ask: async () => 'short' })('new')).rejects.toThrow(/too short/);
  });
});
