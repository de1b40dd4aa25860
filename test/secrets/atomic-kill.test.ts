// A kill in the middle of a write leaves the old file or the new one, never a torn one.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EnvStore } from '../../src/secrets/env-store.js';
import { EncryptedStore } from '../../src/secrets/encrypted-store.js';
import { clearSecretsForTests } from '../../src/secrets/redact.js';
import { modeOf, tempDir } from './helpers/files.js';

const LOOP = fileURLToPath(new URL('./fixtures/write-loop.mjs', import.meta.url));

/** Starts the writer, lets it complete `writes` writes, then kills it `delayMs` into the next one. */
function killMidWrite(kind: 'env' | 'encrypted', file: string, writes: number, delayMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [LOOP, kind, file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let last = 0;
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      const seen = [...d.toString().matchAll(/wrote (\d+)/g)].map((m) => Number(m[1]));
      if (seen.length > 0) last = Math.max(last, ...seen);
      if (last >= writes && !child.killed) setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(last) : reject(new Error(`writer exited on its own: ${stderr}`))));
  });
}

describe('atomic writes survive SIGKILL', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => {
    cleanup();
    clearSecretsForTests();
  });

  it('env store: after each kill the .env parses and holds the last reported write or the next one', async () => {
    const file = path.join(dir, '.env');
    for (const delay of [0, 1, 3, 7]) {
      const last = await killMidWrite('env', file, 20, delay);
      const got = await new EnvStore({ envFile: file, env: {} }).get('binance', 'main');
      const n = Number(/^kill-key-(\d+)-/.exec(got?.credentials.apiKey ?? '')?.[1]);
      expect([last, last + 1]).toContain(n);
      expect(got?.credentials.secret).toBe(`kill-secret-${n}-${'s'.repeat(n % 70)}`);
      expect(modeOf(file)).toBe(0o600);
    }
  });

  it('encrypted store: after a kill the config decrypts and holds the last reported write or the next one', async () => {
    const file = path.join(dir, 'config.json');
    // The writer uses the lowest scrypt cost kit accepts (~40 ms a write), so kills land at
    // different points of the write: derivation, encryption, temp file, rename, backup.
    for (const delay of [0, 15, 30, 45]) {
      const last = await killMidWrite('encrypted', file, 3, delay);
      const got = await new EncryptedStore({ file, password: async () => 'kill test master password' }).get('binance', 'main');
      const n = Number(/^kill-key-(\d+)-/.exec(got?.credentials.apiKey ?? '')?.[1]);
      expect([last, last + 1]).toContain(n);
      expect(modeOf(file)).toBe(0o600);
    }
  });
});
