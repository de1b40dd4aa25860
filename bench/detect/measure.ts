// One measurement in a fresh process (so peak memory is this run's alone): load the bundle
// file, analyse it, print the figures as one JSON line.
import { readBundleFile } from '../../src/detect-io/read-bundle.js';
import { analyze } from '../../src/detect/analyze.js';

const file = process.argv[2];
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const t0 = performance.now();
const c0 = cpuMs();
const bundle = await readBundleFile(file);
const t1 = performance.now();
const c1 = cpuMs();
const result = analyze(bundle);
const t2 = performance.now();
const c2 = cpuMs();
process.stdout.write(
  JSON.stringify({
    trades: bundle.trades.length,
    loadMs: t1 - t0,
    analyseMs: t2 - t1,
    loadCpuMs: c1 - c0,
    analyseCpuMs: c2 - c1,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    heapUsedMb: process.memoryUsage().heapUsed / 1048576,
    verdict: result.verdict.level,
    findings: result.findings.length,
  }) + '\n',
);
