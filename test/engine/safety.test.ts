// What the engine promises about secrets, evidence, the incident folder, dry runs, plugins,
// torn journals and parallel groups.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { registerAction } from '../../src/actions/registry.js';
import { secret } from '../../src/actions/secret-field.js';
import { loadActionModules, resumeIncident, runIncident, verifyJournal } from '../../src/engine/index.js';
import { UsageError } from '../../src/errors.js';
import { clearSecretsForTests } from '../../src/secrets/redact.js';
import { journalOf, recordsOf, sandbox, type Sandbox } from './helpers.js';

let box: Sandbox;
beforeEach(async () => (box = await sandbox()));
afterEach(async () => {
  clearSecretsForTests();
  await box.cleanup();
});

const SECRET = 'sk-live-0123456789abcdef';
const calls: string[] = [];

registerAction({
  name: 'safety.secret-read',
  description: 'reads with a secret',
  effect: 'read',
  input: z.strictObject({ apiSecret: secret(z.string()), account: z.string() }),
  run: async (_ctx, i: { apiSecret: string; account: string }) => ({ account: i.account, debug: `signed with ${i.apiSecret}` }),
});
registerAction({
  name: 'safety.evidence',
  description: 'collects evidence',
  effect: 'read',
  input: z.strictObject({ name: z.string() }),
  run: async (ctx, i: { name: string }) => {
    const json = await ctx.evidence.writeJson(`binance-main/${i.name}.json`, { trades: [{ id: 1, price: '42000' }] });
    await fs.writeFile(ctx.evidence.pathOf('binance-main/raw.jsonl'), '{"a":1}\n');
    const streamed = await ctx.evidence.record('binance-main/raw.jsonl');
    return { json: json.path, jsonSha: json.sha256, streamed: streamed.sha256 };
  },
});
registerAction({
  name: 'safety.write-without-plan',
  description: 'a write action with no plan (breaks the contract on purpose)',
  effect: 'write',
  input: z.strictObject({}),
  run: async () => {
    calls.push('run');
    return {};
  },
  reconcile: async () => ({ done: false, note: 'never' }),
});

describe('secrets', () => {
  it('masks secret action fields by field and secret inputs everywhere, and asks for secret inputs again on resume', async () => {
    const file = await box.runbook('secret', `version: 1
name: secret
inputs:
  key-secret: { type: secret, required: true }
steps:
  - id: read
    uses: safety.secret-read
    with: { apiSecret: "\${{ inputs.key-secret }}", account: main }
  - id: say
    uses: log.note
    with: { message: "using \${{ inputs.key-secret }}" }
  - id: later
    uses: log.note
    approval: true
    with: { message: "approved" }
`);
    const first = await runIncident({ runbookFile: file, inputs: { 'key-secret': SECRET }, kitHome: box.kitHome, env: box.env });
    expect(first.status).toBe('waiting-approval');
    const text = await fs.readFile(path.join(first.incidentDir, 'journal.jsonl'), 'utf8');
    expect(text).not.toContain(SECRET);
    const records = await journalOf(first.incidentDir);
    expect(recordsOf(records, 'run.started')[0].data.inputs).toEqual({ 'key-secret': '[REDACTED]' });
    expect(recordsOf(records, 'step.started')[0].data.input).toEqual({ apiSecret: '[REDACTED]', account: 'main' });
    expect(recordsOf(records, 'step.succeeded')[0].data.outputs).toEqual({ account: 'main', debug: 'signed with [REDACTED]' });

    clearSecretsForTests();
    await expect(resumeIncident({ incidentId: first.incidentId, kitHome: box.kitHome, env: box.env, yes: true })).rejects.toThrow(/secret input "key-secret"/);
    const resumed = await resumeIncident({ incidentId: first.incidentId, kitHome: box.kitHome, env: box.env, yes: true, inputs: { 'key-secret': SECRET } });
    expect(resumed.status).toBe('succeeded');
    expect(await fs.readFile(path.join(first.incidentDir, 'journal.jsonl'), 'utf8')).not.toContain(SECRET);
  });
});

