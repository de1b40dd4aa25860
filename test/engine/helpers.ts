// Shared helpers for the engine tests: a throwaway KIT_HOME, runbook files, the fixture action
// module, a scripted prompter, and journal reading.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Prompter } from '../../src/actions/types.js';
import type { JournalRecord } from '../../src/engine/journal-types.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const FIXTURE_ACTIONS = path.join(here, 'fixtures', 'test-actions.mjs');
export const REPO_ROOT = path.resolve(here, '..', '..');
export const KIT_BIN = path.join(REPO_ROOT, 'bin', 'kit.js');

export interface Sandbox {
  root: string;
  kitHome: string;
  /** A file the fixture actions append their effects to. */
  effects: string;
  env: NodeJS.ProcessEnv;
  runbook(name: string, yaml: string): Promise<string>;
  cleanup(): Promise<void>;
}

export async function sandbox(): Promise<Sandbox> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'kit-engine-'));
  const kitHome = path.join(root, 'home');
  const effects = path.join(root, 'effects.txt');
  return {
    root,
    kitHome,
    effects,
    env: { KIT_ACTIONS_MODULE: FIXTURE_ACTIONS },
    async runbook(name, yaml) {
      const file = path.join(root, `${name}.yaml`);
      await fs.writeFile(file, yaml);
      return file;
    },
    cleanup: () => fs.rm(root, { recursive: true, force: true }),
  };
}

export async function readLines(file: string): Promise<string[]> {
  const text = await fs.readFile(file, 'utf8').catch(() => '');
  return text.split('\n').filter((l) => l !== '');
}

export async function journalOf(incidentDir: string): Promise<JournalRecord[]> {
  return (await readLines(path.join(incidentDir, 'journal.jsonl'))).map((l) => JSON.parse(l) as JournalRecord);
}

export function recordsOf<T extends JournalRecord['type']>(records: JournalRecord[], type: T): Array<JournalRecord<T>> {
  return records.filter((r) => r.type === type) as Array<JournalRecord<T>>;
}

export interface ScriptedPrompter extends Prompter {
  asked: string[];
}

/** Answers from a script, in order; a question with no answer left fails the test loudly. */
export function scriptedPrompter(answers: unknown[]): ScriptedPrompter {
  const queue = [...answers];
  const asked: string[] = [];
  const next = async <T>(message: string): Promise<T> => {
    asked.push(message);
    if (queue.length === 0) throw new Error(`unexpected question: ${message}`);
    return queue.shift() as T;
  };
  return {
    interactive: true,
    asked,
    confirm: (m) => next(m),
    input: (m) => next(m),
    password: (m) => next(m),
    select: (m) => next(m),
    checkbox: (m) => next(m),
  };
}
