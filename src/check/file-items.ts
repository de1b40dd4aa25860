// Checklist: files that can hold a secret are readable by their owner only (--fix sets 0600),
// the encrypted config has a backup, and no key sits in the working tree or kit's logs.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { BACKUP_SUFFIX, CONFIG_FILE } from '../secrets/encrypted-store.js';
import { peekConfigVersion } from '../secrets/config-format.js';
import { displayPath } from '../secrets/env-store.js';
import { SETTINGS_FILE } from '../secrets/settings.js';
import { scanForLeaks, type KnownSecret, type LeakHit } from './leak-scan.js';
import type { CheckContext, CheckItem } from './types.js';

async function modeOf(file: string): Promise<number | undefined> {
  try {
    return (await fs.stat(file)).mode & 0o777;
  } catch {
    return undefined;
  }
}

export async function permissionItem(ctx: CheckContext): Promise<CheckItem> {
  const id = 'secret-file-permissions';
  const title = '.env and kit config files are readable by you only (0600)';
  const files = [ctx.envFile, ...[CONFIG_FILE, CONFIG_FILE + BACKUP_SUFFIX, SETTINGS_FILE].map((f) => path.join(ctx.kitHome, f))];
  const loose: Array<{ file: string; mode: number }> = [];
  let present = 0;
  for (const file of files) {
    const mode = await modeOf(file);
    if (mode === undefined) continue;
    present++;
    if ((mode & 0o077) !== 0) loose.push({ file, mode });
  }
  if (present === 0) return { id, title, status: 'skip', required: true, reason: 'none of these files exists yet' };
  const octal = (m: number): string => `0${m.toString(8)}`;
  if (loose.length === 0) return { id, title, status: 'pass', required: true, reason: `${present} file(s) checked, all 0600 or stricter` };
  const list = loose.map((l) => `${displayPath(l.file, ctx.cwd)} is ${octal(l.mode)}`).join(', ');
  if (ctx.fix) {
    for (const l of loose) await fs.chmod(l.file, 0o600);
    return { id, title, status: 'pass', required: true, fixed: true, reason: `set to 0600: ${list}` };
  }
  return { id, title, status: 'fail', required: true, reason: `other users on this machine can read them: ${list}`, fix: `chmod 600 ${loose.map((l) => l.file).join(' ')} (kit check --fix does it)` };
}

export async function backupItem(ctx: CheckContext): Promise<CheckItem> {
  const id = 'encrypted-config-backup';
  const title = 'the encrypted config has a backup';
  const config = path.join(ctx.kitHome, CONFIG_FILE);
  const backup = config + BACKUP_SUFFIX;
  const configText = await fs.readFile(config, 'utf8').catch(() => undefined);
  if (configText === undefined) {
    return { id, title, status: 'skip', required: false, reason: ctx.storeKind === 'encrypted' ? 'the encrypted config does not exist yet' : `credentials are kept in the ${ctx.storeKind} store, not the encrypted config` };
  }
  const backupText = await fs.readFile(backup, 'utf8').catch(() => undefined);
  if (backupText === undefined || peekConfigVersion(backupText) === undefined) {
    return { id, title, status: 'fail', required: false, reason: `${backup} is missing or unreadable`, fix: `copy ${config} to ${backup} (and keep a copy off this machine, e.g. in your password manager)` };
  }
  const current = backupText === configText;
  return {
    id,
    title,
    status: 'pass',
    required: false,
    reason: `${backup} ${current ? 'matches the current config' : 'exists (it differs from the current config)'}; keep a copy off this machine too`,
  };
}

export async function leakItem(ctx: CheckContext): Promise<CheckItem[]> {
  const secrets: KnownSecret[] = ctx.accounts.flatMap((a) => [
    { label: `the API key of ${a.exchange}/${a.account}`, value: a.credentials.apiKey },
    { label: `the API secret of ${a.exchange}/${a.account}`, value: a.credentials.secret },
    ...(a.credentials.password ? [{ label: `the passphrase of ${a.exchange}/${a.account}`, value: a.credentials.password }] : []),
  ]);
  // The stores themselves hold the keys by design; everything else must not.
  const skip = new Set([ctx.envFile, ...[CONFIG_FILE, CONFIG_FILE + BACKUP_SUFFIX, SETTINGS_FILE].map((f) => path.join(ctx.kitHome, f))]);
  const scan = await scanForLeaks([ctx.cwd, ctx.kitHome], secrets, skip, (f) => displayPath(f, ctx.cwd));
  const where = (hits: LeakHit[]): string => hits.slice(0, 10).map((h) => `${h.file}:${h.line}:${h.col} (${h.what})`).join(', ') + (hits.length > 10 ? `, and ${hits.length - 10} more` : '');
  const scope = `${scan.filesScanned} files in ${displayPath(ctx.cwd, ctx.cwd) || '.'} and ${ctx.kitHome}${scan.truncated ? ' (stopped early: too many or too large files)' : ''}`;
  const knownLines = new Set(scan.known.map((h) => `${h.file}:${h.line}`));
  const shaped = scan.shaped.filter((h) => !knownLines.has(`${h.file}:${h.line}`));
  const knownItem: CheckItem =
    secrets.length === 0
      ? { id: 'no-known-secret-leaked', title: 'no stored key or secret appears in the working tree or logs', status: 'skip', required: true, reason: ctx.storeProblem ? `the credential store could not be read: ${ctx.storeProblem}` : 'no credentials are stored to look for' }
      : scan.known.length > 0
        ? { id: 'no-known-secret-leaked', title: 'no stored key or secret appears in the working tree or logs', status: 'fail', required: true, reason: `found at ${where(scan.known)}`, fix: 'treat these keys as leaked: rotate them (kit incident), then remove the copies (and purge them from git history if committed)' }
        : { id: 'no-known-secret-leaked', title: 'no stored key or secret appears in the working tree or logs', status: 'pass', required: true, reason: `${secrets.length} stored value(s) searched for, raw and base64/hex/URL-encoded, in ${scope}` };
  const shapedItem: CheckItem =
    shaped.length > 0
      ? { id: 'no-key-shaped-strings', title: 'no key-shaped strings in the working tree or logs', status: 'manual', required: false, reason: `look at ${where(shaped)}`, fix: 'if any of these is a real key, move it into kit (kit connect) and rotate it' }
      : { id: 'no-key-shaped-strings', title: 'no key-shaped strings in the working tree or logs', status: 'pass', required: false, reason: `nothing shaped like a Binance, Kraken or Coinbase key, or an assigned API secret, in ${scope}` };
  return [knownItem, shapedItem];
}
