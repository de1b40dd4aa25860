// What a caller (the CLI, the drill, a test) tells the engine about one run or resume.
import type { OperatorStandIn, Prompter } from '../actions/types.js';
import type { RunEventListener } from './events.js';

/**
 * How the run shows itself: `tty` the listr2 task list, `plain` one line per change (no TTY or
 * CI), `json` JSON lines on stdout, `silent` nothing (in-process callers use onEvent).
 */
export type OutputStyle = 'tty' | 'plain' | 'json' | 'silent';

export interface EngineOptions {
  kitHome: string;
  /** --yes: approve every step and proceed without asking. */
  yes?: boolean;
  /**
   * The operator approved every step of the plan at once, having seen it (`kit incident`): no
   * step asks again, but unlike --yes the operator is here, so manual steps still ask them.
   */
  planApproved?: boolean;
  /** Whether a person can answer prompts; used to pick a prompter when none is given. */
  interactive?: boolean;
  prompter?: Prompter;
  /** A drill's stand-in for the operator in manual steps. */
  operator?: OperatorStandIn;
  /** Run-wide, non-secret settings handed to actions (drill target, simulator URL, ...). */
  settings?: Record<string, unknown>;
  output?: OutputStyle;
  /** Where `json` and the renderers write; process.stdout by default. */
  stdout?: NodeJS.WritableStream;
  onEvent?: RunEventListener;
  /** Aborting it interrupts the run as Ctrl-C does: journaled, resumable. */
  signal?: AbortSignal;
  /** Source of KIT_* variables for the `env` expression context; process.env by default. */
  env?: NodeJS.ProcessEnv;
}

export type RunStatus = 'succeeded' | 'failed' | 'waiting-approval' | 'interrupted';

export interface RunResult {
  incidentId: string;
  incidentDir: string;
  status: RunStatus;
  mode: 'live' | 'dry-run';
  /** Steps whose failure failed the run. */
  failedSteps: string[];
  /** For waiting-approval: the step, and the commands that continue the run. */
  waitingFor?: { stepId: string; approveCommand: string; resumeCommand: string };
  /** For interrupted: how to continue. */
  resumeCommand?: string;
  /** resume only: the incident had finished already; nothing was run. */
  alreadyFinished?: boolean;
  /** Dry run: what each write or notify step would have done. */
  planned: Array<{ stepId: string; summary: string }>;
}
