// The typed action registry: `uses` name -> action. Action modules must not import ccxt,
// nodemailer, listr2 or inquirer at module load (import them inside run/plan), so that loading
// the registry for `kit runbook lint` stays fast.
import type { ActionDefinition } from './types.js';
import { builtinActionGroups } from './groups.js';

const registry = new Map<string, ActionDefinition>();

function registerAll(): void {
  if (registry.size > 0) return;
  for (const group of builtinActionGroups) {
    for (const action of group) {
      if (registry.has(action.name)) throw new Error(`action ${action.name} is registered twice`);
      registry.set(action.name, action);
    }
  }
}

export function getAction(name: string): ActionDefinition | undefined {
  registerAll();
  return registry.get(name);
}

export function listActions(): ActionDefinition[] {
  registerAll();
  return [...registry.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** For tests: register an extra action (e.g. one that records effects in a file). */
export function registerAction(action: ActionDefinition): void {
  registerAll();
  registry.set(action.name, action);
}
