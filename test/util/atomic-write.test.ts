// writeFileAtomic on a failing disk: the error names the file it was writing (a write on an open
// file fails without a path), and no temp file is left behind.
import { mkdtempSync, promises as fs, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { writeFileAtomic } from '../../src/util/atomic-write.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'kit-atomic-'));
afterAll(() => fs.rm(root, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

describe('writeFileAtomic on a failing disk', () => {
  it('a write refused by the disk (ENOSPC, no path) names the target, and leaves no temp file', async () => {
    const target = path.join(root, 'report.html');
    const open = fs.open.bind(fs);
    vi.spyOn(fs, 'open').mockImplementationOnce(async (...args: Parameters<typeof fs.open>) => {
      const handle = await open(...args);
      handle.writeFile = () => Promise.reject(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' }));
      return handle;
    });
    const error = (await writeFileAtomic(target, 'x'.repeat(100)).catch((e: unknown) => e)) as NodeJS.ErrnoException;
    expect(error.code).toBe('ENOSPC');
    expect(error.path).toBe(target);
    expect(readdirSync(root)).toEqual([]);
  });
});
