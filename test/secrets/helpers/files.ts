// Disposable folders and before/after snapshots of files, for the "nothing changed on disk" checks.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function tempDir(prefix = 'kit-secrets-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Every file below `dir` with its bytes, mode and mtime: compare two of these with toEqual. */
export function snapshotTree(dir: string): Record<string, { bytes: string; mode: number; mtimeMs: number }> {
  const out: Record<string, { bytes: string; mode: number; mtimeMs: number }> = {};
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        const st = statSync(full);
        out[path.relative(dir, full)] = { bytes: readFileSync(full).toString('base64'), mode: st.mode & 0o777, mtimeMs: st.mtimeMs };
      }
    }
  };
  walk(dir);
  return out;
}

export function modeOf(file: string): number {
  return statSync(file).mode & 0o777;
}
