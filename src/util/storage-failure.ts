// Whether an error means the disk refused a write (full, read-only, over a size limit, failing),
// as opposed to a bug or a missing file: such a failure stops a run resumably instead of
// failing the step, because the step did not fail, the disk did.
import { StorageError } from '../errors.js';

const STORAGE_CODES = new Set(['ENOSPC', 'EDQUOT', 'EFBIG', 'EROFS', 'EIO', 'EACCES', 'EPERM', 'EMFILE', 'ENFILE']);

/** The errno-style error (itself or a cause) that says the disk refused, if any. */
export function storageCause(error: unknown): NodeJS.ErrnoException | undefined {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    if (e instanceof StorageError) return storageCause(e.cause) ?? (e as NodeJS.ErrnoException);
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && STORAGE_CODES.has(code)) return e as NodeJS.ErrnoException;
  }
  return undefined;
}

export function isStorageFailure(error: unknown): boolean {
  return error instanceof StorageError || storageCause(error) !== undefined;
}

/** A StorageError naming what could not be written, keeping the system's reason (ENOSPC: ...). */
export function storageError(what: string, error: unknown, hint?: string): StorageError {
  if (error instanceof StorageError) return error;
  const cause = storageCause(error) ?? error;
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new StorageError(`cannot write ${what}: ${reason}`, {
    cause: error,
    hint: hint ?? 'Free disk space (or fix the folder\'s permissions), then resume the incident.',
  });
}
