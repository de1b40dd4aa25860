// Two steps storing keys side by side (the accounts of a for-each step) must not drop each
// other's account: each store's read-modify-write of its file waits its turn, and reads the file
// as it is by then, even through store objects that read it earlier.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { EncryptedStore } from '../../src/secrets/encrypted-store.js';
import { EnvStore } from '../../src/secrets/env-store.js';
import { clearSecretsForTests } from '../../src/secrets/redact.js';
import type { CredentialStore } from '../../src/secrets/types.js';
import { tempDir } from './helpers/files.js';

const accounts = ['alpha', 'beta', 'gamma', 'delta'];
const entry = (account: string) => ({ exchange: 'binance', account, credentials: { apiKey: `key-${account}-000000001`, secret: `secret-${account}-0000001` } });

describe('concurrent writes to one credential file', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => {
    cleanup();
    clearSecretsForTests();
  });

  async function storeAllAtOnce(open: () => CredentialStore): Promise<CredentialStore> {
    const first = open();
    await first.set(entry('zero'));
    // Every writer has read the file before any of them writes (as key.reissue does).
    const writers = accounts.map(() => open());
    await Promise.all(writers.map((w) => w.get('binance', 'zero')));
    await Promise.all(writers.map((w, i) => w.set(entry(accounts[i]))));
    return open();
  }

  it('the .env store keeps every account', async () => {
    const envFile = path.join(dir, '.env');
    writeFileSync(envFile, '', { mode: 0o600 });
    const store = await storeAllAtOnce(() => new EnvStore({ envFile, env: {} }));
    for (const account of ['zero', ...accounts]) expect((await store.get('binance', account))?.credentials.apiKey, account).toBe(`key-${account}-000000001`);
  });

  it('the encrypted store keeps every account', async () => {
    const file = path.join(dir, 'config.json');
    const store = await storeAllAtOnce(() => new EncryptedStore({ file, password: async () => 'correct horse battery staple', scryptParams: { N: 2 ** 14, r: 8, p: 1 } }));
    for (const account of ['zero', ...accounts]) expect((await store.get('binance', account))?.credentials.apiKey, account).toBe(`key-${account}-000000001`);
  });
});
