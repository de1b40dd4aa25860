// The ActionContext the engine hands an action, built directly until the engine is on main.
import type { ActionContext } from '../../src/actions/types.js';

export function actionContext(incidentDir: string, options: { stepId?: string; dryRun?: boolean; settings?: Record<string, unknown> } = {}): ActionContext & { logs: string[] } {
  const logs: string[] = [];
  const refuse = (): never => {
    throw new Error('no prompt is expected in this test');
  };
  return {
    incidentId: 'fixture', incidentDir, kitHome: incidentDir, dryRun: options.dryRun ?? false, yes: true,
    signal: new AbortController().signal, stepId: options.stepId ?? 'notify', run: { id: 'fixture', dryRun: options.dryRun ?? false, startedAt: new Date().toISOString() },
    log: (message) => void logs.push(message),
    evidence: { writeJson: refuse, writeText: refuse, pathOf: refuse, record: refuse },
    prompter: { interactive: false, confirm: refuse, input: refuse, password: refuse, select: refuse, checkbox: refuse },
    settings: options.settings ?? {},
    logs,
  };
}
