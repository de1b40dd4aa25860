// The JSON report format (`kit report --format json`), version 1. The zod schema is exported so
// that tests, and anyone consuming the JSON, validate against the same definition the renderer
// produces; the Markdown and HTML templates render from this same model.
import { z } from 'zod';

const iso = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/, 'expected an ISO 8601 UTC time');
const severity = z.enum(['low', 'medium', 'high', 'critical']);
const label = z.enum(['attacker-likely', 'suspicious', 'normal']);

export const metricSchema = z.strictObject({
  reached: z.boolean(),
  /** When the milestone was reached (journal time). */
  at: iso.nullable(),
  /** Milliseconds from `from` to `at`. */
  ms: z.number().nullable(),
  /** The duration for people, or "not reached". */
  text: z.string(),
  /** Why it was not reached (null when reached). */
  reason: z.string().nullable(),
  /** What the clock is measured from. */
  from: z.enum(['run.started', 'window.since']),
  fromTime: iso.nullable(),
});
export type Metric = z.infer<typeof metricSchema>;

export const tradeRowSchema = z.strictObject({
  exchange: z.string(),
  account: z.string(),
  id: z.string(),
  time: iso,
  symbol: z.string(),
  side: z.enum(['buy', 'sell']),
  type: z.string().nullable(),
  price: z.number(),
  amount: z.number(),
  cost: z.number().nullable(),
  clientOrderId: z.string().nullable(),
  label,
  rules: z.array(z.string()),
});
export type TradeRow = z.infer<typeof tradeRowSchema>;

export const aggregateRowSchema = z.strictObject({
  exchange: z.string(),
  account: z.string(),
  symbol: z.string(),
  side: z.enum(['buy', 'sell']),
  /** Start of the UTC hour. */
  hour: iso,
  trades: z.number().int(),
  flagged: z.number().int(),
  amount: z.number(),
  cost: z.number(),
  avgPrice: z.number(),
});
export type AggregateRow = z.infer<typeof aggregateRowSchema>;

export const transferRowSchema = z.strictObject({
  exchange: z.string(),
  account: z.string(),
  id: z.string(),
  type: z.enum(['deposit', 'withdrawal']),
  time: iso,
  currency: z.string(),
  amount: z.number(),
  address: z.string().nullable(),
  network: z.string().nullable(),
  status: z.string().nullable(),
  label,
});
export type TransferRow = z.infer<typeof transferRowSchema>;

const shownRows = <T extends z.ZodType>(row: T) => z.strictObject({ total: z.number().int(), shown: z.number().int(), rows: z.array(row) });

export const stepRowSchema = z.strictObject({
  id: z.string(),
  title: z.string().nullable(),
  uses: z.string(),
  effect: z.string(),
  status: z.enum(['succeeded', 'failed', 'planned', 'skipped', 'running', 'waiting-approval', 'denied']),
  attempts: z.number().int(),
  startedAt: iso.nullable(),
  finishedAt: iso.nullable(),
  durationMs: z.number().nullable(),
  /** What happened: the outputs, the plan, the skip reason or the error. */
  result: z.string(),
  error: z.string().nullable(),
  continueOnError: z.boolean(),
  /** A dry run's plan rather than an effect. */
  planned: z.boolean(),
  reconciled: z.boolean(),
  approval: z.string().nullable(),
});
export type StepRow = z.infer<typeof stepRowSchema>;

export const timelineEventSchema = z.strictObject({
  time: iso,
  kind: z.string(),
  stepId: z.string().nullable(),
  text: z.string(),
});
export type TimelineEvent = z.infer<typeof timelineEventSchema>;

export const evidenceFileSchema = z.strictObject({
  path: z.string(),
  stepId: z.string().nullable(),
  sha256: z.string(),
  bytes: z.number().int(),
  /** match: the file's current SHA-256 is the journaled one; modified; missing; unsafe: the path leaves the incident folder. */
  status: z.enum(['match', 'modified', 'missing', 'unsafe']),
  actualSha256: z.string().nullable(),
});
export type EvidenceFile = z.infer<typeof evidenceFileSchema>;

