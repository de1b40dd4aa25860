// A real-enough ActionContext for running one action outside the engine: an incident folder on
// disk, a scripted prompter, an optional operator stand-in, and the log lines kept for asserts.
import path from 'node:path';
import type { ActionContext, OperatorStandIn, Prompter } from '../../../src/actions/types.js';

export function scriptedPrompter(answers: string[], interactive = true): Prompter {
  const next = async (): Promise<string> => {
    const a = answers.shift();
    if (a === undefined) throw new Error('the test prompter ran out of answers');
    return a;
  };
  return {
    interactive,
    confirm: async () => true,
    input: next,
    password: next,
    select: async (_m, choices) => choices[0].value,
    checkbox: async () => [],
  };
}

export function actionContext(kitHome: string, options: { prompter?: Prompter; operator?: OperatorStandIn; stepId?: string } = {}): ActionContext & { lines: string[] } {
  const lines: string[] = [];
  const incidentDir = path.join(kitHome, 'incidents', 'test-incident');
  return {
    incidentId: 'test-incident',
    incidentDir,
    kitHome,
    dryRun: false,
    yes: true,
    signal: new AbortController().signal,
    stepId: options.stepId ?? 'reissue',
    run: { id: 'run-1', dryRun: false, startedAt: new Date().toISOString() },
    log: (m) => lines.push(m),
    evidence: {
      writeJson: async () => { throw new Error('not used'); },
      writeText: async () => { throw new Error('not used'); },
      pathOf: (name) => path.join(incidentDir, 'evidence', name),
      record: async () => { throw new Error('not used'); },
    },
    prompter: options.prompter ?? scriptedPrompter([], false),
    operator: options.operator,
    settings: {},
    lines,
  };
}
