// Cold start of the CLI: `kit --help` and `kit runbook lint <runbook>` beside `node -e 0`, the
// baseline measured in the same run. Prints the median of N runs of each, the ratio to the
// baseline, and whether ccxt or listr2 was loaded. Target: under 250 ms on this machine.
//   npm run bench:cli-start            (builds first)
//   node bench/cli-start.mjs [runs]    (uses the current dist/)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadedPackage } from './record-imports.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const runs = Number(process.argv[2] ?? process.env.BENCH_RUNS ?? 15);
const TARGET_MS = 250;

function shippedOrFixtureRunbook() {
  const shipped = path.join(root, 'runbooks');
  const first = existsSync(shipped) ? readdirSync(shipped).filter((f) => /\.ya?ml$/.test(f)).sort()[0] : undefined;
  return first ? path.join('runbooks', first) : path.join('bench', 'lint-sample.yaml');
}

function timeOnce(args, env = {}) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', env: { ...process.env, ...env } });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { ms, status: result.status };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function heavyLoaded(args) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kit-bench-'));
  const record = path.join(dir, 'imports.txt');
  try {
    timeOnce(['--import', './bench/record-imports.mjs', ...args], { KIT_RECORD_IMPORTS: record });
    const recorded = readFileSync(record, 'utf8');
    return ['ccxt', 'listr2'].filter((name) => loadedPackage(recorded, name));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (!existsSync(path.join(root, 'dist', 'cli', 'main.js'))) {
  console.error('dist/ is missing: run `npm run build` (or `npm run bench:cli-start`).');
  process.exit(2);
}

const runbook = shippedOrFixtureRunbook();
const cases = [
  { name: 'node -e 0 (baseline)', args: ['-e', '0'] },
  { name: 'kit --help', args: ['bin/kit.js', '--help'], cli: true },
  { name: `kit runbook lint ${runbook}`, args: ['bin/kit.js', 'runbook', 'lint', runbook], cli: true },
];

// Warm the file-system cache once, then interleave the cases so that drift hits all alike.
for (const c of cases) timeOnce(c.args);
const times = new Map(cases.map((c) => [c.name, []]));
const statuses = new Map();
for (let i = 0; i < runs; i++) {
  for (const c of cases) {
    const { ms, status } = timeOnce(c.args);
    times.get(c.name).push(ms);
    statuses.set(c.name, status);
  }
}

const baseline = median(times.get(cases[0].name));
console.log(`cold start, median of ${runs} runs (node ${process.version}, ${os.cpus().length} cpus)`);
let overTarget = false;
for (const c of cases) {
  const m = median(times.get(c.name));
  const parts = [`${c.name.padEnd(58)} ${m.toFixed(1).padStart(7)} ms`, `x${(m / baseline).toFixed(2)} baseline`];
  if (c.cli) {
    const heavy = heavyLoaded(c.args);
    parts.push(`exit ${statuses.get(c.name)}`, heavy.length ? `LOADED ${heavy.join(', ')}` : 'ccxt not loaded, listr2 not loaded');
    parts.push(m < TARGET_MS ? `under ${TARGET_MS} ms` : `OVER ${TARGET_MS} ms`);
    if (m >= TARGET_MS || heavy.length) overTarget = true;
  }
  console.log(parts.join('  '));
}
if (statuses.get(cases[2].name) !== 0) console.log(`(lint exits ${statuses.get(cases[2].name)}: ${runbook} has lint errors here; the start-up cost is measured all the same)`);
process.exitCode = overTarget ? 1 : 0;