export const accountSchema = z.strictObject({
  exchange: z.string(),
  account: z.string(),
  bundlePath: z.string().nullable(),
  findingsPath: z.string().nullable(),
  window: z.strictObject({ since: iso, until: iso }).nullable(),
  verdict: z.strictObject({ level: z.enum(['compromise-suspected', 'suspicious', 'clean']), compromised: z.boolean(), summary: z.string(), signals: z.array(z.string()) }).nullable(),
  counts: z.strictObject({ trades: z.number().int(), orders: z.number().int(), deposits: z.number().int(), withdrawals: z.number().int(), flaggedTrades: z.number().int(), flaggedOrders: z.number().int(), flaggedWithdrawals: z.number().int() }),
  gaps: z.array(z.strictObject({ what: z.string(), reason: z.string() })),
});
export type AccountSummary = z.infer<typeof accountSchema>;

export const findingRowSchema = z.strictObject({
  exchange: z.string(),
  account: z.string(),
  rule: z.string(),
  severity,
  score: z.number(),
  signal: z.string(),
  sentence: z.string(),
  from: iso.nullable(),
  to: iso.nullable(),
  trades: z.number().int(),
  orders: z.number().int(),
  withdrawals: z.number().int(),
});
export type FindingRow = z.infer<typeof findingRowSchema>;

export const reportSchema = z.strictObject({
  format: z.literal('kit-report'),
  version: z.literal(1),
  generatedAt: iso,
  /** True when the run was a dry run: nothing was changed on any exchange. */
  dryRun: z.boolean(),
  incident: z.strictObject({
    id: z.string(),
    runbook: z.string(),
    runbookTitle: z.string().nullable(),
    runbookSha256: z.string(),
    mode: z.enum(['live', 'dry-run']),
    drill: z.boolean(),
    user: z.string(),
    host: z.string(),
    kitVersion: z.string(),
    startedAt: iso.nullable(),
    finishedAt: iso.nullable(),
    status: z.enum(['succeeded', 'failed', 'in-progress', 'waiting-approval', 'interrupted']),
    failedSteps: z.array(z.string()),
    inputs: z.record(z.string(), z.string()),
  }),
  verdict: z.strictObject({
    level: z.enum(['compromise-suspected', 'suspicious', 'clean', 'unknown']),
    compromised: z.boolean().nullable(),
    summary: z.string(),
    signals: z.array(z.string()),
  }),
  summary: z.string(),
  metrics: z.strictObject({ detect: metricSchema, contain: metricSchema, recover: metricSchema, exposure: metricSchema }),
  accounts: z.array(accountSchema),
  findings: z.array(findingRowSchema),
  attackWindow: z.strictObject({ from: iso, to: iso }).nullable(),
  trades: z.strictObject({
    total: z.number().int(),
    flagged: shownRows(tradeRowSchema),
    top: shownRows(tradeRowSchema),
    aggregates: shownRows(aggregateRowSchema),
  }),
  transfers: shownRows(transferRowSchema),
  activityTimeline: z.strictObject({
    bucketMs: z.number().int(),
    /** Every non-empty bucket (at most 96), for pictures. */
    buckets: z.array(z.strictObject({ from: iso, trades: z.number().int(), flagged: z.number().int(), withdrawals: z.number().int(), symbols: z.array(z.string()) })),
    /** Rows of one bucket, or a quiet stretch of several merged (nothing flagged, no withdrawal). */
    rows: z.array(z.strictObject({ from: iso, to: iso, trades: z.number().int(), flagged: z.number().int(), withdrawals: z.number().int(), symbols: z.array(z.string()) })),
  }),
  responseTimeline: z.array(timelineEventSchema),
  steps: z.array(stepRowSchema),
  evidence: z.strictObject({
    chain: z.strictObject({ ok: z.boolean(), records: z.number().int(), problems: z.array(z.strictObject({ line: z.number().int(), message: z.string() })) }),
    files: z.array(evidenceFileSchema),
    allMatch: z.boolean(),
  }),
  todo: z.array(z.strictObject({ text: z.string(), why: z.string(), done: z.boolean() })),
  prevention: z.array(z.strictObject({ text: z.string(), how: z.string() })),
  notes: z.array(z.string()),
});
export type Report = z.infer<typeof reportSchema>;
