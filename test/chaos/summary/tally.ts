// What each reliability test injected and what survived, gathered for the summary table printed
// at the end of `npm run test:chaos` (./global-setup.ts). Outside the chaos run (the hostile-input
// tests also run in `npm test`) nothing is gathered.
import { appendFileSync } from 'node:fs';
import { inject } from 'vitest';

export interface TallyRow {
  /** The part of the suite: "hostile input", "disk", "crashes", ... */
  area: string;
  /** Faults that hit: kills of a live run, disk failures that stopped one, exchange faults the simulator served, hostile inputs tried. */
  faultsInjected: number;
  /** Incidents brought to their end (run.finished with the expected status), after any resumes. */
  runsCompleted: number;
  /** `kit resume` processes that ran (killed ones included). */
  runsResumed: number;
  /** Journal records or evidence files that were on disk before a fault and missing after it. */
  recordsLost: number;
  /** Mutating requests that reached the exchange more than once for one intended write. */
  duplicateWrites: number;
  /** Occurrences of a simulator key secret (any encoding) in KIT_HOME or in kit's output. */
  secretsLeaked: number;
  /** Lines printed under the table (where the crash test's kills landed, what each disk fault hit). */
  notes?: string[];
}

declare module 'vitest' {
  export interface ProvidedContext {
    chaosTallyFile: string | undefined;
  }
}

export function emptyRow(area: string): TallyRow {
  return { area, faultsInjected: 0, runsCompleted: 0, runsResumed: 0, recordsLost: 0, duplicateWrites: 0, secretsLeaked: 0 };
}

/** Adds one row for the summary (rows of the same area are summed). */
export function recordTally(row: TallyRow): void {
  let file: string | undefined;
  try {
    file = inject('chaosTallyFile');
  } catch {
    file = undefined;
  }
  if (file) appendFileSync(file, JSON.stringify(row) + '\n');
}
