// Where kit keeps its state: --kit-home, else $KIT_HOME, else ~/.kit.
import os from 'node:os';
import path from 'node:path';

export function defaultKitHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.KIT_HOME && env.KIT_HOME.trim() !== '' ? path.resolve(env.KIT_HOME) : path.join(os.homedir(), '.kit');
}

/** The given kit home made absolute, or the default. */
export function resolveKitHome(kitHome?: string, env: NodeJS.ProcessEnv = process.env): string {
  return kitHome ? path.resolve(kitHome) : defaultKitHome(env);
}
