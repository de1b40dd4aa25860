#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `npm run build`, run by `prepare`).
import('../dist/cli/main.js').then((m) => m.main(process.argv)).catch((error) => {
  process.stderr.write(`kit: could not start (${error && error.message ? error.message : error}).\nRun \`npm run build\` and try again.\n`);
  process.exit(4);
});
