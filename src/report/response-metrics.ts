// Time to detect, contain and recover, and the exposure, measured from the journal (README
// "Reports" defines them):
//   detect  = the first activity.flag success that found a compromise, from run.started;
//   contain = orders cancelled (exchange.cancel-all-orders succeeded) AND the key verified dead
//             (key.verify-revoked succeeded with dead === true), for every account the run
//             touched; the later of the two, from run.started;
//   recover = key.reissue succeeded, from run.started;
//   exposure = from the activity window's start (bundle window.since) to containment.
import type { JournalRecord } from '../engine/journal-types.js';
import type { AccountInputs } from './activity-inputs.js';
import { durationText } from './format.js';
import type { Metric } from './schema.js';

type Started = JournalRecord<'step.started'>;
type Succeeded = JournalRecord<'step.succeeded'>;

export interface ResponseMetrics {
  detect: Metric;
  contain: Metric;
  recover: Metric;
  exposure: Metric;
}

const CANCEL = 'exchange.cancel-all-orders';
const VERIFY = 'key.verify-revoked';

function reached(from: Metric['from'], fromMs: number, atMs: number): Metric {
  return { reached: true, at: new Date(atMs).toISOString(), ms: atMs - fromMs, text: durationText(atMs - fromMs), reason: null, from, fromTime: new Date(fromMs).toISOString() };
}

function notReached(from: Metric['from'], fromMs: number | undefined, reason: string): Metric {
  return { reached: false, at: null, ms: null, text: 'not reached', reason, from, fromTime: fromMs === undefined ? null : new Date(fromMs).toISOString() };
}

/** Why a step of this kind did not get there: planned in a dry run, failed, skipped, or never ran. */
function whyNot(records: readonly JournalRecord[], uses: string, what: string): string {
  const last = [...records].reverse().find((r) => (r.data as { uses?: string }).uses === uses && r.type !== 'step.started');
  if (!last) return `no ${uses} step ran, so ${what}`;
  switch (last.type) {
    case 'step.planned': return `dry run: ${uses} was planned, not executed, so ${what}`;
    case 'step.failed': return `${uses} failed (${(last as JournalRecord<'step.failed'>).data.error.message}), so ${what}`;
    case 'step.skipped': return `${uses} was skipped (${(last as JournalRecord<'step.skipped'>).data.reason}), so ${what}`;
    default: return `${uses} did not finish, so ${what}`;
  }
}

export function computeMetrics(records: readonly JournalRecord[], accounts: readonly AccountInputs[]): ResponseMetrics {
  const start = records.find((r) => r.type === 'run.started');
  const startMs = start ? Date.parse(start.time) : undefined;
  const noStart = 'the journal has no run.started record';
  const targetOf = new Map<string, string>();
  for (const r of records) {
    if (r.type === 'step.started') {
      const s = r as Started;
      const input = s.data.input ?? {};
      targetOf.set(s.data.stepId, [input.exchange, input.account].filter((v) => typeof v === 'string').join('/'));
    }
  }
  const successes = (uses: string, accept: (r: Succeeded) => boolean = () => true): Succeeded[] =>
    records.filter((r): r is Succeeded => r.type === 'step.succeeded' && (r as Succeeded).data.uses === uses && accept(r as Succeeded));

  // Detect.
  const compromisedFiles = new Set(accounts.filter((a) => a.findings?.verdict?.compromised === true && a.findingsPath).map((a) => a.findingsPath as string));
  const flagged = successes('activity.flag', (r) => {
    const o = r.data.outputs ?? {};
    const verdict = o.verdict as { compromised?: unknown } | undefined;
    return o.compromised === true || verdict?.compromised === true || (typeof o.findingsPath === 'string' && compromisedFiles.has(o.findingsPath));
  })[0];
  let detect: Metric;
  if (startMs === undefined) detect = notReached('run.started', undefined, noStart);
  else if (flagged) detect = reached('run.started', startMs, Date.parse(flagged.time));
  else if (successes('activity.flag').length > 0) detect = notReached('run.started', startMs, 'activity.flag ran and found no compromise');
  else detect = notReached('run.started', startMs, whyNot(records, 'activity.flag', 'no activity was flagged'));

  // Contain: every account touched by a cancel or verify step needs both.
  const cancelled = new Map<string, number>();
  for (const r of successes(CANCEL)) cancelled.set(targetOf.get(r.data.stepId) ?? '', Date.parse(r.time));
  const dead = new Map<string, number>();
  for (const r of successes(VERIFY, (s) => s.data.outputs?.dead === true)) {
    const target = targetOf.get(r.data.stepId) ?? '';
    if (!dead.has(target)) dead.set(target, Date.parse(r.time));
  }
  const targets = new Set<string>();
  for (const r of records) {
    if (r.type === 'step.started' && ((r as Started).data.uses === CANCEL || (r as Started).data.uses === VERIFY)) targets.add(targetOf.get((r as Started).data.stepId) ?? '');
  }
  let contain: Metric;
  const missing: string[] = [];
  let containedAt = 0;
  for (const target of targets) {
    const label = target ? ` on ${target}` : '';
    const c = cancelled.get(target);
    const k = dead.get(target);
    if (c === undefined) missing.push(whyNot(records, CANCEL, `the orders${label} were not cancelled`));
    if (k === undefined) {
      const ran = successes(VERIFY).some((s) => (targetOf.get(s.data.stepId) ?? '') === target);
      missing.push(ran ? `the key${label} was not verified dead (${VERIFY} did not report dead: true)` : whyNot(records, VERIFY, `the key${label} was not verified dead`));
    }
    if (c !== undefined && k !== undefined) containedAt = Math.max(containedAt, c, k);
  }
  if (startMs === undefined) contain = notReached('run.started', undefined, noStart);
  else if (targets.size === 0) contain = notReached('run.started', startMs, `no ${CANCEL} or ${VERIFY} step ran`);
  else if (missing.length > 0) contain = notReached('run.started', startMs, [...new Set(missing)].join('; '));
  else contain = reached('run.started', startMs, containedAt);

  // Recover.
  const reissued = successes('key.reissue')[0];
  let recover: Metric;
  if (startMs === undefined) recover = notReached('run.started', undefined, noStart);
  else if (reissued) recover = reached('run.started', startMs, Date.parse(reissued.time));
  else recover = notReached('run.started', startMs, whyNot(records, 'key.reissue', 'no new key was issued'));

  // Exposure.
  const sinces = accounts.map((a) => a.bundle?.window?.since).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const since = sinces.length ? Math.min(...sinces) : undefined;
  let exposure: Metric;
  if (since === undefined) exposure = notReached('window.since', undefined, 'no activity bundle, so the start of the exposure is unknown');
  else if (!contain.reached || !contain.at) exposure = notReached('window.since', since, 'the exposure has not ended: the account was not contained (see time to contain)');
  else exposure = reached('window.since', since, Date.parse(contain.at));
  return { detect, contain, recover, exposure };
}
