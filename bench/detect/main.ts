// bench/detect: analyse 100,000 and 1,000,000 trades across 200 markets. For each size: the
// time to load the bundle, the time to analyse it and the peak memory, measured in a fresh
// process; then the per-trade cost of the large run against the small one (1.0 = linear).
// Targets: 1,000,000 trades analysed in under 3 s, peak memory under 1.5 GB.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeLargeBundle } from './generate-large.js';

interface Figures {
  trades: number;
  loadMs: number;
  analyseMs: number;
  loadCpuMs: number;
  analyseCpuMs: number;
  peakRssMb: number;
  verdict: string;
  findings: number;
}

const SIZES = [100_000, 1_000_000];
const TARGET_ANALYSE_MS = 3_000;
const TARGET_PEAK_MB = 1_536;

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = mkdtempSync(path.join(os.tmpdir(), 'kit-bench-detect-'));
const results: Figures[] = [];
try {
  for (const size of SIZES) {
    const file = path.join(dir, `bundle-${size}.json`);
    await writeLargeBundle(file, size);
    const mb = statSync(file).size / 1e6;
    const line = execFileSync(process.execPath, [path.join(here, 'measure.js'), file], { encoding: 'utf8', maxBuffer: 1 << 20 });
    const f = JSON.parse(line) as Figures;
    results.push(f);
    const s = (ms: number) => (ms / 1000).toFixed(2);
    process.stdout.write(`${String(size).padStart(9)} trades (${mb.toFixed(0)} MB): load ${s(f.loadMs)} s (cpu ${s(f.loadCpuMs)} s), analyse ${s(f.analyseMs)} s (cpu ${s(f.analyseCpuMs)} s), peak memory ${f.peakRssMb.toFixed(0)} MB (${f.verdict}, ${f.findings} findings)\n`);
    rmSync(file);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const [small, large] = results;
// Wall-clock figures mean little on a busy machine: say how busy it was.
const [load1] = os.loadavg();
if (load1 > os.cpus().length) process.stdout.write(`note: load average ${load1.toFixed(1)} on ${os.cpus().length} cores; wall-clock times are inflated, the cpu times are the work itself\n`);
const perTrade = (f: Figures, ms: number) => ms / f.trades;
const cpuRatio = perTrade(large, large.analyseCpuMs) / perTrade(small, small.analyseCpuMs);
const wallRatio = perTrade(large, large.analyseMs) / perTrade(small, small.analyseMs);
process.stdout.write(`per-trade analysis cost, 1,000,000 vs 100,000: ${cpuRatio.toFixed(2)}x in cpu time, ${wallRatio.toFixed(2)}x in wall-clock time (1.0 = linear)\n`);
const misses = [];
if (large.analyseMs > TARGET_ANALYSE_MS) misses.push(`analysis took ${(large.analyseMs / 1000).toFixed(2)} s (target < 3 s)`);
if (Math.max(small.peakRssMb, large.peakRssMb) > TARGET_PEAK_MB) misses.push(`peak memory ${large.peakRssMb.toFixed(0)} MB (target < 1.5 GB)`);
process.stdout.write(misses.length === 0 ? 'targets met: 1,000,000 trades analysed under 3 s, peak memory under 1.5 GB\n' : `targets missed: ${misses.join('; ')}\n`);
process.exitCode = misses.length === 0 ? 0 : 1;
