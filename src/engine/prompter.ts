// The one prompter module. Every question kit asks goes through a Prompter (src/actions/types.ts):
// - the inquirer prompter, for a person at a terminal;
// - the listr2 task prompter, the same questions asked through listr2's inquirer adapter so the
//   live task list and the prompt do not draw over each other;
// - the non-interactive prompter, which never waits: it fails at once and says how to go on.
// inquirer and the adapter are imported only when a question is actually asked.
import { ActionError, type Prompter } from '../actions/types.js';
import { InterruptedError } from '../errors.js';

/** A question nobody can answer: no terminal, CI, or a script. */
export class NoOperatorError extends ActionError {
  constructor(message: string) {
    super(`kit needs an answer to "${message}", but nobody can answer here (no terminal, or CI)`, {
      hint: 'Run kit in a terminal, or answer ahead with flags (--yes, --input name=value).',
    });
    this.name = 'NoOperatorError';
  }
}

type Inquirer = typeof import('@inquirer/prompts');
type PromptName = 'confirm' | 'input' | 'password' | 'select' | 'checkbox';
/** Runs one inquirer prompt, directly or through listr2's adapter. */
type PromptRunner = (inquirer: Inquirer, name: PromptName, config: Record<string, unknown>) => Promise<unknown>;

function isPromptExit(error: unknown): boolean {
  return error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError');
}

function makePrompter(runPrompt: PromptRunner): Prompter {
  const ask = async <T>(name: PromptName, config: Record<string, unknown>): Promise<T> => {
    const inquirer = await import('@inquirer/prompts');
    try {
      return (await runPrompt(inquirer, name, config)) as T;
    } catch (error) {
      // Ctrl-C inside a prompt arrives as a rejected prompt (the terminal is in raw mode), not SIGINT.
      if (isPromptExit(error)) throw new InterruptedError('interrupted at a prompt', { cause: error });
      throw error;
    }
  };
  return {
    interactive: true,
    confirm: (message, options) => ask('confirm', { message, default: options?.default ?? false }),
    input: (message, options) => ask('input', { message, default: options?.default, validate: options?.validate }),
    password: (message, options) => ask('password', { message, mask: '*', validate: options?.validate }),
    select: (message, choices, options) => ask('select', { message, choices: choices.map((c) => ({ ...c, name: c.name ?? c.value })), default: options?.default }),
    checkbox: (message, choices, options) => ask('checkbox', { message, choices: choices.map((c) => ({ ...c, name: c.name ?? c.value })), required: options?.required ?? false }),
  };
}

/** Asks a person at the terminal, with @inquirer/prompts. */
export function createInquirerPrompter(): Prompter {
  return makePrompter((inquirer, name, config) => (inquirer[name] as unknown as (c: Record<string, unknown>) => Promise<unknown>)(config));
}

/** The part of a listr2 task the adapter needs. */
export interface PromptableTask {
  prompt(adapter: any): { run(prompt: any, config: any): unknown };
}

/** Asks through listr2's inquirer adapter, from inside a running task of the default renderer. */
export function createTaskPrompter(task: PromptableTask): Prompter {
  return makePrompter(async (inquirer, name, config) => {
    const { ListrInquirerPromptAdapter } = await import('@listr2/prompt-adapter-inquirer');
    return task.prompt(ListrInquirerPromptAdapter).run(inquirer[name], config);
  });
}

/** For scripts, CI and drills: never waits; every question fails with what to do instead. */
export function createNonInteractivePrompter(): Prompter {
  const fail = (message: string): Promise<never> => Promise.reject(new NoOperatorError(message));
  return {
    interactive: false,
    confirm: fail,
    input: fail,
    password: fail,
    select: fail,
    checkbox: fail,
  };
}

/** Where queued prompters wait their turn (one per run). */
export interface PromptQueue {
  tail: Promise<unknown>;
}

/**
 * The same prompter, asking one question at a time across everything that shares `queue`: steps
 * running side by side must not draw two prompts on one terminal.
 */
export function queuedPrompter(prompter: Prompter, queue: PromptQueue): Prompter {
  const inTurn = <T>(ask: () => Promise<T>): Promise<T> => {
    const turn = queue.tail.then(ask, ask);
    queue.tail = turn.catch(() => undefined);
    return turn;
  };
  return {
    interactive: prompter.interactive,
    confirm: (message, options) => inTurn(() => prompter.confirm(message, options)),
    input: (message, options) => inTurn(() => prompter.input(message, options)),
    password: (message, options) => inTurn(() => prompter.password(message, options)),
    select: (message, choices, options) => inTurn(() => prompter.select(message, choices, options)),
    checkbox: (message, choices, options) => inTurn(() => prompter.checkbox(message, choices, options)),
  };
}
