import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { getAction } from '../../src/actions/registry.js';
import { reportRender, reportRenderInput } from '../../src/actions/report/index.js';
import { secretFieldsOf } from '../../src/actions/secret-field.js';
import { actionContext } from '../notify/action-context.js';
import { makeIncident, type Fixture } from './fixture.js';

let f: Fixture;
beforeAll(async () => {
  f = await makeIncident({ dryRun: true });
});
afterAll(() => f.cleanup());

describe('report.render', () => {
  it('is registered as a local action', () => {
    expect(getAction('report.render')).toBe(reportRender);
    expect(reportRender.effect).toBe('local');
    expect(getAction('notify.email')?.effect).toBe('notify');
    expect(typeof getAction('notify.email')?.plan).toBe('function');
    expect(secretFieldsOf(getAction('notify.email')!.input)).toEqual(['smtp']);
  });

  it('writes the requested formats into the incident folder and outputs their paths', async () => {
    const outputs = await reportRender.run(actionContext(f.dir), reportRenderInput.parse({ formats: ['html', 'json'] }));
    expect(outputs).toEqual({ paths: { html: 'report.html', json: 'report.json' }, verdict: 'compromise-suspected', dryRun: true, chainVerifies: true });
    const html = await fs.readFile(path.join(f.dir, 'report.html'), 'utf8');
    expect(html).toContain('DRY RUN');
    await expect(fs.stat(path.join(f.dir, 'report.md'))).rejects.toThrow();
  });

  it('writes all three formats by default and rejects an unknown one', async () => {
    const outputs = await reportRender.run(actionContext(f.dir), reportRenderInput.parse({}));
    expect(Object.keys(outputs.paths)).toEqual(['md', 'html', 'json']);
    expect(reportRenderInput.safeParse({ formats: ['pdf'] }).success).toBe(false);
  });
});
