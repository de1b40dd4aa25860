// Extra actions for tests and plugins: KIT_ACTIONS_MODULE=/abs/a.js,/abs/b.js names ES modules
// that each export `actions: ActionDefinition[]`. They are loaded once per process, before a
// runbook is loaded, so the runbook may use them.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { UsageError } from '../errors.js';
import { getAction, registerAction } from '../actions/registry.js';
import type { ActionDefinition } from '../actions/types.js';

/** Each module's loading, once per process: runs started side by side share it. */
const loading = new Map<string, Promise<string[]>>();

export function actionModulePaths(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env.KIT_ACTIONS_MODULE ?? '').split(',').map((p) => p.trim()).filter((p) => p !== '');
}

export async function loadActionModules(env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const names: string[] = [];
  for (const file of actionModulePaths(env)) {
    if (!path.isAbsolute(file)) {
      throw new UsageError(`KIT_ACTIONS_MODULE entry "${file}" is not an absolute path`, { hint: 'Give each module as an absolute path, comma-separated.' });
    }
    // Two runs in one process (a test, a drill schedule) may ask at the same moment: the second
    // waits for the first's loading instead of registering every action a second time.
    let pending = loading.get(file);
    if (!pending) {
      pending = loadModule(file);
      loading.set(file, pending);
      pending.catch(() => loading.delete(file));
    }
    names.push(...(await pending));
  }
  return names;
}

async function loadModule(file: string): Promise<string[]> {
  let mod: { actions?: unknown };
  try {
    mod = (await import(pathToFileURL(file).href)) as { actions?: unknown };
  } catch (error) {
    throw new UsageError(`cannot load action module ${file}: ${(error as Error).message}`, { hint: 'Check KIT_ACTIONS_MODULE: each entry must be an ES module file.' });
  }
  if (!Array.isArray(mod.actions)) {
    throw new UsageError(`action module ${file} does not export \`actions\` (an array of actions)`, { hint: 'Export `export const actions = [ ... ]` from the module.' });
  }
  const names: string[] = [];
  for (const action of mod.actions as ActionDefinition[]) {
    if (!action || typeof action.name !== 'string' || typeof action.run !== 'function' || !action.input) {
      throw new UsageError(`action module ${file} exports an action without name, input or run()`);
    }
    if (getAction(action.name)) throw new UsageError(`action module ${file} registers ${action.name}, which exists already`);
    registerAction(action);
    names.push(action.name);
  }
  return names;
}
