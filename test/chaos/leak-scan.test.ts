// The leak scan of the chaos suite is itself checked: a secret planted in each form it claims to
// find (as it is, base64, base64url, hex, URL-encoded), in a nested file or in kit's output, is
// found; a clean tree is clean; the canary is reported where it is.
import { mkdtempSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scanForLeaks, secretForms } from './harness/leaks.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'kit-chaos-leakscan-'));
afterAll(() => fs.rm(root, { recursive: true, force: true }));

const SECRET = 'sim-Secret/with+chars=?&' + 'x'.repeat(16);

describe('the leak scan', () => {
  it('finds a planted secret in every form, in files at any depth and in output', async () => {
    const forms = secretForms(SECRET);
    expect(forms.length).toBeGreaterThanOrEqual(5);
    for (const [i, form] of forms.entries()) {
      const home = path.join(root, `form-${i}`);
      await fs.mkdir(path.join(home, 'incidents', 'x', 'evidence', 'bybit-main'), { recursive: true });
      await fs.writeFile(path.join(home, 'incidents', 'x', 'evidence', 'bybit-main', 'trades.jsonl'), `{"note":"…${form}…"}\n`);
      const inFile = await scanForLeaks(home, ['clean output'], [SECRET]);
      // Forms may contain each other (base64 and base64url share a prefix): at least this one is found.
      expect(inFile.found.length, form).toBeGreaterThanOrEqual(1);
      for (const hit of inFile.found) expect(hit).toMatch(/^incidents\/x\/evidence\/bybit-main\/trades\.jsonl: /);
      await fs.rm(home, { recursive: true });
      await fs.mkdir(home);
      const inOutput = await scanForLeaks(home, ['clean', `kit: error ${form}`], [SECRET]);
      expect(inOutput.found.length, form).toBeGreaterThanOrEqual(1);
      for (const hit of inOutput.found) expect(hit).toMatch(/^output 1: /);
    }
  });

  it('reports nothing on a clean tree, and the canary where it is', async () => {
    const home = path.join(root, 'clean');
    await fs.mkdir(path.join(home, 'audit'), { recursive: true });
    await fs.writeFile(path.join(home, 'audit', 'day.jsonl'), '{"incidentId":"INC-1"}\n');
    const scan = await scanForLeaks(home, ['incident INC-1'], [SECRET], 'INC-1');
    expect(scan.found).toEqual([]);
    expect(scan.files).toEqual(['audit/day.jsonl']);
    expect(scan.canaryIn).toEqual(['audit/day.jsonl', 'output 0']);
  });

  it('refuses to scan for nothing, or for secrets too short to search', async () => {
    await expect(scanForLeaks(root, [], [])).rejects.toThrow(/secrets/);
    await expect(scanForLeaks(root, [], ['short'])).rejects.toThrow(/8 characters/);
  });
});
