// `kit drill --target testnet`: the same runbook against the Binance spot testnet or the Bybit
// testnet, with a testnet key the user stored (`kit connect binance --account testnet`). It is a
// dry run (reads for real, plans every write) unless --allow-writes, and it refuses a key the
// testnet does not accept: a key that works there cannot be a real account's key.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { CliContext } from '../cli/context.js';
import type { DrillFlags } from '../cli/commands/drill.js';
import { UnavailableError, UsageError } from '../errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { writeDrillReport, type DrillReport } from './drill-report.js';
import type { DrillResult } from './run-drill.js';
import { containmentTime, DEFAULT_THRESHOLDS, type DrillCheck, type DrillThresholds } from './score.js';

const TESTNETS: Record<string, string> = { binance: 'Binance spot testnet (testnet.binance.vision)', bybit: 'Bybit testnet (api-testnet.bybit.com)' };

export async function runTestnetDrill(ctx: CliContext, flags: DrillFlags, overrides: Partial<DrillThresholds>): Promise<DrillResult> {
  const exchangeId = flags.exchange;
  if (!exchangeId || !TESTNETS[exchangeId]) {
    throw new UsageError('--target testnet needs --exchange binance or --exchange bybit', { hint: 'e.g. kit drill --target testnet --exchange binance --account testnet' });
  }
  const account = flags.account ?? 'testnet';
  const { loadAccount } = await import('../exchange/credentials.js');
  const stored = await loadAccount(ctx.kitHome, exchangeId, account);
  await assertTestnetKey(ctx, exchangeId, account, stored);

  const { drillIdFor, withEnvFile } = await import('./run-drill.js');
  const drillId = drillIdFor('testnet');
  const dir = path.resolve(flags.out ?? path.join(ctx.kitHome, 'drills', drillId));
  const home = path.join(dir, 'home');
  await fs.mkdir(home, { recursive: true, mode: 0o700 });
  const p = `${exchangeId}_${account}`.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
  const envFile = path.join(home, '.env');
  await writeFileAtomic(envFile, [
    '# kit drill --target testnet: the testnet key you stored, for this drill only.',
    `${p}_API_KEY=${stored.credentials.apiKey}`,
    `${p}_SECRET=${stored.credentials.secret}`,
    ...(stored.credentials.password ? [`${p}_PASSWORD=${stored.credentials.password}`] : []),
    `${p}_SANDBOX=true`,
    ...(stored.baseUrl ? [`${p}_BASE_URL=${stored.baseUrl}`] : []),
  ].join('\n') + '\n', { mode: 0o600 });

  const { runIncident } = await import('../engine/index.js');
  const { findRunbook } = await import('../runbook/find.js');
  const { loadRunbookFile } = await import('../runbook/load.js');
  const { verifyJournal } = await import('../engine/journal-verify.js');
  const { drillInputs } = await import('./inputs.js');
  const runbook = await loadRunbookFile(await findRunbook(flags.runbook, ctx.kitHome));
  const target = `${exchangeId}/${account}`;
  const inputs = drillInputs(runbook.runbook, [{ exchange: exchangeId, account, target }], flags.since ?? '72h');
  const dryRun = !flags.allowWrites;
  const startedAt = new Date().toISOString();
  const result = await withEnvFile(envFile, () => runIncident({ runbookFile: runbook.file, inputs, kitHome: home, yes: true, interactive: false, dryRun, output: ctx.json ? 'silent' : 'plain', settings: { drill: true, target: 'testnet' } }));
  const journal = await verifyJournal(path.join(result.incidentDir, 'journal.jsonl'));
  // The report can always be built from the journal: a runbook without a report step gets one here.
  const { writeReport } = await import('../report/write-report.js');
  const reportFiles = await fs.readdir(result.incidentDir).then((names) => names.filter((n) => /^report\.(md|html|json)$/.test(n)));
  const reports = reportFiles.length > 0 ? reportFiles : (await writeReport({ incidentDir: result.incidentDir, formats: ['md', 'html', 'json'] })).files.map((f) => path.basename(f.path));
  const thresholds = { ...DEFAULT_THRESHOLDS, ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) } as DrillThresholds;
  const checks: DrillCheck[] = [
    { name: 'run completed', passed: result.status === 'succeeded', value: result.status, threshold: 'succeeded' },
    { name: 'journal verified', passed: journal.ok, value: journal.ok ? 'hash chain intact' : 'hash chain broken', threshold: 'intact' },
    { name: 'report produced', passed: reports.length > 0, value: reports.join(', ') || 'none', threshold: 'at least one' },
  ];
  if (!dryRun) {
    const contained = containmentTime(journal.records, [target]);
    checks.unshift({ name: 'time to contain', passed: contained.seconds !== null && contained.seconds <= thresholds.containSeconds, value: contained.seconds === null ? 'not contained' : `${contained.seconds.toFixed(1)} s`, threshold: `<= ${thresholds.containSeconds} s`, detail: contained.detail });
  }
  const passed = checks.every((c) => c.passed);
  const report: DrillReport = {
    format: 'kit-drill-report', version: 1, drillId, scenario: `${exchangeId} testnet (${dryRun ? 'read-only: writes planned, not sent' : 'writes allowed'})`,
    runbook: runbook.runbook.name, target: 'testnet', startedAt, finishedAt: new Date().toISOString(), passed, runStatus: result.status,
    incidentId: result.incidentId, incidentDir: result.incidentDir, incidentReport: reports.map((f) => path.join(result.incidentDir, f)),
    accounts: [target], thresholds,
    score: { passed, checks, metrics: { containSeconds: null, precision: null, recall: null, evidenceShare: 0, truePositives: 0, falsePositives: 0, falseNegatives: 0, seeded: 0, retrieved: 0 } },
    operator: [], journalProblems: journal.problems.map((p) => `line ${p.line}: ${p.message}`), expectedFailure: false,
  };
  const files = await writeDrillReport(dir, report);
  return { report, files, dir };
}

/** The testnet must accept the key; a key it refuses is not a testnet key, and kit will not drill with it. */
async function assertTestnetKey(ctx: CliContext, exchangeId: string, account: string, stored: { credentials: { apiKey: string; secret: string; password?: string }; baseUrl?: string }): Promise<void> {
  const { connect } = await import('../exchange/gateway.js');
  const { classifyError } = await import('../exchange/classify.js');
  const exchange = await connect(exchangeId, account, stored.credentials, { sandbox: true, baseUrl: stored.baseUrl, dryRun: true, kitHome: ctx.kitHome });
  try {
    await exchange.fetchBalance();
  } catch (error) {
    const kind = classifyError(error, { exchange: exchangeId });
    if (kind === 'dead' || kind === 'restricted') {
      throw new UsageError(`the ${TESTNETS[exchangeId]} refuses the key of ${exchangeId}/${account}: it is not a testnet key, and a drill never touches a real account`, {
        hint: `Create a key on the ${TESTNETS[exchangeId]} and store it with \`kit connect ${exchangeId} --account ${account}\`.`,
      });
    }
    throw new UnavailableError(`the ${TESTNETS[exchangeId]} could not be asked about the key of ${exchangeId}/${account} (${kind}): ${(error as Error).message}`, {
      hint: 'Check the network and try again; nothing was changed.',
    });
  }
}
