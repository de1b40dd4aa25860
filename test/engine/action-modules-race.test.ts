// Two runs in one process (a drill, resumes side by side) load the same action module at the
// same moment: its actions are registered once, and neither run fails with "exists already".
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { loadActionModules } from '../../src/engine/action-modules.js';
import { getAction } from '../../src/actions/registry.js';

const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kit-action-race-'));
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

it('loads a module once when two runs ask for it at the same time', async () => {
  const name = `race.note-${path.basename(dir).toLowerCase()}`;
  const file = path.join(dir, 'actions.mjs');
  await fs.writeFile(file, `export const actions = [{ name: ${JSON.stringify(name)}, description: 'race', effect: 'local', input: { safeParse: (v) => ({ success: true, data: v }) }, run: async () => ({}) }];\n`);
  const env = { KIT_ACTIONS_MODULE: file };
  const results = await Promise.allSettled([loadActionModules(env), loadActionModules(env), loadActionModules(env)]);
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
  expect(getAction(name)?.name).toBe(name);
});
