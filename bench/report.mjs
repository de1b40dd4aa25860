#!/usr/bin/env node
// Run with `npm run bench:report` (it builds first): Node 20 has no TypeScript loader, so the
// benchmark itself is compiled from src/bench/report-bench.ts into dist/.
import { runReportBench } from '../dist/bench/report-bench.js';

process.exitCode = await runReportBench();
