// Atomic file writes: write a temp file beside the target, fsync it, rename over the target,
// fsync the folder. A kill at any moment leaves either the old file or the new one, never half.
import { promises as fs, constants } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

export interface AtomicWriteOptions {
  /** File mode; 0o600 for anything that can hold a secret. */
  mode?: number;
}

export async function writeFileAtomic(target: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const dir = path.dirname(target);
  await fs.mkdir(dir, { recursive: true });
  await removeStaleTemps(dir, path.basename(target));
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const mode = options.mode ?? 0o644;
  const handle = await fs.open(tmp, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await fs.rm(tmp, { force: true });
    throw withPath(error, target);
  }
  await handle.close();
  // The umask may have narrowed the mode at creation; set it exactly.
  await fs.chmod(tmp, mode);
  try {
    await fs.rename(tmp, target);
  } catch (error) {
    await fs.rm(tmp, { force: true });
    throw error;
  }
  await fsyncDir(dir);
}

/**
 * Temp files of this target left by a killed process (its pid no longer runs): a SIGKILL between
 * open and rename leaves one behind, mode 0600 but still a copy of what was being written. Those
 * of live processes (a concurrent writer) stay.
 */
async function removeStaleTemps(dir: string, base: string): Promise<void> {
  const prefix = `.${base}.`;
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const pid = Number(name.slice(prefix.length).split('.')[0]);
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || isRunning(pid)) continue;
    await fs.rm(path.join(dir, name), { force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A write or fsync on an open file fails without a path (`ENOSPC: no space left on device, write`):
 * the file it was for is added, so a run stopped by the disk can say which file it could not write.
 */
function withPath(error: unknown, file: string): unknown {
  const e = error as NodeJS.ErrnoException;
  if (error instanceof Error && typeof e.code === 'string' && e.path === undefined) e.path = file;
  return error;
}

export async function fsyncDir(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // Some file systems refuse fsync on a directory; the rename is still atomic there.
  } finally {
    await handle?.close();
  }
}
