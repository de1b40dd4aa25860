// The activity.flag action against a real incident folder, with a file-backed evidence writer
// standing in for the engine's (same contract: writes under evidence/, returns path and SHA-256).
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { activityFlag } from '../../src/actions/detect/activity-flag.js';
import { getAction } from '../../src/actions/registry.js';
import type { ActionContext, EvidenceRecord } from '../../src/actions/types.js';
import { ActionError } from '../../src/actions/types.js';
import { lowCapCase } from '../../src/detect-eval/cases/attacks.js';
import { quietBotCase } from '../../src/detect-eval/cases/clean.js';
import type { AnalysisResult } from '../../src/detect/types.js';

function incident(bundles: Record<string, unknown>): { ctx: ActionContext; dir: string; logs: string[] } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kit-incident-'));
  for (const [rel, content] of Object.entries(bundles)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), typeof content === 'string' ? content : JSON.stringify(content));
  }
  const write = async (name: string, text: string): Promise<EvidenceRecord> => {
    const file = path.join(dir, 'evidence', name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    return { path: path.relative(dir, file), sha256: createHash('sha256').update(text).digest('hex'), bytes: Buffer.byteLength(text) };
  };
  const logs: string[] = [];
  const ctx = {
    incidentId: 'i1',
    incidentDir: dir,
    kitHome: dir,
    dryRun: true,
    yes: true,
    signal: new AbortController().signal,
    stepId: 'flag',
    run: { id: 'r1', dryRun: true, startedAt: new Date(0).toISOString() },
    log: (m: string) => logs.push(m),
    evidence: { writeJson: (n: string, v: unknown) => write(n, JSON.stringify(v)), writeText: write, pathOf: (n: string) => path.join(dir, 'evidence', n), record: async () => ({ path: '', sha256: '', bytes: 0 }) },
    prompter: undefined as never,
    settings: {},
  } satisfies ActionContext;
  return { ctx, dir, logs };
}

describe('action activity.flag', () => {
  it('is registered as a read action with a strict input', () => {
    expect(getAction('activity.flag')).toBe(activityFlag);
    expect(activityFlag.effect).toBe('read');
    expect(activityFlag.input.safeParse({ bundle: 'evidence/x/bundle.json' }).success).toBe(true);
    expect(activityFlag.input.safeParse({ bundel: 'x' }).success).toBe(false);
  });

  it('reads the bundle, writes the findings into the evidence and outputs the verdict and counts', async () => {
    const { ctx, dir, logs } = incident({ 'evidence/binance-main/bundle.json': lowCapCase().bundle });
    const out = await activityFlag.run(ctx, { bundle: 'evidence/binance-main/bundle.json' });
    expect(out).toMatchObject({ verdict: 'compromise-suspected', compromised: true, findingsPath: 'evidence/binance-main/findings.json' });
    expect(out.flaggedTrades).toBeGreaterThan(50);
    const written = JSON.parse(readFileSync(path.join(dir, out.findingsPath), 'utf8')) as AnalysisResult;
    expect(written.format).toBe('kit-findings');
    expect(written.findings).toHaveLength(out.findings);
    expect(logs[0]).toMatch(/^Compromise suspected/);
  });

  it('finds the one bundle under evidence/ by default, and refuses paths outside the incident', async () => {
    const { ctx } = incident({ 'evidence/binance-main/bundle.json': quietBotCase().bundle });
    expect(await activityFlag.run(ctx, {})).toMatchObject({ verdict: 'clean', compromised: false, flaggedTrades: 0 });
    await expect(activityFlag.run(ctx, { bundle: '../../etc/passwd' })).rejects.toThrow(/outside the incident folder/);
  });

  it('fails as a step, with the record named, on a bad bundle', async () => {
    const { ctx } = incident({ 'evidence/b/bundle.json': { ...quietBotCase().bundle, trades: [{ id: '1' }] } });
    const error = await activityFlag.run(ctx, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ActionError);
    expect((error as Error).message).toMatch(/trades\[0\] \(id 1\): "timestamp" is missing/);
  });
});
