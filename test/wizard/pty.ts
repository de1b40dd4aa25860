// The built CLI in a pseudo-terminal, driven as a person would: util-linux `script` gives the
// command a terminal (no node-pty here), the test reads the screen and types. Matching works on
// the output with ANSI sequences stripped; every wait moves a cursor forward, so a prompt
// redrawn many times is matched once, in order.
import { spawn } from 'node:child_process';
import { onTestFailed } from 'vitest';
import { KIT_BIN, REPO_ROOT } from '../engine/helpers.js';

export const KEY = { down: '\x1b[B', up: '\x1b[A', space: ' ', enter: '\r', ctrlC: '\x03' } as const;

// Escape sequences are control characters by definition.
/* eslint-disable no-control-regex */
export function stripAnsi(text: string): string {
  return text
    .replace(/\x1b\][^\x07\x1b]*(\x07|\x1b\\)/g, '')
    .replace(/\x1b\[[0-?]*[ -/]*[@-~]/g, '')
    .replace(/\x1b[()][A-Z0-9]/g, '')
    .replace(/\r/g, '');
}
/* eslint-enable no-control-regex */

function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export interface PtyRun {
  /** Everything the terminal showed so far, raw (with ANSI). */
  raw(): string;
  /** Everything so far, ANSI stripped. */
  screen(): string;
  /**
   * Resolves with the position of `text` in screen() once it appears after the cursor, and
   * moves the cursor past it; rejects if the program ends first.
   */
  waitFor(text: string): Promise<number>;
  type(keys: string): void;
  exited: Promise<{ code: number | null }>;
}

/** `kit <args>` in a terminal of 160x50, without CI set (a person's shell). */
export function kitInPty(args: string[], env: NodeJS.ProcessEnv): PtyRun {
  const command = `stty cols 160 rows 50; exec ${[process.execPath, KIT_BIN, ...args].map(shellQuote).join(' ')}`;
  const childEnv: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm', ...env };
  delete childEnv.CI;
  delete childEnv.NO_COLOR;
  const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: REPO_ROOT, env: childEnv, stdio: ['pipe', 'pipe', 'pipe'] });
  let raw = '';
  let cursor = 0;
  let ended = false;
  const waiters = new Set<() => void>();
  const wake = (): void => waiters.forEach((w) => w());
  child.stdout!.on('data', (d: Buffer) => {
    raw += d.toString('utf8');
    wake();
  });
  child.stderr!.on('data', (d: Buffer) => {
    raw += d.toString('utf8');
    wake();
  });
  const exited = new Promise<{ code: number | null }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      ended = true;
      wake();
      resolve({ code });
    });
  });
  const screen = (): string => stripAnsi(raw);
  // A failed or timed-out test shows where the terminal was.
  onTestFailed(() => {
    child.kill();
    process.stderr.write(`\n--- kit ${args.join(' ')}: the last of the screen ---\n${screen().slice(-4000)}\n---\n`);
  });
  return {
    raw: () => raw,
    screen,
    waitFor: (text) =>
      new Promise<number>((resolve, reject) => {
        const check = (): void => {
          const at = screen().indexOf(text, cursor);
          if (at >= 0) {
            waiters.delete(check);
            cursor = at + text.length;
            resolve(at);
          } else if (ended) {
            waiters.delete(check);
            reject(new Error(`kit ended before "${text}" appeared; the screen after the last match:\n${screen().slice(cursor)}`));
          }
        };
        waiters.add(check);
        check();
      }),
    type: (keys) => void child.stdin!.write(keys),
    exited,
  };
}
