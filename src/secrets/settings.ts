// $KIT_HOME/settings.json: which credential store kit uses and how to reach it. It holds no
// secret of kit's making, but it is written 0600 anyway (a user may put a Vault token in it).
// Keys kit does not know are kept as they are, so other parts of kit can keep settings here too.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ValidationError } from '../errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import type { StoreKind } from './types.js';

export const SETTINGS_FILE = 'settings.json';
export const STORE_KINDS: readonly StoreKind[] = ['env', 'encrypted', 'vault', 'aws'];

export interface VaultSettings {
  addr?: string;
  token?: string;
  namespace?: string;
  mount?: string;
  path?: string;
}

export interface AwsSettings {
  region?: string;
  endpoint?: string;
  prefix?: string;
}

export interface KitSettings {
  secretsManager?: StoreKind;
  vault?: VaultSettings;
  aws?: AwsSettings;
  [other: string]: unknown;
}

export function settingsPath(kitHome: string): string {
  return path.join(kitHome, SETTINGS_FILE);
}

/** Line and column of a character offset, for JSON syntax errors. */
function lineCol(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, col: before[before.length - 1].length + 1 };
}

export async function readSettings(kitHome: string): Promise<KitSettings> {
  const file = settingsPath(kitHome);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const m = /position (\d+)/.exec((error as Error).message);
    const { line, col } = m ? lineCol(text, Number(m[1])) : { line: 1, col: 1 };
    throw new ValidationError(`${file} is not valid JSON`, [{ file, line, col, path: '', message: (error as Error).message.replace(/ in JSON at position \d+.*$/, '') }]);
  }
  const problems: string[] = [];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) problems.push('the file must hold a JSON object');
  const settings = (value ?? {}) as KitSettings;
  if (settings.secretsManager !== undefined && !STORE_KINDS.includes(settings.secretsManager)) {
    problems.push(`secretsManager: expected one of ${STORE_KINDS.join(', ')}, got ${JSON.stringify(settings.secretsManager)}`);
  }
  for (const section of ['vault', 'aws'] as const) {
    const s = settings[section];
    if (s === undefined) continue;
    if (s === null || typeof s !== 'object') problems.push(`${section}: expected an object`);
    else for (const [k, v] of Object.entries(s)) if (typeof v !== 'string') problems.push(`${section}.${k}: expected a string`);
  }
  if (problems.length > 0) {
    throw new ValidationError(`${file} is invalid`, problems.map((message) => ({ file, line: 1, col: 1, path: '', message })));
  }
  return settings;
}

/** Merges `patch` into the settings (sections merged key by key) and writes the file atomically, 0600. */
export async function updateSettings(kitHome: string, patch: Partial<KitSettings>): Promise<KitSettings> {
  const current = await readSettings(kitHome);
  const next: KitSettings = { ...current, ...patch };
  for (const section of ['vault', 'aws'] as const) {
    if (patch[section]) next[section] = { ...(current[section] ?? {}), ...patch[section] } as never;
  }
  await fs.mkdir(kitHome, { recursive: true, mode: 0o700 });
  await writeFileAtomic(settingsPath(kitHome), JSON.stringify(next, null, 2) + '\n', { mode: 0o600 });
  return next;
}
