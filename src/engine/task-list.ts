// The run on listr2: one task per step (a parallel group is a task with concurrent subtasks, and
// so is a for-each step: one subtask per item).
// The default renderer on a terminal, the simple line renderer without one (or in CI), the
// silent one for --json and in-process callers (they read the event stream instead). Every
// title and message carries the mode and passes through the redactor. listr2 is imported here
// only, when a run starts.
import type { ListrTask, ListrTaskWrapper } from 'listr2';
import { redact } from '../secrets/redact.js';
import type { Prompter } from '../actions/types.js';
import { finishForEach, forEachTitle, type ForEachDecision } from './for-each.js';
import { prepareGroup, type StepDecision } from './group.js';
import type { PlannedStep, StepGroup } from './plan.js';
import { createTaskPrompter, queuedPrompter } from './prompter.js';
import type { RunSession } from './session.js';
import { settleInDoubt } from './in-doubt.js';
import { executeStep } from './step-executor.js';
import { wouldText, type StepResult } from './step-outcome.js';
import type { StepUi } from './step-context.js';

type Task = ListrTaskWrapper<unknown, any, any>;

function rendererFor(session: RunSession): 'default' | 'simple' | 'silent' {
  const style = session.options.output ?? 'silent';
  return style === 'tty' ? 'default' : style === 'plain' ? 'simple' : 'silent';
}

function uiFor(session: RunSession, task: Task): StepUi {
  // Inside the default renderer, prompts must go through listr2's adapter or the two fight
  // over the terminal; the other renderers leave the terminal to the prompt.
  const prompter: Prompter = session.prompter.interactive && rendererFor(session) === 'default' && !session.options.prompter
    ? createTaskPrompter(task)
    : session.prompter;
  // Steps running side by side (a parallel group, the items of a for-each) ask one question at a time.
  return { prompter: queuedPrompter(prompter, session.promptQueue), output: (line) => (task.output = redact(`${session.modeTag} ${line}`)) };
}

function label(session: RunSession, step: PlannedStep): string {
  // A for-each step's own title still holds `${{ item }}` (only its instances evaluate it).
  const title = step.title.replace(/\$\{\{\s*item\b[^}]*\}\}/g, 'each item');
  return redact(`${session.modeTag} ${title} (${step.uses})`);
}

/**
 * An interrupt is shown as a failed task, never as a skip: after a prompt in the same task,
 * listr2's inquirer adapter turns a skip back into "started", and the task would end as done.
 */
function interruptedMessage(session: RunSession): string {
  return `${session.modeTag} interrupted (the incident can be resumed)`;
}

/**
 * Shows a step's result on its task; a failure is thrown so the task shows as failed. Messages
 * are shown beside the task's title (which names the step), so they carry only the mode.
 */
function show(session: RunSession, step: PlannedStep, result: StepResult, task: Task): void {
  const tag = session.modeTag;
  switch (result.kind) {
    case 'succeeded':
      if (result.reconciled) task.title = `${label(session, step)}: already done before the crash (reconciled)`;
      return;
    case 'planned':
      task.skip(redact(`${tag} ${wouldText(result.summary)}`));
      return;
    case 'skipped':
      task.skip(redact(`${tag} skipped: ${result.reason}`));
      return;
    case 'interrupted':
      throw new Error(interruptedMessage(session));
    case 'failed':
      throw new Error(redact(`${tag} failed: ${result.message}${result.continueOnError ? ' (continue-on-error: the run goes on)' : ''}`));
  }
}

async function runDecided(session: RunSession, decision: StepDecision, task: Task): Promise<unknown> {
  const tag = session.modeTag;
  if (decision.kind === 'for-each') return forEachTasks(session, decision, task);
  if (decision.kind === 'done') return task.skip(`${tag} already ${decision.status} (from the journal)`);
  if (decision.kind === 'skipped') return task.skip(redact(`${tag} skipped: ${decision.reason}`));
  if (decision.kind === 'failed') throw new Error(redact(`${tag} failed: ${decision.message}`));
  if (session.stopped) return task.skip(`${tag} not run: the run stopped`);
  show(session, decision.step, await executeStep(session, decision.step, uiFor(session, task)), task);
}

