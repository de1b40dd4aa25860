// writeFileAtomic leaves no copy behind: a temp file of a killed writer (SIGKILL between open and
// rename) is removed by the next write of the same file, one of a live writer is left alone; and
// on a failing disk the error names the file it was writing (a write on an open file fails
// without a path), with no temp file left.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { writeFileAtomic } from '../../src/util/atomic-write.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-atomic-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid as number;
}

describe('writeFileAtomic', () => {
  it('writes the file with its mode and removes temp files a killed writer left, not those of a live one', async () => {
    const target = path.join(dir, 'checkpoint.json');
    const stale = path.join(dir, `.checkpoint.json.${await deadPid()}.0badc0de.tmp`);
    const live = path.join(dir, `.checkpoint.json.${process.ppid}.c0ffee00.tmp`);
    const other = path.join(dir, `.checkpoint.json.bak.${await deadPid()}.12345678.tmp`);
    for (const file of [stale, live, other]) fs.writeFileSync(file, 'secret-ish partial write', { mode: 0o600 });
    await writeFileAtomic(target, '{"ok":true}', { mode: 0o600 });
    expect(fs.readFileSync(target, 'utf8')).toBe('{"ok":true}');
    expect(fs.statSync(target).mode & 0o777).toBe(0o600);
    expect(fs.existsSync(stale)).toBe(false);
    expect(fs.existsSync(live)).toBe(true);
    expect(fs.existsSync(other)).toBe(true); // another file's temp (checkpoint.json.bak)
    expect(fs.readdirSync(dir).filter((n) => n.endsWith('.tmp') && n.includes(`.${process.pid}.`))).toEqual([]);
  });

  it('a write refused by the disk (ENOSPC, no path) names the target, and leaves no temp file', async () => {
    const root = fs.mkdtempSync(path.join(dir, 'disk-'));
    const target = path.join(root, 'report.html');
    const open = fs.promises.open.bind(fs.promises);
    vi.spyOn(fs.promises, 'open').mockImplementationOnce(async (...args: Parameters<typeof fs.promises.open>) => {
      const handle = await open(...args);
      handle.writeFile = () => Promise.reject(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' }));
      return handle;
    });
    const error = (await writeFileAtomic(target, 'x'.repeat(100)).catch((e: unknown) => e)) as NodeJS.ErrnoException;
    expect(error.code).toBe('ENOSPC');
    expect(error.path).toBe(target);
    expect(fs.readdirSync(root)).toEqual([]);
  });
});