describe('incident folder and evidence', () => {
  it('is private (0700/0600), pins the runbook with its hash, and journals each evidence file with its SHA-256', async () => {
    const source = `version: 1
name: evidence
steps:
  - id: collect
    uses: safety.evidence
    with: { name: trades }
`;
    const file = await box.runbook('evidence', source);
    const result = await runIncident({ runbookFile: file, kitHome: box.kitHome, env: box.env });
    expect(result.status).toBe('succeeded');
    const mode = async (p: string) => (await fs.stat(path.join(result.incidentDir, p))).mode & 0o777;
    expect(await mode('.')).toBe(0o700);
    expect(await mode('evidence')).toBe(0o700);
    expect(await mode('journal.jsonl')).toBe(0o600);
    expect(await mode('runbook.yaml')).toBe(0o600);
    expect(await mode('evidence/binance-main/trades.json')).toBe(0o600);
    expect(await fs.readFile(path.join(result.incidentDir, 'runbook.yaml'), 'utf8')).toBe(source);
    const records = await journalOf(result.incidentDir);
    expect(recordsOf(records, 'run.started')[0].data.runbookSha256).toBe(createHash('sha256').update(source).digest('hex'));
    const evidence = recordsOf(records, 'evidence.written').map((r) => r.data);
    const bytes = await fs.readFile(path.join(result.incidentDir, 'evidence/binance-main/trades.json'));
    expect(evidence).toEqual([
      { stepId: 'collect', path: 'evidence/binance-main/trades.json', sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length },
      { stepId: 'collect', path: 'evidence/binance-main/raw.jsonl', sha256: createHash('sha256').update('{"a":1}\n').digest('hex'), bytes: 8 },
    ]);
  });

  it('keeps evidence inside the evidence folder', async () => {
    const file = await box.runbook('escape', `version: 1
name: escape
steps:
  - id: collect
    uses: safety.evidence
    with: { name: ../../escape }
`);
    const result = await runIncident({ runbookFile: file, kitHome: box.kitHome, env: box.env });
    expect(result.status).toBe('failed');
    expect(recordsOf(await journalOf(result.incidentDir), 'step.failed')[0].data.error.message).toMatch(/must be a relative path inside the evidence folder/);
  });
});

describe('dry-run guard', () => {
  it('refuses a write action that cannot say what it would do, and never calls its run()', async () => {
    const file = await box.runbook('guard', `version: 1
name: guard
steps:
  - id: w
    uses: safety.write-without-plan
`);
    calls.length = 0;
    const result = await runIncident({ runbookFile: file, kitHome: box.kitHome, env: box.env, dryRun: true });
    expect(result.status).toBe('failed');
    expect(calls).toEqual([]);
    expect(recordsOf(await journalOf(result.incidentDir), 'step.failed')[0].data.error.message).toMatch(/a dry run refuses it/);
  });
});

describe('KIT_ACTIONS_MODULE', () => {
  it('refuses a relative path and a module without actions', async () => {
    await expect(loadActionModules({ KIT_ACTIONS_MODULE: 'relative/actions.js' })).rejects.toThrow(UsageError);
    const empty = path.join(box.root, 'empty.mjs');
    await fs.writeFile(empty, 'export const nothing = 1;\n');
    await expect(loadActionModules({ KIT_ACTIONS_MODULE: empty })).rejects.toThrow(/does not export `actions`/);
  });
});

describe('torn journal', () => {
  it('resume cuts a torn last line, journals that it did, and the journal verifies', async () => {
    const file = await box.runbook('torn', `version: 1
name: torn
steps:
  - id: first
    uses: log.note
    with: { message: one }
  - id: second
    uses: log.note
    approval: true
    with: { message: two }
`);
    const first = await runIncident({ runbookFile: file, kitHome: box.kitHome, env: box.env });
    const journal = path.join(first.incidentDir, 'journal.jsonl');
    await fs.appendFile(journal, '{"seq":99,"time":"2026-11-30T');
    expect((await verifyJournal(journal)).torn).toMatchObject({ bytes: 29 });
    const resumed = await resumeIncident({ incidentId: first.incidentId, kitHome: box.kitHome, env: box.env, yes: true });
    expect(resumed.status).toBe('succeeded');
    const check = await verifyJournal(journal);
    expect(check).toMatchObject({ ok: true, torn: undefined });
    expect(recordsOf(check.records, 'note').map((r) => r.data.message)).toContainEqual(expect.stringMatching(/^removed a torn last line \(29 bytes/));
  });
});

describe('parallel groups', () => {
  const rendezvous = (parallel: boolean, timeout: string) => `version: 1
name: meet
steps:
  - id: left
    uses: test.rendezvous${parallel ? '\n    parallel: both' : ''}
    timeout: ${timeout}
    with: { dir: "${box.root}", me: left, other: right }
  - id: right
    uses: test.rendezvous${parallel ? '\n    parallel: both' : ''}
    timeout: ${timeout}
    with: { dir: "${box.root}", me: right, other: left }
`;

  it('runs the steps of a group at the same time (each waits for the other)', async () => {
    const result = await runIncident({ runbookFile: await box.runbook('meet', rendezvous(true, '20s')), kitHome: box.kitHome, env: box.env });
    expect(result.status).toBe('succeeded');
  });

  it('runs steps outside a group one after the other (so the first cannot meet the second)', async () => {
    const result = await runIncident({ runbookFile: await box.runbook('meet', rendezvous(false, '200ms')), kitHome: box.kitHome, env: box.env });
    expect(result.failedSteps).toEqual(['left']);
  });
});
