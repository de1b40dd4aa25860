import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { notifyEmail, notifyEmailInput } from '../../src/actions/notify/email.js';
import { ActionError } from '../../src/actions/types.js';
import { clearSecretsForTests, registerSecret } from '../../src/secrets/redact.js';
import { editJournal, makeIncident, rechain, type Fixture } from '../report/fixture.js';
import { actionContext } from './action-context.js';
import { makeCertificate, startDroppingServer, startSmtp, tempDir, type SmtpFixture } from './smtp-fixture.js';

const PASSWORD = 'smtp-Pa55word-canary-41';
const CANARY = 'CANARY-secret-9f2d7e61';
let tls: { key: string; cert: string; certFile: string };
let smtp: SmtpFixture;
const fixtures: Fixture[] = [];

beforeAll(async () => {
  tls = await makeCertificate(await tempDir());
  smtp = await startSmtp({ key: tls.key, cert: tls.cert, users: { 'ops@example.test': PASSWORD } });
});
afterAll(async () => {
  await smtp.close();
});
afterEach(async () => {
  clearSecretsForTests();
  delete process.env.KIT_SMTP_URL;
  await Promise.all(fixtures.splice(0).map((f) => f.cleanup()));
});

async function incident(options: Parameters<typeof makeIncident>[0] = {}): Promise<Fixture> {
  const f = await makeIncident(options);
  fixtures.push(f);
  return f;
}

const smtpInput = (port: number, password = PASSWORD) => ({ host: '127.0.0.1', port, user: 'ops@example.test', password, 'tls-ca': tls.certFile });
const input = (raw: Record<string, unknown>) => notifyEmailInput.parse(raw);

describe('notify.email over SMTP', () => {
  it('delivers both parts and the report to a real SMTP server over STARTTLS, with no secret in it', async () => {
    const f = await incident();
    // A secret that reached the journal (say, in an error message) must not reach the e-mail.
    registerSecret(CANARY);
    await editJournal(f.dir, (records) => {
      const failed = records.find((r) => r.type === 'step.failed' && r.data.stepId === 'notify-slack') as Record<string, any>;
      failed.data.error.message += ` (token ${CANARY})`;
      return rechain(records);
    });
    const before = smtp.received.length;
    const outputs = await notifyEmail.run(actionContext(f.dir), input({ to: ['ops@example.test', 'cto@example.test'], smtp: smtpInput(smtp.port) }));
    expect(outputs).toMatchObject({ sent: true, accepted: ['ops@example.test', 'cto@example.test'], server: `127.0.0.1:${smtp.port}` });
    expect(smtp.received).toHaveLength(before + 1);
    const got = smtp.received[smtp.received.length - 1];
    expect(got.user).toBe('ops@example.test');
    expect(got.to).toEqual(['ops@example.test', 'cto@example.test']);
    const mail: ParsedMail = await simpleParser(got.raw);
    expect(mail.subject).toBe('[kit] Compromise suspected on binance/main: incident 20250307T1504Z-key-compromise-a1b2');
    expect((Array.isArray(mail.to) ? mail.to : [mail.to]).flatMap((a) => a?.value.map((v) => v.address))).toEqual(['ops@example.test', 'cto@example.test']);
    expect(mail.text).toMatch(/Compromise suspected on binance\/main/);
    expect(mail.text).toMatch(/Time to contain: \d+ s/);
    expect(mail.html).toMatch(/<h1[^>]*>Compromise suspected on binance\/main<\/h1>/);
    expect(mail.attachments.map((a) => a.filename)).toEqual(['kit-report-20250307T1504Z-key-compromise-a1b2.html']);
    const attached = mail.attachments[0].content.toString('utf8');
    expect(attached).toMatch(/^<!doctype html>/);
    // The report was missing, so the step rendered it into the incident folder first.
    expect(await fs.readFile(path.join(f.dir, 'report.html'), 'utf8')).toBe(attached);
    for (const text of [got.raw.toString('utf8'), mail.text ?? '', String(mail.html), attached, JSON.stringify(outputs)]) {
      expect(text).not.toContain(CANARY);
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(Buffer.from(CANARY).toString('base64'));
    }
    expect(attached).toContain('[REDACTED]');
  });

  it('takes the server from KIT_SMTP_URL when the step names none', async () => {
    const f = await incident();
    process.env.KIT_SMTP_URL = `smtp://${encodeURIComponent('ops@example.test')}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${smtp.port}`;
    const outputs = await notifyEmail.run(actionContext(f.dir), input({ to: 'ops@example.test', smtp: { 'tls-ca': tls.certFile }, attach: ['md', 'json'] }));
    expect(outputs).toMatchObject({ sent: true, attachments: ['kit-report-20250307T1504Z-key-compromise-a1b2.md', 'kit-report-20250307T1504Z-key-compromise-a1b2.json'] });
  });

  it('says the login was refused when the server refuses authentication, without the password', async () => {
    const f = await incident();
    const error = await notifyEmail.run(actionContext(f.dir), input({ to: 'ops@example.test', smtp: smtpInput(smtp.port, 'wrong-password-123') })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ActionError);
    expect((error as ActionError).message).toMatch(new RegExp(`^SMTP server 127\\.0\\.0\\.1:${smtp.port} refused the login for ops@example\\.test: .*535`));
    expect((error as ActionError).retryable).toBe(false);
    expect(notifyEmail.retryable?.(error)).toBe(false);
    expect((error as ActionError).message).not.toContain('wrong-password-123');
  });

  it('says the connection was lost when the server drops it, and calls that retryable', async () => {
    const f = await incident();
    const dropping = await startDroppingServer();
    try {
      const error = await notifyEmail.run(actionContext(f.dir), input({ to: 'ops@example.test', smtp: smtpInput(dropping.port), timeout: '5s' })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ActionError);
      expect((error as ActionError).message).toMatch(new RegExp(`^lost the connection to SMTP server 127\\.0\\.0\\.1:${dropping.port} \\(E[A-Z]+\\)`));
      expect(notifyEmail.retryable?.(error)).toBe(true);
    } finally {
      await dropping.close();
    }
  });

  it('refuses to send without STARTTLS unless told otherwise', async () => {
    const f = await incident();
    const plain = await startSmtp({ disabledCommands: ['STARTTLS'], allowInsecureAuth: true, users: { 'ops@example.test': PASSWORD } });
    try {
      const error = await notifyEmail.run(actionContext(f.dir), input({ to: 'ops@example.test', smtp: smtpInput(plain.port) })).catch((e: unknown) => e);
      expect((error as ActionError).message).toMatch(/did not complete STARTTLS, and kit does not send incident reports unencrypted/);
      expect(plain.received).toHaveLength(0);
    } finally {
      await plain.close();
    }
  });

  it('refuses a server certificate it cannot verify, and says how to trust a private CA', async () => {
    const f = await incident();
    const { 'tls-ca': _ca, ...untrusted } = smtpInput(smtp.port);
    const error = await notifyEmail.run(actionContext(f.dir), input({ to: 'ops@example.test', smtp: untrusted })).catch((e: unknown) => e);
    expect((error as ActionError).message).toMatch(/presented a TLS certificate kit does not trust/);
    expect((error as ActionError).hint).toMatch(/smtp\.tls-ca/);
  });

  it('reports a failed run as failed when it runs after a failure (always: true)', async () => {
    const f = await incident();
    await editJournal(f.dir, (records) => {
      // The run stopped at a failed revoke; the notification step runs anyway.
      const cut = records.findIndex((r) => r.type === 'step.succeeded' && r.data.stepId === 'revoke-key');
      const failed = { ...records[cut], type: 'step.failed', data: { stepId: 'revoke-key', uses: 'key.revoke', effect: 'write', attempt: 1, error: { name: 'ActionError', message: 'binance -2015 Invalid API-key', retryable: false }, willRetry: false, continueOnError: false, durationMs: 700 } };
      return rechain([...records.slice(0, cut), failed]);
    });
    await notifyEmail.run(actionContext(f.dir), input({ to: 'ops@example.test', smtp: smtpInput(smtp.port) }));
    const mail = await simpleParser(smtp.received[smtp.received.length - 1].raw);
    expect(mail.text).toMatch(/revoke-key \(key\.revoke\): failed\. failed: binance -2015 Invalid API-key/);
    expect(mail.text).toMatch(/Finish what the failed steps did not do: revoke-key/);
    expect(mail.text).toMatch(/Time to contain: not reached/);
    expect(mail.text).not.toMatch(/Run finished: succeeded/);
  });
});

