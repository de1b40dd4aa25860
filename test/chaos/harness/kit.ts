// Spawning the built kit against the simulator, and reading what it left in KIT_HOME.
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { KitProcess, KitResult } from '../../engine/cli-helpers.js';
import { KIT_BIN } from '../../engine/helpers.js';
import type { JournalRecord } from '../../../src/engine/journal-types.js';

export type { KitProcess, KitResult };

export interface SpawnOptions {
  /**
   * A file-size limit (bytes) for every file the process writes (RLIMIT_FSIZE, via prlimit):
   * a write past it fails with EFBIG, as on a full disk. Works as root, needs no mount rights.
   */
  fileSizeLimit?: number;
}

export function spawnKit(args: string[], env: NodeJS.ProcessEnv, options: SpawnOptions = {}): KitProcess {
  const command = [process.execPath, KIT_BIN, ...args];
  if (options.fileSizeLimit !== undefined) command.unshift('prlimit', `--fsize=${options.fileSizeLimit}`, '--');
  const child = spawn(command[0], command.slice(1), {
    env: { ...process.env, CI: 'true', NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<KitResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

export function kit(args: string[], env: NodeJS.ProcessEnv, options: SpawnOptions = {}): Promise<KitResult> {
  return spawnKit(args, env, options).done;
}

export async function incidentDirs(kitHome: string): Promise<string[]> {
  const root = path.join(kitHome, 'incidents');
  const ids = await fs.readdir(root).catch(() => [] as string[]);
  return ids.filter((id) => !id.startsWith('.')).sort().map((id) => path.join(root, id));
}

/** The complete lines of a journal (a torn last line, cut by a crash, is left out). */
export async function journalLines(incidentDir: string): Promise<string[]> {
  const text = await fs.readFile(path.join(incidentDir, 'journal.jsonl'), 'utf8').catch(() => '');
  const lines = text.split('\n');
  lines.pop(); // after the last newline: '' or a torn line
  return lines;
}

export async function journalRecords(incidentDir: string): Promise<JournalRecord[]> {
  return (await journalLines(incidentDir)).map((line) => JSON.parse(line) as JournalRecord);
}
