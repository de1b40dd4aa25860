// `KIT_RECORD_IMPORTS=<file> node --import ./bench/record-imports.mjs bin/kit.js ...` writes
// every module the process loads into <file>, one URL or path a line: ES modules through a
// resolve hook, CommonJS modules from the require cache at exit. Used to prove that
// `kit --help` and `kit runbook lint` never load ccxt or listr2 (test/cli and bench/cli-start).
import { appendFileSync, writeFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const out = process.env.KIT_RECORD_IMPORTS;
if (out) {
  writeFileSync(out, '');
  register('./record-imports-hooks.mjs', import.meta.url, { data: { out } });
  process.on('exit', () => {
    const cache = createRequire(import.meta.url).cache;
    appendFileSync(out, Object.keys(cache).map((f) => `${f}\n`).join(''));
  });
}

/** Whether a recorded list names a package (`ccxt`, `listr2`) from node_modules. */
export function loadedPackage(recorded, name) {
  return recorded.split('\n').some((line) => line.includes(`/node_modules/${name}/`));
}
