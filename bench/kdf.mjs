// Benchmark: the cost of one master-password attempt on the encrypted config (scrypt with kit's
// parameters), against a baseline measured in the same run: one SHA-256 of the same password.
// Runs the built code (npm run build first; `npm run bench:kdf` does both).
// Usage: node bench/kdf.mjs [runs]      (default 7; the median is reported)
import { createHash, randomBytes } from 'node:crypto';

const { deriveKeys, SCRYPT_PARAMS } = await import(new URL('../dist/secrets/kdf.js', import.meta.url).href);

const TARGET_MS = 100;
const runs = Math.max(3, Number(process.argv[2] ?? 7));

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const password = 'a plausible master password';
const salt = randomBytes(16);

// Baseline: one SHA-256, timed over a batch so the clock's resolution does not dominate.
const BATCH = 10_000;
const baseline = [];
for (let i = 0; i < runs; i++) {
  const start = performance.now();
  for (let j = 0; j < BATCH; j++) createHash('sha256').update(password).digest();
  baseline.push((performance.now() - start) / BATCH);
}

await deriveKeys(password, salt); // warm-up: first allocation of scrypt's memory
const kdf = [];
for (let i = 0; i < runs; i++) {
  const start = performance.now();
  await deriveKeys(password, salt);
  kdf.push(performance.now() - start);
}

const kdfMs = median(kdf);
const baseMs = median(baseline);
const memoryMiB = (128 * SCRYPT_PARAMS.r * SCRYPT_PARAMS.N) / 2 ** 20;
console.log(`scrypt N=${SCRYPT_PARAMS.N} (2^${Math.log2(SCRYPT_PARAMS.N)}) r=${SCRYPT_PARAMS.r} p=${SCRYPT_PARAMS.p}, ${memoryMiB} MiB`);
console.log(`key derivation (one password attempt): median ${kdfMs.toFixed(1)} ms over ${runs} runs (min ${Math.min(...kdf).toFixed(1)}, max ${Math.max(...kdf).toFixed(1)})`);
console.log(`baseline, one SHA-256 of the password:  median ${(baseMs * 1000).toFixed(2)} µs`);
console.log(`ratio: one attempt costs ${Math.round(kdfMs / baseMs).toLocaleString('en-US')}x a plain SHA-256`);
if (kdfMs >= TARGET_MS) {
  console.log(`OK: ${kdfMs.toFixed(0)} ms >= ${TARGET_MS} ms per wrong-password attempt`);
} else {
  console.log(`BELOW TARGET: ${kdfMs.toFixed(0)} ms < ${TARGET_MS} ms per attempt; raise N in src/secrets/kdf.ts`);
  process.exitCode = 1;
}
