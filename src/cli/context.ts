// What every command receives: the global flags, resolved once, and the output streams.
// Commands write through `out` and `err`, which redact registered secrets.
import { redact } from '../secrets/redact.js';

export interface GlobalOptions {
  json: boolean;
  color: boolean;
  kitHome: string;
  verbose: boolean;
}

export interface Output {
  /** Writes a line (a newline is added) to stdout, redacted. */
  line(text?: string): void;
  /** Writes a JSON document to stdout, redacted. */
  json(value: unknown): void;
  /** Writes a line to stderr, redacted. */
  error(text: string): void;
  isTTY: boolean;
}

export interface CliContext extends GlobalOptions {
  out: Output;
  /** True when a person can answer prompts: stdin and stdout are terminals and CI is not set. */
  interactive: boolean;
}

export { defaultKitHome } from '../util/kit-home.js';

export function colorEnabled(flag: boolean | undefined, env: NodeJS.ProcessEnv = process.env, isTTY = Boolean(process.stdout.isTTY)): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return true;
  return isTTY;
}

export function createOutput(stdout: NodeJS.WritableStream = process.stdout, stderr: NodeJS.WritableStream = process.stderr): Output {
  return {
    line: (text = '') => void stdout.write(redact(text) + '\n'),
    json: (value) => void stdout.write(redact(JSON.stringify(value, null, 2)) + '\n'),
    error: (text) => void stderr.write(redact(text) + '\n'),
    isTTY: Boolean((stdout as NodeJS.WriteStream).isTTY),
  };
}

export function isInteractive(env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== '0' && env.CI !== 'false';
  return Boolean(process.stdin.isTTY && process.stdout.isTTY) && !ci;
}
