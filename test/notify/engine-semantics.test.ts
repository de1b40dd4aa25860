// notify.*, report.render, continue-on-error and always through the real engine: a runbook whose
// first notification fails with continue-on-error, whose second fails for real, and whose report
// and e-mail run anyway (always: true) and say the run failed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { runIncident } from '../../src/engine/index.js';
import type { JournalRecord } from '../../src/engine/journal-types.js';
import { buildReport } from '../../src/report/build-report.js';
import { clearSecretsForTests } from '../../src/secrets/redact.js';
import { startReceiver, type Receiver } from './http-receiver.js';

const TOKEN = 'T0KENsecretSECRETsecret12345678';
let receiver: Receiver;
let root: string;
beforeAll(async () => {
  receiver = await startReceiver();
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'kit-notify-engine-'));
});
afterAll(async () => {
  await receiver.close();
  await fs.rm(root, { recursive: true, force: true });
  clearSecretsForTests();
});

const RUNBOOK = `version: 1
name: notify-semantics
inputs:
  slack: { type: secret, required: true }
  hook: { type: secret, required: true }
steps:
  - id: contain
    uses: log.note
    with: { message: "containment happens here" }
  - id: tell-slack
    uses: notify.webhook
    continue-on-error: true
    with: { format: slack, url: "\${{ inputs.slack }}", attempts: 1 }
  - id: tell-hook
    uses: notify.webhook
    with: { format: json, url: "\${{ inputs.hook }}", attempts: 1 }
  - id: after
    uses: log.note
    with: { message: "not reached" }
  - id: report
    uses: report.render
    always: true
  - id: mail
    uses: notify.email
    always: true
    with: { to: ops@example.test, render-only: true }
`;

describe('notification steps in a real run', () => {
  it('continue-on-error keeps going, a plain failure fails the run, and always steps still report it', async () => {
    receiver.script({ status: 404, body: 'no_service' }, { status: 410, body: 'gone' });
    const file = path.join(root, 'notify-semantics.yaml');
    await fs.writeFile(file, RUNBOOK);
    const inputs = { slack: `${receiver.url}/services/T1/B1/${TOKEN}`, hook: `${receiver.url}/gone` };
    const result = await runIncident({ runbookFile: file, inputs, kitHome: path.join(root, 'home'), yes: true, output: 'silent', env: {} });
    expect(result.status).toBe('failed');
    expect(result.failedSteps).toEqual(['tell-hook']);
    expect(receiver.received.map((r) => r.path)).toEqual([`/services/T1/B1/${TOKEN}`, '/gone']);

    const journal = (await fs.readFile(path.join(result.incidentDir, 'journal.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as JournalRecord);
    const outcome = (id: string) => journal.filter((r) => (r.data as { stepId?: string }).stepId === id && /^step\.(succeeded|failed|skipped)$/.test(r.type)).map((r) => r.type);
    expect(outcome('tell-slack')).toEqual(['step.failed']);
    expect(outcome('after')).toEqual(['step.skipped']);
    expect(outcome('report')).toEqual(['step.succeeded']);
    expect(outcome('mail')).toEqual(['step.succeeded']);
    expect(JSON.stringify(journal)).not.toContain(TOKEN);

    // The report written by the always step, and the one rebuilt after the run, both show it.
    const during = await fs.readFile(path.join(result.incidentDir, 'report.md'), 'utf8');
    expect(during).toMatch(/tell-slack.*failed, continue-on-error/);
    expect(during).toMatch(/tell-hook.*\| failed \|/);
    const after = await buildReport(result.incidentDir);
    expect(after.incident.status).toBe('failed');
    expect(after.evidence.chain.ok).toBe(true);
    expect(after.steps.find((s) => s.id === 'tell-slack')).toMatchObject({ status: 'failed', continueOnError: true });
    const mail = await simpleParser(await fs.readFile(path.join(result.incidentDir, 'notifications/mail.eml')));
    expect(mail.text).toMatch(/tell-hook \(notify\.webhook\): failed\. failed: json webhook .* refused the message: HTTP 410/);
    expect(mail.text).not.toContain(TOKEN);
  });
});
