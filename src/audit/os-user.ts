// The OS user who runs kit, named in every audit record so that people sharing one
// installation stay accountable.
import os from 'node:os';

let cached: string | undefined;

export function currentOsUser(): string {
  if (cached) return cached;
  try {
    cached = os.userInfo().username;
  } catch {
    // No passwd entry (some containers): fall back to what the shell says, then the uid.
    cached = process.env.USER || process.env.USERNAME || process.env.LOGNAME || `uid:${process.getuid?.() ?? 'unknown'}`;
  }
  return cached;
}
