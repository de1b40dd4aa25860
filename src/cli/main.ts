// The kit command line: commander wiring and the one top-level catch that maps errors
// to exit codes. Command modules register their flags here cheaply and import their
// implementation lazily, so `kit --help` and `kit runbook lint` never load ccxt.
import { Command, CommanderError } from 'commander';
import { createRequire } from 'node:module';
import { ExitCode, isKitError, UsageError } from '../errors.js';
import { installProcessRedaction, redact } from '../secrets/redact.js';
import { colorEnabled, createOutput, defaultKitHome, isInteractive, type CliContext } from './context.js';
import { commandModules } from './commands/index.js';

const require = createRequire(import.meta.url);
const pkg = require('../../package.json') as { version: string };

export function buildProgram(getContext: () => CliContext): Command {
  const program = new Command('kit')
    .description('Incident response for a leaked exchange API key: contain, preserve evidence, flag, reissue, report.')
    .version(pkg.version, '-V, --version')
    .option('--json', 'machine-readable output (JSON)', false)
    .option('--no-color', 'no colours (NO_COLOR is honoured too)')
    .option('--kit-home <dir>', 'where kit keeps incidents, audit logs and config (env KIT_HOME, default ~/.kit)')
    .option('--verbose', 'more detail, and stack traces for errors', false)
    .showHelpAfterError('(run `kit --help` for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  program.addHelpText('after', EXIT_CODES_HELP);
  for (const register of commandModules) register(program, getContext);
  return program;
}

export const EXIT_CODES_HELP = `
Exit codes:
  0    success
  1    the runbook, drill or check failed (or a compromise was found)
  2    usage or validation error (bad flag, runbook, scenario, bundle)
  3    a step waits for approval (kit approve, then kit resume)
  4    internal error (a bug in kit)
  5    an exchange or service was unavailable or refused the request
  6    the incident is locked by another running kit process
  130  interrupted (Ctrl-C); the incident can be resumed`;

export async function main(argv: string[]): Promise<void> {
  // The last line of defence: whatever reaches the terminal (listr2, prompts, a library's own
  // output) passes the redactor, not only what kit prints itself.
  installProcessRedaction();
  // `kit ... | head` closes the pipe early: that is the reader's choice, not an error to report.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? ExitCode.ok);
      throw error;
    });
  }
  let context: CliContext | undefined;
  const getContext = (): CliContext => {
    if (context) return context;
    const opts = program.opts<{ json: boolean; color: boolean; kitHome?: string; verbose: boolean }>();
    context = {
      json: Boolean(opts.json),
      color: colorEnabled(opts.color),
      kitHome: opts.kitHome ? opts.kitHome : defaultKitHome(),
      verbose: Boolean(opts.verbose),
      out: createOutput(),
      interactive: isInteractive(),
    };
    if (opts.kitHome) process.env.KIT_HOME = opts.kitHome;
    return context;
  };
  const program = buildProgram(getContext);
  try {
    await program.parseAsync(argv);
    process.exitCode = process.exitCode ?? ExitCode.ok;
  } catch (error) {
    process.exitCode = reportError(error, context ?? fallbackContext(argv));
  }
}

function fallbackContext(argv: string[]): Pick<CliContext, 'json' | 'verbose'> {
  return { json: argv.includes('--json'), verbose: argv.includes('--verbose') };
}

/** The one top-level catch: prints what failed and what to do; returns the exit code. */
export function reportError(error: unknown, ctx: Pick<CliContext, 'json' | 'verbose'>): number {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return ExitCode.ok;
    // commander already printed its message.
    return ExitCode.usage;
  }
  const kitError = isKitError(error) ? error : undefined;
  const code = kitError ? kitError.exitCode : ExitCode.internal;
  const message = kitError ? kitError.message : `internal error: ${(error as Error)?.message ?? String(error)}`;
  const hint = kitError ? kitError.hint : 'This is a bug in kit. Run again with --verbose and report it.';
  if (ctx.json) {
    process.stdout.write(redact(JSON.stringify({ ok: false, error: { type: kitError?.name ?? 'InternalError', exitCode: code, message, hint, ...(kitError?.details ?? {}) } }, null, 2)) + '\n');
  } else {
    process.stderr.write(redact(`kit: ${message}`) + '\n');
    if (hint) process.stderr.write(redact(`  ${hint}`) + '\n');
  }
  if (ctx.verbose && error instanceof Error && error.stack) process.stderr.write(redact(error.stack) + '\n');
  return code;
}

export { UsageError };
