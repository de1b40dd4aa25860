// bench/report: renders the report of an incident with 100,000 trades and prints the time and
// the HTML size against a baseline (a 1,000-trade incident) measured in the same run.
// Targets: the HTML report of the large incident in under 2 s and under 5 MB.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { bytesText } from '../report/format.js';
import { writeReport } from '../report/write-report.js';
import { writeSyntheticIncident } from './synthetic-incident.js';

const TARGET_MS = 2000;
const TARGET_BYTES = 5 * 1024 * 1024;

interface Measure {
  trades: number;
  ms: number;
  htmlBytes: number;
  allFormatsMs: number;
}

const RUNS = 3;
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** The median of RUNS renders: the machine may be shared, and one slow run says little. */
async function measure(kitHome: string, trades: number, attackTrades: number): Promise<Measure> {
  const incident = await writeSyntheticIncident({ kitHome, incidentId: `bench-${trades}`, trades, attackTrades });
  const html: number[] = [];
  const all: number[] = [];
  let htmlBytes = 0;
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    const { files } = await writeReport({ incidentDir: incident.dir, formats: ['html'] });
    html.push(performance.now() - started);
    htmlBytes = files[0].bytes;
    const allStarted = performance.now();
    await writeReport({ incidentDir: incident.dir, formats: ['md', 'html', 'json'] });
    all.push(performance.now() - allStarted);
  }
  return { trades, ms: median(html), htmlBytes, allFormatsMs: median(all) };
}

export async function runReportBench(): Promise<number> {
  const kitHome = await fs.mkdtemp(path.join(os.tmpdir(), 'kit-bench-report-'));
  try {
    await measure(kitHome, 1000, 40); // warm-up: JIT, template compilation, file cache
    const baseline = await measure(kitHome, 1000, 40);
    const large = await measure(kitHome, 100_000, 2000);
    const row = (m: Measure) => `${String(m.trades).padStart(7)} trades  html ${m.ms.toFixed(0).padStart(6)} ms  ${bytesText(m.htmlBytes).padStart(10)}  (md+html+json ${m.allFormatsMs.toFixed(0)} ms)`;
    console.log(`bench/report: report of a synthetic key-compromise incident (journal + evidence -> HTML), median of ${RUNS} runs`);
    console.log(`  baseline ${row(baseline)}`);
    console.log(`  large    ${row(large)}`);
    console.log(`  ratio    time x${(large.ms / baseline.ms).toFixed(1)}, size x${(large.htmlBytes / baseline.htmlBytes).toFixed(2)} for x${large.trades / baseline.trades} trades`);
    const timeOk = large.ms < TARGET_MS;
    const sizeOk = large.htmlBytes < TARGET_BYTES;
    console.log(`  targets  time < ${TARGET_MS} ms: ${timeOk ? 'met' : 'MISSED'}; size < ${bytesText(TARGET_BYTES)}: ${sizeOk ? 'met' : 'MISSED'}`);
    return timeOk && sizeOk ? 0 : 1;
  } finally {
    await fs.rm(kitHome, { recursive: true, force: true });
  }
}
