// `kit drill` on the built-in simulator: start the simulator in-process with the scenario, give
// the drill its own kit home and credentials (the user's store is never touched), run the
// runbook with the simulator playing the operator, then score what the incident folder shows
// against the scenario's ground truth and write the drill report.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { OutputStyle, RunResult } from '../engine/options.js';
import { UsageError } from '../errors.js';
import { drillAccounts, drillEnvFile, writeDrillEnv } from './accounts.js';
import { writeDrillReport, type DrillReport } from './drill-report.js';
import { drillInputs } from './inputs.js';
import { observeDrill } from './observe.js';
import { inProcessWebPage, simOperator, type OperatorLogEntry } from './operator.js';
import { DEFAULT_THRESHOLDS, scoreDrill, type DrillThresholds } from './score.js';

export interface DrillOptions {
  kitHome: string;
  scenario: string;
  runbook: string;
  /** Where the drill folder goes; default $KIT_HOME/drills/<drill-id>. */
  out?: string;
  /** Flags that override the scenario's thresholds. */
  thresholds?: Partial<DrillThresholds>;
  /** `tty`, `plain`, `json` or `silent`: how the incident run shows itself. */
  output: OutputStyle;
  signal?: AbortSignal;
  /** Overrides the scenario's `drill.since`. */
  since?: string;
}

export interface DrillResult {
  report: DrillReport;
  files: string[];
  dir: string;
}

export function drillIdFor(scenario: string, now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-drill-${scenario}-${randomBytes(2).toString('hex')}`;
}

/** Runs `fn` with KIT_ENV_FILE pointing at the drill's credentials, restoring it afterwards. */
export async function withEnvFile<T>(file: string, fn: () => Promise<T>): Promise<T> {
  const before = process.env.KIT_ENV_FILE;
  process.env.KIT_ENV_FILE = file;
  try {
    return await fn();
  } finally {
    if (before === undefined) delete process.env.KIT_ENV_FILE;
    else process.env.KIT_ENV_FILE = before;
  }
}

export async function runDrill(options: DrillOptions): Promise<DrillResult> {
  const { loadScenario, startSimulator } = await import('../sim/index.js');
  const { findRunbook } = await import('../runbook/find.js');
  const { loadRunbookFile } = await import('../runbook/load.js');
  const { runIncident } = await import('../engine/index.js');

  const scenario = await loadScenario(options.scenario);
  const runbook = await loadRunbookFile(await findRunbook(options.runbook, options.kitHome));
  const drillId = drillIdFor(scenario.name);
  const dir = path.resolve(options.out ?? path.join(options.kitHome, 'drills', drillId));
  const home = path.join(dir, 'home');
  await fs.mkdir(home, { recursive: true, mode: 0o700 });

  const thresholds: DrillThresholds = { ...DEFAULT_THRESHOLDS, ...definedOnly(scenario.drill.thresholds), ...definedOnly(options.thresholds ?? {}) };
  const startedAt = new Date().toISOString();
  const sim = await startSimulator({ scenario });
  try {
    const accounts = drillAccounts(sim);
    if (accounts.length === 0) throw new UsageError(`scenario ${scenario.name} has no leaked key to respond to`, { hint: 'Mark the leaked key with `leaked: true` in the scenario.' });
    const envFile = drillEnvFile(home);
    await writeDrillEnv(envFile, sim, accounts);
    const operatorLog: OperatorLogEntry[] = [];
    const operator = simOperator(inProcessWebPage(sim), { present: scenario.drill.operator, log: operatorLog });
    const inputs = drillInputs(runbook.runbook, accounts, options.since ?? scenario.drill.since ?? '72h', scenario.drill.verifyDeadline);

    const result: RunResult = await withEnvFile(envFile, () => runIncident({
      runbookFile: runbook.file,
      inputs,
      kitHome: home,
      yes: true,
      interactive: false,
      operator,
      output: options.output,
      signal: options.signal,
      settings: { drill: true, scenario: scenario.name, target: 'sim' },
    }));

    const observed = await observeDrill(result.incidentDir, sim, accounts);
    const score = scoreDrill(observed.observations, thresholds);
    const report: DrillReport = {
      format: 'kit-drill-report',
      version: 1,
      drillId,
      scenario: scenario.name,
      runbook: runbook.runbook.name,
      target: 'sim',
      startedAt,
      finishedAt: new Date().toISOString(),
      passed: score.passed,
      runStatus: result.status,
      incidentId: result.incidentId,
      incidentDir: result.incidentDir,
      incidentReport: observed.observations.reports.map((f) => path.join(result.incidentDir, f)),
      accounts: accounts.map((a) => a.target),
      thresholds,
      score,
      operator: operatorLog,
      journalProblems: observed.journalProblems,
      expectedFailure: scenario.drill.expectFailure,
    };
    const files = await writeDrillReport(dir, report);
    return { report, files, dir };
  } finally {
    await sim.close();
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
