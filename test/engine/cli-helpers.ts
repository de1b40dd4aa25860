// Spawning the built CLI (bin/kit.js) as a user would.
import { spawn, type ChildProcess } from 'node:child_process';
import { KIT_BIN } from './helpers.js';

export interface KitResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface KitProcess {
  child: ChildProcess;
  done: Promise<KitResult>;
}

export function startKit(args: string[], env: NodeJS.ProcessEnv): KitProcess {
  const child = spawn(process.execPath, [KIT_BIN, ...args], {
    env: { ...process.env, CI: 'true', NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<KitResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

export function kit(args: string[], env: NodeJS.ProcessEnv): Promise<KitResult> {
  return startKit(args, env).done;
}
