// Shared by the incident commands: --input parsing, the output style, and Ctrl-C handling.
import { InterruptedError, UsageError } from '../../errors.js';
import type { CliContext } from '../context.js';
import type { GivenInputs, OutputStyle } from '../../engine/index.js';

/** `--input a=1 --input b=x --input a=2` -> { a: ['1', '2'], b: 'x' }. */
export function parseInputFlags(flags: string[]): GivenInputs {
  const inputs: GivenInputs = {};
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    if (eq <= 0) throw new UsageError(`--input ${flag}: expected name=value`, { hint: 'For example: --input exchange=binance (repeat --input for each input).' });
    const name = flag.slice(0, eq);
    const value = flag.slice(eq + 1);
    const previous = inputs[name];
    inputs[name] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [String(previous)]), value];
  }
  return inputs;
}

function ciSet(env: NodeJS.ProcessEnv): boolean {
  return env.CI !== undefined && env.CI !== '' && env.CI !== '0' && env.CI !== 'false';
}

/** --json: JSON lines; a terminal (and not CI): the live task list; otherwise plain lines. */
export function outputStyle(ctx: CliContext, env: NodeJS.ProcessEnv = process.env): OutputStyle {
  if (ctx.json) return 'json';
  return ctx.out.isTTY && !ciSet(env) ? 'tty' : 'plain';
}

/**
 * Ctrl-C (or SIGTERM, e.g. a shutdown): the first one interrupts the run (journaled,
 * resumable), a second quits at once. Returns the signal the engine watches and a function
 * that removes the handlers.
 */
export function interruptOnSigint(ctx: CliContext): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals): void => {
    if (controller.signal.aborted) process.exit(130);
    ctx.out.error(`kit: ${name}: stopping; the current step is cut short and the incident can be resumed (${name === 'SIGINT' ? 'Ctrl-C' : name} again to quit at once)`);
    controller.abort(new InterruptedError(name === 'SIGINT' ? 'interrupted by the operator (Ctrl-C)' : `interrupted by ${name}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/**
 * An action that ignored its abort signal may still hold the event loop after the run ended;
 * the incident is safe in the journal, so do not let it keep the process alive.
 */
export function exitSoonIfStuck(): void {
  setTimeout(() => process.exit(process.exitCode ?? 0), 2000).unref();
}