/**
 * The items of a for-each step as concurrent subtasks, plus one untitled subtask that waits for
 * them all and then ends the step itself (its outcome and collected outputs).
 */
function forEachTasks(session: RunSession, decision: ForEachDecision, task: Task): unknown {
  const startedAt = Date.now();
  const name = redact(`${session.modeTag} ${forEachTitle(session, decision.step)} (${decision.step.uses})`);
  task.title = name;
  const ended = decision.instances.map(() => {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    return { promise, resolve };
  });
  const instanceTasks = decision.instances.map((instance, i) => ({
    title: label(session, instance.step),
    task: async (_c: unknown, sub: Task) => {
      try {
        return await runDecided(session, instance, sub);
      } finally {
        ended[i].resolve();
      }
    },
  }));
  const finish = {
    task: async () => {
      await Promise.all(ended.map((e) => e.promise));
      const result = await finishForEach(session, decision.step, startedAt);
      if (!result || result.kind === 'interrupted') task.title = `${name}: ${interruptedMessage(session)}`;
      else if (result.kind === 'failed') task.title = redact(`${name}: ${result.message}${result.continueOnError ? ' (continue-on-error: the run goes on)' : ''}`);
      else if (result.kind === 'planned') task.title = redact(`${name}: ${wouldText(result.summary)}`);
      else if (result.kind === 'skipped') task.title = redact(`${name}: skipped, ${result.reason}`);
      else task.title = name;
    },
  };
  return task.newListr([...instanceTasks, finish], { concurrent: true, exitOnError: false });
}

function groupTask(session: RunSession, group: StepGroup): ListrTask<unknown, any, any> {
  const title = group.steps.length === 1 ? label(session, group.steps[0]) : redact(`${session.modeTag} in parallel (${group.parallel}): ${group.steps.map((s) => s.id).join(', ')}`);
  return {
    title,
    task: async (_ctx, task) => {
      if (session.stopped) return task.skip(`${session.modeTag} not run: the run stopped`);
      const decisions = await prepareGroup(session, group, uiFor(session, task).prompter);
      if (decisions === 'stop') {
        if (session.stopReason?.kind === 'waiting-approval') return task.skip(`${session.modeTag} waits for approval of ${session.stopReason.stepId}`);
        throw new Error(interruptedMessage(session));
      }
      if (decisions.length === 1) return runDecided(session, decisions[0], task);
      return task.newListr(
        decisions.map((decision) => ({ title: label(session, decision.step), task: (_c: unknown, sub: Task) => runDecided(session, decision, sub) })),
        { concurrent: true, exitOnError: false },
      );
    },
  };
}

function inDoubtTask(session: RunSession, steps: PlannedStep[]): ListrTask<unknown, any, any> {
  return {
    title: `${session.modeTag} Check the steps a crash or interrupt cut short`,
    task: (_ctx, task) =>
      task.newListr(
        steps.map((step) => ({
          title: label(session, step),
          task: async (_c: unknown, sub: Task) => {
            const result = await settleInDoubt(session, step, uiFor(session, sub));
            if (result === 'run-again') sub.title = `${label(session, step)}: not done yet, it runs in its turn`;
            else show(session, step, result, sub);
          },
        })),
        { concurrent: false, exitOnError: false },
      ),
  };
}

export async function runTaskList(session: RunSession, inDoubt: PlannedStep[]): Promise<void> {
  const { Listr } = await import('listr2');
  const tasks = [...(inDoubt.length > 0 ? [inDoubtTask(session, inDoubt)] : []), ...session.plan.groups.map((g) => groupTask(session, g))];
  const renderer = rendererFor(session);
  const list = new Listr<unknown, any, any>(tasks, {
    concurrent: false,
    exitOnError: false,
    registerSignalListeners: false,
    renderer,
    fallbackRenderer: 'simple',
    fallbackRendererCondition: renderer === 'simple',
    silentRendererCondition: renderer === 'silent',
    // Skip and error messages are shown under (or beside) the step's title, never instead of it.
    rendererOptions: { collapseSkips: false, showSkipMessage: true, collapseErrors: false, showErrorMessage: true, collapseSubtasks: false },
  });
  await list.run();
}