describe('notify.email without sending', () => {
  it('renders the message into notifications/<step>.eml in a dry run and contacts no server', async () => {
    const f = await incident({ dryRun: true });
    const before = smtp.connections;
    const planned = await notifyEmail.plan!(actionContext(f.dir, { dryRun: true, stepId: 'tell-ops' }), input({ to: 'ops@example.test', smtp: smtpInput(smtp.port) }));
    expect(planned.outputs).toMatchObject({ sent: false, renderedPath: 'notifications/tell-ops.eml' });
    expect(planned.summary).toMatch(/would e-mail ops@example\.test .*not sent \(dry run\); rendered to notifications\/tell-ops\.eml/);
    expect(smtp.connections).toBe(before);
    const file = path.join(f.dir, 'notifications/tell-ops.eml');
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    const mail = await simpleParser(await fs.readFile(file));
    expect(mail.subject).toMatch(/^\[DRY RUN\] \[kit\] Compromise suspected/);
    expect(mail.text).toMatch(/^DRY RUN: nothing was changed/);
    expect(mail.attachments).toHaveLength(1);
  });

  it('renders instead of sending in a drill with no SMTP server, and with render-only', async () => {
    const f = await incident();
    const drill = await notifyEmail.run(actionContext(f.dir, { settings: { drill: true }, stepId: 'drill-mail' }), input({ to: 'ops@example.test' }));
    expect(drill).toMatchObject({ sent: false, renderedPath: 'notifications/drill-mail.eml' });
    const only = await notifyEmail.run(actionContext(f.dir, { stepId: 'only' }), input({ to: 'ops@example.test', 'render-only': true, smtp: smtpInput(smtp.port) }));
    expect(only).toMatchObject({ sent: false, renderedPath: 'notifications/only.eml' });
  });

  it('fails clearly in a live run with no SMTP server configured', async () => {
    const f = await incident();
    await expect(notifyEmail.run(actionContext(f.dir), input({ to: 'ops@example.test' }))).rejects.toThrow(/no SMTP server is configured for this e-mail step/);
  });
});
