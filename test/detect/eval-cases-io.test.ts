// Cases made elsewhere (the simulator's scenarios) join the evaluation as `.case.json` files.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { withdrawalDrainCase } from '../../src/detect-eval/cases/attacks.js';
import { allowlistedWithdrawalCase } from '../../src/detect-eval/cases/clean.js';
import { loadCaseFolder } from '../../src/detect-eval/load-cases.js';
import { scoreCase } from '../../src/detect-eval/score.js';
import { writeCaseFolder } from '../../src/detect-eval/write-cases.js';

describe('evaluation case files', () => {
  it('round-trip through a folder and score the same', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kit-cases-'));
    const cases = [withdrawalDrainCase(), allowlistedWithdrawalCase()];
    await writeCaseFolder(dir, cases);
    const loaded = await loadCaseFolder(dir);
    expect(loaded.map((c) => c.name)).toEqual(['attack-withdrawal-drain', 'clean-allowlisted-withdrawal']);
    expect(loaded.map(scoreCase)).toEqual(cases.map(scoreCase));
  });

  it('a wrong case file is an error that names it', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kit-cases-'));
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path.join(dir, 'x.case.json'), JSON.stringify({ name: 'x', bundle: {} }));
    await expect(loadCaseFolder(dir)).rejects.toThrow(/x\.case\.json: not an evaluation case: expectClean/);
  });
});
