// `kit run key-compromise --yes` as a user runs it, against the simulator (its admin page playing
// the operator: deleting the Binance key by hand and handing over the new one) and a real SMTP
// server on loopback (STARTTLS with a test certificate). Then the same in dry-run.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario, startSimulator, keyFingerprint, type SimHandle } from '../../src/sim/index.js';
import { makeCertificate, startSmtp, tempDir, type SmtpFixture } from '../notify/smtp-fixture.js';

const KIT = path.resolve('bin/kit.js');

interface Ran { status: number | null; stdout: string; stderr: string }

// Asynchronous on purpose: the simulator and the SMTP server live in this process.
function kit(args: string[], env: NodeJS.ProcessEnv): Promise<Ran> {
  const child = spawn(process.execPath, [KIT, ...args], { env: { ...process.env, CI: 'true', NO_COLOR: '1', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
}

async function world(): Promise<{ sim: SimHandle; home: string; env: NodeJS.ProcessEnv; secrets: string[] }> {
  const sim = await startSimulator({ scenario: await loadScenario('compromise'), adminHttp: true });
  const home = await tempDir();
  const creds = sim.admin.credentials().filter((c) => c.account === 'main');
  const leaked = creds.find((c) => c.name === 'grid-bot');
  const reader = creds.find((c) => c.name === 'read-only');
  if (!leaked || !reader) throw new Error('scenario compromise changed');
  const envFile = path.join(home, '.env');
  writeFileSync(envFile, [
    `BINANCE_MAIN_API_KEY=${leaked.apiKey}`, `BINANCE_MAIN_SECRET=${leaked.secret}`, `BINANCE_MAIN_BASE_URL=${sim.baseUrl}`,
    `BINANCE_MAIN_READONLY_API_KEY=${reader.apiKey}`, `BINANCE_MAIN_READONLY_SECRET=${reader.secret}`, `BINANCE_MAIN_READONLY_BASE_URL=${sim.baseUrl}`,
  ].join('\n') + '\n', { mode: 0o600 });
  return { sim, home, env: { KIT_ENV_FILE: envFile, KIT_HOME: path.join(home, 'kit') }, secrets: [leaked.secret, reader.secret] };
}

describe('kit run key-compromise --yes against the simulator', () => {
  let w: Awaited<ReturnType<typeof world>>;
  let smtp: SmtpFixture;
  let ran: Ran;

  beforeAll(async () => {
    w = await world();
    const tls = await makeCertificate(w.home);
    smtp = await startSmtp({ key: tls.key, cert: tls.cert, users: { kit: 'smtp-password-0001' } });
    ran = await kit(['run', 'key-compromise', '--yes', '--input', 'accounts=binance/main', '--input', 'notify-to=oncall@example.com', '--sim-operator', w.sim.adminUrl as string], {
      ...w.env, KIT_SMTP_URL: `smtp://kit:smtp-password-0001@127.0.0.1:${smtp.port}`, NODE_EXTRA_CA_CERTS: tls.certFile,
    });
  }, 180_000);
  afterAll(async () => {
    await smtp?.close();
    await w?.sim.close();
  });

  it('finishes successfully', () => {
    expect(ran.stderr).not.toMatch(/internal error/);
    expect(ran.status).toBe(0);
  });

  it('killed the old key and cancelled every open order', () => {
    const leakedFp = w.sim.admin.groundTruth().leakedKeys[0].fingerprint;
    const key = w.sim.state.keys().find((k) => k.fingerprint === leakedFp);
    expect(key?.deletedAt).not.toBeNull();
    expect(w.sim.state.openOrders('main')).toEqual([]);
  });

  it('stored a new key that works, with no withdrawal permission', () => {
    const env = readFileSync(w.env.KIT_ENV_FILE as string, 'utf8');
    const newKey = /^BINANCE_MAIN_API_KEY=(.+)$/m.exec(env)?.[1];
    expect(newKey).toBeDefined();
    const view = w.sim.state.keys().find((k) => k.fingerprint === keyFingerprint(newKey as string));
    expect(view?.deletedAt).toBeNull();
    expect(view?.permissions).not.toContain('withdraw');
    const log = w.sim.admin.requestLog().filter((r) => r.keyFingerprint === view?.fingerprint && r.status === 200);
    expect(log.length).toBeGreaterThan(0);
  });

  it('flagged every seeded attacker trade', () => {
    const incidents = path.join(w.env.KIT_HOME as string, 'incidents');
    const [id] = readdirSync(incidents).filter((n) => n.includes('key-compromise'));
    const findings = JSON.parse(readFileSync(path.join(incidents, id, 'evidence', 'binance-main', 'findings.json'), 'utf8')) as { labels: { trades: Record<string, string> } };
    const attacker = w.sim.admin.groundTruth().attacker.trades.map((t) => t.id);
    expect(attacker.length).toBeGreaterThan(0);
    for (const tradeId of attacker) expect(findings.labels.trades[tradeId], `trade ${tradeId}`).toBe('attacker-likely');
  });

  it('delivered the notice by e-mail with the report attached, and no secret in it', async () => {
    expect(smtp.received).toHaveLength(1);
    const mail = await simpleParser(smtp.received[0].raw);
    expect(smtp.received[0].to).toEqual(['oncall@example.com']);
    expect(mail.subject).toMatch(/binance/i);
    expect(mail.text).toBeTruthy();
    expect(mail.attachments.map((a) => a.filename)).toEqual([expect.stringMatching(/^kit-report-.*key-compromise.*\.html$/)]);
    const raw = smtp.received[0].raw.toString('utf8');
    for (const s of [...w.secrets, 'smtp-password-0001']) expect(raw.includes(s)).toBe(false);
  });
});

describe('kit run key-compromise --dry-run against the simulator', () => {
  it('reads for real, names what it would do, and sends no mutating request', async () => {
    const w = await world();
    try {
      const ran = await kit(['run', 'key-compromise', '--dry-run', '--input', 'accounts=binance/main'], w.env);
      expect(ran.status).toBe(0);
      expect(ran.stdout + ran.stderr).toMatch(/would cancel \d+ orders?/);
      expect(w.sim.admin.requestLog().filter((r) => r.mutating)).toEqual([]);
      expect(w.sim.state.openOrders('main').length).toBeGreaterThan(0);
    } finally {
      await w.sim.close();
    }
  }, 120_000);
});
