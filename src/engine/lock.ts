// One kit process per incident. The lock file holds pid + host + start time and is created with
// O_EXCL. A lock whose process is gone (same host, pid not alive) is stale and is taken over;
// the takeover itself is serialised by a short-lived second lock so two resumes racing for the
// same stale lock cannot both win.
import { promises as fs, constants } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { LockedError } from '../errors.js';

export const LOCK_FILE = 'lock';
const TAKEOVER_FILE = 'lock.takeover';
/** A takeover lock older than this was left by a process that died while taking over. */
const TAKEOVER_STALE_MS = 30_000;

export interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
}

export interface IncidentLock {
  file: string;
  /** Set when a stale lock was taken over: who held it. The caller journals this. */
  tookOverFrom?: LockOwner;
  release(): Promise<void>;
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function readLockOwner(incidentDir: string): Promise<LockOwner | undefined> {
  try {
    return JSON.parse(await fs.readFile(path.join(incidentDir, LOCK_FILE), 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}

/** Whether the lock is held by a live process (false for no lock or a stale one). */
export function isLiveOwner(owner: LockOwner | undefined): boolean {
  if (!owner) return false;
  if (owner.host !== os.hostname()) return true; // Cannot check another host's processes: assume alive.
  return isProcessAlive(owner.pid);
}

export async function acquireLock(incidentDir: string, incidentId: string): Promise<IncidentLock> {
  const file = path.join(incidentDir, LOCK_FILE);
  const me: LockOwner = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() };
  if (await tryCreate(file, me)) return makeLock(file);
  const owner = await readLockOwner(incidentDir);
  if (owner && isLiveOwner(owner)) throw lockedError(incidentId, file, owner);
  const tookOverFrom = await takeOver(incidentDir, incidentId, file, me, owner);
  return makeLock(file, tookOverFrom);
}

async function takeOver(incidentDir: string, incidentId: string, file: string, me: LockOwner, seen: LockOwner | undefined): Promise<LockOwner | undefined> {
  const takeoverFile = path.join(incidentDir, TAKEOVER_FILE);
  await clearStaleTakeover(takeoverFile);
  if (!(await tryCreate(takeoverFile, me))) {
    throw new LockedError(`incident ${incidentId} is being taken over by another kit process`, { hint: 'Wait a moment and try again.' });
  }
  try {
    // Look again under the takeover lock: another process may have taken it over already.
    const owner = await readLockOwner(incidentDir);
    if (owner && isLiveOwner(owner)) throw lockedError(incidentId, file, owner);
    await fs.rm(file, { force: true });
    if (!(await tryCreate(file, me))) throw new LockedError(`incident ${incidentId} was locked by another kit process just now`, { hint: 'Wait for it to finish, then try again.' });
    return owner ?? seen;
  } finally {
    await fs.rm(takeoverFile, { force: true });
  }
}

async function clearStaleTakeover(takeoverFile: string): Promise<void> {
  const stat = await fs.stat(takeoverFile).catch(() => undefined);
  if (stat && Date.now() - stat.mtimeMs > TAKEOVER_STALE_MS) await fs.rm(takeoverFile, { force: true });
}

/**
 * Creates the lock with its content already in place: write a private temp file, then hard-link
 * it to the lock name (atomic, fails if the lock exists). A reader never sees an empty lock.
 */
async function tryCreate(file: string, owner: LockOwner): Promise<boolean> {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await fs.open(tmp, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600);
  try {
    await handle.writeFile(JSON.stringify(owner) + '\n');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.link(tmp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await fs.rm(tmp, { force: true });
  }
}

function makeLock(file: string, tookOverFrom?: LockOwner): IncidentLock {
  let released = false;
  return {
    file,
    tookOverFrom,
    async release() {
      if (released) return;
      released = true;
      await fs.rm(file, { force: true });
    },
  };
}

function lockedError(incidentId: string, file: string, owner: LockOwner): LockedError {
  const sameHost = owner.host === os.hostname();
  return new LockedError(`incident ${incidentId} is in use by kit process ${owner.pid} on ${owner.host} (since ${owner.startedAt})`, {
    hint: sameHost
      ? 'Wait for that run to finish (or stop it with Ctrl-C), then run `kit resume` again.'
      : `If that machine is gone, remove ${file} by hand and run \`kit resume\` again.`,
    details: { incidentId, lock: owner },
  });
}
