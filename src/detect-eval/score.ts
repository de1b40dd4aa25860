// Scores the detector on labeled cases: precision and recall of the "attacker-likely" labels
// against the ground truth (trades, orders and withdrawals together), and the verdict.
import { analyze } from '../detect/analyze.js';
import type { AnalysisResult } from '../detect/types.js';
import type { EvalCase } from './eval-case.js';

export const TARGETS = { precision: 0.95, recall: 0.95 } as const;

export interface CaseScore {
  name: string;
  description: string;
  expectClean: boolean;
  level: AnalysisResult['verdict']['level'];
  signals: string[];
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  passed: boolean;
  /** Why it failed, in a sentence. */
  failure?: string;
}

export function scoreCase(c: EvalCase): CaseScore {
  const result = analyze(c.bundle);
  const truth = new Set([...c.groundTruth.tradeIds.map((id) => `t:${id}`), ...c.groundTruth.orderIds.map((id) => `o:${id}`), ...c.groundTruth.withdrawalIds.map((id) => `w:${id}`)]);
  const flagged = new Set<string>();
  for (const [kind, labels] of [['t', result.labels.trades], ['o', result.labels.orders], ['w', result.labels.withdrawals]] as const) {
    for (const [id, label] of Object.entries(labels)) if (label === 'attacker-likely') flagged.add(`${kind}:${id}`);
  }
  let tp = 0;
  for (const id of flagged) if (truth.has(id)) tp++;
  const fp = flagged.size - tp;
  const fn = truth.size - tp;
  const precision = flagged.size === 0 ? (truth.size === 0 ? 1 : 0) : tp / flagged.size;
  const recall = truth.size === 0 ? 1 : tp / truth.size;
  let failure: string | undefined;
  if (c.expectClean && result.verdict.compromised) failure = `a compromise verdict on a clean case (${result.verdict.signals.join(', ')})`;
  else if (!c.expectClean && !result.verdict.compromised) failure = `no compromise verdict (${result.verdict.level})`;
  else if (!c.expectClean && precision < TARGETS.precision) failure = `precision ${precision.toFixed(3)} < ${TARGETS.precision}`;
  else if (!c.expectClean && recall < TARGETS.recall) failure = `recall ${recall.toFixed(3)} < ${TARGETS.recall}`;
  return { name: c.name, description: c.description, expectClean: c.expectClean, level: result.verdict.level, signals: result.verdict.signals, truePositives: tp, falsePositives: fp, falseNegatives: fn, precision, recall, passed: !failure, ...(failure ? { failure } : {}) };
}
