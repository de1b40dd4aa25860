import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError, ValidationError } from '../../src/errors.js';
import { findRunbook, listRunbooks, packageRoot } from '../../src/runbook/find.js';
import { loadRunbookFile } from '../../src/runbook/load.js';
import { registerTestActions } from '../helpers/test-actions.js';

let kitHome: string;
const valid = readFileSync('test/fixtures/runbooks/valid.yaml', 'utf8');

beforeAll(() => {
  registerTestActions();
  kitHome = mkdtempSync(path.join(os.tmpdir(), 'kit-find-'));
  mkdirSync(path.join(kitHome, 'runbooks'));
  writeFileSync(path.join(kitHome, 'runbooks', 'my-drill.yaml'), valid.replace('name: valid', 'name: my-drill').replace('title: A valid runbook that uses every field', 'title: "My own drill"'));
  writeFileSync(path.join(kitHome, 'runbooks', 'broken.yml'), 'version: 1\nname: broken\ntitle: Half written\nsteps: []\n');
  writeFileSync(path.join(kitHome, 'runbooks', 'notes.txt'), 'not a runbook');
});
afterAll(() => rmSync(kitHome, { recursive: true, force: true }));

describe('findRunbook', () => {
  it('finds the package root from this module, under vitest as when built', () => {
    expect(existsSync(path.join(packageRoot(), 'package.json'))).toBe(true);
    expect(JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')).name).toBe('kit-ir');
  });

  it('takes an existing path as it is', async () => {
    expect(await findRunbook('test/fixtures/runbooks/valid.yaml', kitHome)).toBe(path.resolve('test/fixtures/runbooks/valid.yaml'));
  });

  it("finds a name in $KIT_HOME/runbooks (.yaml or .yml)", async () => {
    expect(await findRunbook('my-drill', kitHome)).toBe(path.join(kitHome, 'runbooks', 'my-drill.yaml'));
    expect(await findRunbook('broken', kitHome)).toBe(path.join(kitHome, 'runbooks', 'broken.yml'));
  });

  it('refuses an unknown name, listing what exists and the closest name', async () => {
    const error = await findRunbook('my-dril', kitHome).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toMatch(/unknown runbook "my-dril" \(did you mean "my-drill"\?\); available: .*my-drill \(yours\)/);
    expect((error as UsageError).hint).toContain(path.join(kitHome, 'runbooks'));
  });

  it('refuses a path that does not exist', async () => {
    await expect(findRunbook('nowhere/x.yaml', kitHome)).rejects.toThrow('runbook file not found: nowhere/x.yaml');
  });
});

describe('listRunbooks', () => {
  it("lists the user's runbooks with title and error count", async () => {
    const user = (await listRunbooks(kitHome)).filter((e) => e.origin === 'user');
    expect(user).toEqual([
      { name: 'broken', file: path.join(kitHome, 'runbooks', 'broken.yml'), origin: 'user', title: 'Half written', errors: 1 },
      { name: 'my-drill', file: path.join(kitHome, 'runbooks', 'my-drill.yaml'), origin: 'user', title: 'My own drill', errors: 0 },
    ]);
  });
});

describe('loadRunbookFile', () => {
  it('returns the loaded runbook', async () => {
    const loaded = await loadRunbookFile('test/fixtures/runbooks/valid.yaml');
    expect(loaded.runbook.name).toBe('valid');
    expect(loaded.file).toBe('test/fixtures/runbooks/valid.yaml');
  });

  it('throws a ValidationError carrying every problem', async () => {
    const error = await loadRunbookFile('test/fixtures/runbooks/several-errors.yaml').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    const v = error as ValidationError;
    expect(v.problems).toHaveLength(8);
    expect(v.message).toContain('test/fixtures/runbooks/several-errors.yaml:12:11 steps[1].uses: unknown action "test.explode"');
    expect(v.exitCode).toBe(2);
  });

  it('says plainly when the file does not exist', async () => {
    await expect(loadRunbookFile('test/fixtures/runbooks/missing.yaml')).rejects.toThrow(UsageError);
  });
});
