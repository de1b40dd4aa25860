// Typed errors. Every error a user can see carries a code that maps to an exit code,
// a message (what failed), and a hint (what to do). The one top-level catch in
// src/cli/main.ts turns them into output and an exit status.

export const ExitCode = {
  ok: 0,
  /** The runbook (or drill, or check) ran and failed, or a compromise was found. */
  failed: 1,
  /** Bad usage or invalid input: a flag, a runbook, a scenario, a bundle. */
  usage: 2,
  /** A step waits for approval: `kit approve` then `kit resume`. */
  waitingApproval: 3,
  /** A bug in kit. */
  internal: 4,
  /** The exchange or another service could not be reached or refused us. */
  unavailable: 5,
  /** Another kit process holds the incident lock. */
  locked: 6,
  /** Interrupted by the operator (Ctrl-C); the incident is resumable. */
  interrupted: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export interface KitErrorOptions {
  hint?: string;
  cause?: unknown;
  /** Extra structured detail for --json output; must hold no secret. */
  details?: Record<string, unknown>;
}

export class KitError extends Error {
  readonly exitCode: ExitCodeValue;
  readonly hint?: string;
  readonly details?: Record<string, unknown>;
  constructor(message: string, exitCode: ExitCodeValue, options: KitErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.exitCode = exitCode;
    this.hint = options.hint;
    this.details = options.details;
  }
}

/** Bad flags, bad arguments, unknown names. */
export class UsageError extends KitError {
  constructor(message: string, options: KitErrorOptions = {}) {
    super(message, ExitCode.usage, options);
  }
}

/** One problem inside a user's file, located as file:line:col plus a field path. */
export interface LocatedProblem {
  file: string;
  line: number;
  col: number;
  /** Field path such as `steps[2].with.side`, or '' for the document itself. */
  path: string;
  message: string;
  severity?: 'error' | 'warning';
}

export function formatProblem(p: LocatedProblem): string {
  const where = `${p.file}:${p.line}:${p.col}`;
  return p.path ? `${where} ${p.path}: ${p.message}` : `${where} ${p.message}`;
}

/** A user's file (runbook, scenario, bundle, .env) is invalid; lists every problem found. */
export class ValidationError extends KitError {
  readonly problems: LocatedProblem[];
  constructor(what: string, problems: LocatedProblem[], options: KitErrorOptions = {}) {
    const count = problems.length;
    super(
      `${what}: ${count} problem${count === 1 ? '' : 's'}\n` + problems.map(formatProblem).join('\n'),
      ExitCode.usage,
      { hint: 'Fix the lines above and run the command again.', ...options },
    );
    this.problems = problems;
  }
}

/** A runbook, drill or check ran and failed. */
export class RunFailedError extends KitError {
  constructor(message: string, options: KitErrorOptions = {}) {
    super(message, ExitCode.failed, options);
  }
}

export class WaitingApprovalError extends KitError {
  constructor(message: string, options: KitErrorOptions = {}) {
    super(message, ExitCode.waitingApproval, options);
  }
}

/** A remote service (exchange, SMTP, Vault, AWS) could not be reached or refused the request. */
export class UnavailableError extends KitError {
  constructor(message: string, options: KitErrorOptions = {}) {
    super(message, ExitCode.unavailable, options);
  }
}

export class LockedError extends KitError {
  constructor(message: string, options: KitErrorOptions = {}) {
    super(message, ExitCode.locked, options);
  }
}

export class InterruptedError extends KitError {
  constructor(message: string, options: KitErrorOptions = {}) {
    super(message, ExitCode.interrupted, options);
  }
}

/**
 * The disk refused a write kit needs (journal, evidence, incident folder): full, read-only, too
 * large, I/O error. The run stops before its next action; what was journaled stays; the incident
 * resumes once the disk is fixed.
 */
export class StorageError extends KitError {
  constructor(message: string, options: KitErrorOptions = {}) {
    super(message, ExitCode.failed, options);
  }
}

/** A bug: something kit itself got wrong. */
export class InternalError extends KitError {
  constructor(message: string, options: KitErrorOptions = {}) {
    super(message, ExitCode.internal, { hint: 'This is a bug in kit. Run again with --verbose and report it.', ...options });
  }
}

export function isKitError(error: unknown): error is KitError {
  return error instanceof KitError;
}
