// Runs the built CLI (bin/kit.js, built by `npm test` before vitest) in a child process.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const KIT_BIN = fileURLToPath(new URL('../../../bin/kit.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  input?: string;
  /** A script to run instead of bin/kit.js (same argv); used to inject a key inspector. */
  entry?: string;
}

/** Environment for a child kit: nothing inherited that could point at real credentials or stores. */
export function isolatedEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', CI: '1', ...extra };
}

export function runKit(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [options.entry ?? KIT_BIN, ...args], { cwd: options.cwd, env: options.env ?? isolatedEnv({}), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}
