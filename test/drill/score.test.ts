import { describe, expect, it } from 'vitest';
import type { JournalRecord } from '../../src/engine/journal-types.js';
import { DEFAULT_THRESHOLDS, scoreDrill, type RecordRef } from '../../src/drill/score.js';

function rec(seq: number, secondsAfterStart: number, type: string, data: Record<string, unknown>): JournalRecord {
  return { seq, time: new Date(Date.UTC(2026, 10, 30, 12, 0, secondsAfterStart)).toISOString(), type, mode: 'live', data, prev: '', hash: '' } as unknown as JournalRecord;
}

const journal = [
  rec(1, 0, 'run.started', { incidentId: 'i', runbook: 'key-compromise' }),
  rec(2, 1, 'step.started', { stepId: 'cancel', uses: 'exchange.cancel-all-orders', input: { exchange: 'binance', account: 'main' } }),
  rec(3, 2, 'step.succeeded', { stepId: 'cancel', uses: 'exchange.cancel-all-orders', outputs: { cancelled: 4 } }),
  rec(4, 2, 'step.started', { stepId: 'verify', uses: 'key.verify-revoked', input: { exchange: 'binance', account: 'main' } }),
  rec(5, 5, 'step.succeeded', { stepId: 'verify', uses: 'key.verify-revoked', outputs: { dead: true } }),
];
const t = (id: string): RecordRef => ({ exchange: 'binance', account: 'main', kind: 'trade', id });

describe('drill scoring', () => {
  const base = {
    journal, journalVerified: true, accounts: ['binance/main'],
    attacker: [t('1'), t('2'), t('3'), t('4')], flagged: [t('1'), t('2'), t('3'), t('4')],
    seeded: [t('1'), t('2'), t('3'), t('4'), t('5')], retrieved: [t('1'), t('2'), t('3'), t('4'), t('5')],
    notifications: ['notifications/notify.eml'], reports: ['report.html'],
  };

  it('passes a clean response and measures containment from the journal', () => {
    const score = scoreDrill(base, DEFAULT_THRESHOLDS);
    expect(score.passed).toBe(true);
    expect(score.metrics.containSeconds).toBe(5);
    expect(score.metrics.precision).toBe(1);
    expect(score.metrics.recall).toBe(1);
  });

  it('fails when the key was never verified dead', () => {
    const score = scoreDrill({ ...base, journal: journal.slice(0, 4) }, DEFAULT_THRESHOLDS);
    expect(score.passed).toBe(false);
    const check = score.checks.find((c) => c.name === 'time to contain');
    expect(check?.passed).toBe(false);
    expect(check?.detail).toContain('not verified dead');
  });

  it('computes precision and recall against the ground truth, and names missing evidence', () => {
    const score = scoreDrill({ ...base, flagged: [t('1'), t('2'), t('9')], retrieved: [t('1'), t('2'), t('3')] }, DEFAULT_THRESHOLDS);
    expect(score.metrics.precision).toBeCloseTo(2 / 3);
    expect(score.metrics.recall).toBe(0.5);
    expect(score.metrics.evidenceShare).toBeCloseTo(3 / 5);
    expect(score.checks.find((c) => c.name === 'evidence completeness')?.detail).toContain('binance/main/trade/4');
    expect(score.passed).toBe(false);
  });

  it('fails when the journal does not verify or nothing was reported', () => {
    const score = scoreDrill({ ...base, journalVerified: false, reports: [] }, DEFAULT_THRESHOLDS);
    expect(score.checks.filter((c) => !c.passed).map((c) => c.name)).toEqual(['report produced', 'journal verified']);
  });
});
