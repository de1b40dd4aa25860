// Scores a drill: pure, from what the drill observed (journal, ground truth, the findings and the
// evidence) to pass/fail per check. Kept apart from running the drill so each rule is testable.
import type { JournalRecord } from '../engine/journal-types.js';

export type RecordKind = 'trade' | 'order' | 'withdrawal';

/** A record named across accounts: exchange, account, kind and the exchange's id. */
export interface RecordRef {
  exchange: string;
  account: string;
  kind: RecordKind;
  id: string;
}

export interface DrillThresholds {
  /** Seconds from the start of the run until orders are cancelled and every key is verified dead. */
  containSeconds: number;
  /** Detection precision and recall on attacker activity (0..1). */
  precision: number;
  recall: number;
  /** Share of seeded records the sweep retrieved (0..1). */
  evidence: number;
}

export const DEFAULT_THRESHOLDS: DrillThresholds = { containSeconds: 60, precision: 0.95, recall: 0.95, evidence: 1 };

export interface DrillObservations {
  journal: readonly JournalRecord[];
  journalVerified: boolean;
  /** Attacker records according to the scenario's ground truth. */
  attacker: readonly RecordRef[];
  /** Records the detector labelled attacker-likely. */
  flagged: readonly RecordRef[];
  /** Every record the scenario seeded inside the swept window (what evidence must hold). */
  seeded: readonly RecordRef[];
  /** Every record found in the evidence bundles. */
  retrieved: readonly RecordRef[];
  /** Notification files (sent or rendered) the run produced. */
  notifications: readonly string[];
  /** Report files the run produced. */
  reports: readonly string[];
  /** Accounts the incident covered, `exchange/account`. */
  accounts: readonly string[];
}

export interface DrillCheck {
  name: string;
  passed: boolean;
  /** What was measured, for people: "3.2 s", "15/15", ... */
  value: string;
  threshold: string;
  detail?: string;
}

export interface DrillScore {
  passed: boolean;
  metrics: {
    containSeconds: number | null;
    precision: number | null;
    recall: number | null;
    evidenceShare: number;
    truePositives: number;
    falsePositives: number;
    falseNegatives: number;
    seeded: number;
    retrieved: number;
  };
  checks: DrillCheck[];
}

const refKey = (r: RecordRef): string => `${r.exchange}/${r.account}/${r.kind}/${r.id}`;

interface AccountContainment {
  cancelledAt?: number;
  deadAt?: number;
}

/**
 * When was every account contained? An account is contained once its open orders are cancelled
 * and its key is verified dead; the incident once every account is. Accounts are read from the
 * steps' inputs (exchange, account), so parallel per-account steps are told apart.
 */
export function containmentTime(journal: readonly JournalRecord[], accounts: readonly string[]): { seconds: number | null; detail: string } {
  const started = journal.find((r) => r.type === 'run.started');
  if (!started) return { seconds: null, detail: 'the journal has no run.started record' };
  const startMs = Date.parse(started.time);
  const inputs = new Map<string, string>();
  for (const r of journal) {
    if (r.type !== 'step.started') continue;
    const d = r.data as JournalRecord<'step.started'>['data'];
    const ex = typeof d.input.exchange === 'string' ? d.input.exchange : undefined;
    const acct = typeof d.input.account === 'string' ? d.input.account : 'main';
    if (ex) inputs.set(d.stepId, `${ex}/${acct}`);
  }
  const perAccount = new Map<string, AccountContainment>();
  for (const r of journal) {
    if (r.type !== 'step.succeeded') continue;
    const d = r.data as JournalRecord<'step.succeeded'>['data'];
    const account = inputs.get(d.stepId);
    if (!account) continue;
    const entry = perAccount.get(account) ?? {};
    const at = Date.parse(r.time);
    if (d.uses === 'exchange.cancel-all-orders') entry.cancelledAt = at;
    if (d.uses === 'key.verify-revoked' && d.outputs.dead === true) entry.deadAt = at;
    perAccount.set(account, entry);
  }
  let latest = startMs;
  for (const account of accounts) {
    const c = perAccount.get(account);
    if (!c?.cancelledAt) return { seconds: null, detail: `${account}: open orders were not cancelled` };
    if (!c.deadAt) return { seconds: null, detail: `${account}: the old key was not verified dead` };
    latest = Math.max(latest, c.cancelledAt, c.deadAt);
  }
  return { seconds: (latest - startMs) / 1000, detail: `${accounts.length} account(s) contained` };
}

export function scoreDrill(obs: DrillObservations, thresholds: DrillThresholds): DrillScore {
  const attacker = new Set(obs.attacker.map(refKey));
  const flagged = new Set(obs.flagged.map(refKey));
  let tp = 0;
  for (const k of flagged) if (attacker.has(k)) tp++;
  const fp = flagged.size - tp;
  const fn = attacker.size - tp;
  // With no attacker activity at all, perfect detection means flagging nothing.
  const precision = flagged.size === 0 ? (attacker.size === 0 ? 1 : null) : tp / flagged.size;
  const recall = attacker.size === 0 ? (flagged.size === 0 ? 1 : null) : tp / attacker.size;

  const retrieved = new Set(obs.retrieved.map(refKey));
  const seeded = obs.seeded.map(refKey);
  const found = seeded.filter((k) => retrieved.has(k)).length;
  const evidenceShare = seeded.length === 0 ? 1 : found / seeded.length;
  const missing = seeded.filter((k) => !retrieved.has(k));

  const contain = containmentTime(obs.journal, obs.accounts);
  const pct = (v: number | null): string => (v === null ? 'n/a' : `${(v * 100).toFixed(1)}%`);
  const checks: DrillCheck[] = [
    {
      name: 'time to contain',
      passed: contain.seconds !== null && contain.seconds <= thresholds.containSeconds,
      value: contain.seconds === null ? 'not contained' : `${contain.seconds.toFixed(1)} s`,
      threshold: `<= ${thresholds.containSeconds} s`,
      detail: contain.detail,
    },
    {
      name: 'detection precision',
      passed: precision !== null && precision >= thresholds.precision,
      value: `${pct(precision)} (${tp} of ${flagged.size} flagged are attacker activity)`,
      threshold: `>= ${pct(thresholds.precision)}`,
    },
    {
      name: 'detection recall',
      passed: recall !== null && recall >= thresholds.recall,
      value: `${pct(recall)} (${tp} of ${attacker.size} attacker records flagged)`,
      threshold: `>= ${pct(thresholds.recall)}`,
    },
    {
      name: 'evidence completeness',
      passed: evidenceShare >= thresholds.evidence,
      value: `${found}/${seeded.length} seeded records retrieved`,
      threshold: `>= ${pct(thresholds.evidence)}`,
      detail: missing.length ? `missing: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}` : undefined,
    },
    { name: 'notification produced', passed: obs.notifications.length > 0, value: obs.notifications.length ? obs.notifications.join(', ') : 'none', threshold: 'at least one' },
    { name: 'report produced', passed: obs.reports.length > 0, value: obs.reports.length ? obs.reports.join(', ') : 'none', threshold: 'at least one' },
    { name: 'journal verified', passed: obs.journalVerified, value: obs.journalVerified ? 'hash chain intact' : 'hash chain broken', threshold: 'intact' },
  ];
  return {
    passed: checks.every((c) => c.passed),
    metrics: { containSeconds: contain.seconds, precision, recall, evidenceShare, truePositives: tp, falsePositives: fp, falseNegatives: fn, seeded: seeded.length, retrieved: found },
    checks,
  };
}
