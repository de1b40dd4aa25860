// A real ActionContext for exercising actions outside the engine: evidence files on disk with
// their SHA-256, a non-interactive prompter, log lines collected.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ActionContext, EvidenceRecord, OperatorStandIn, Prompter } from '../../../src/actions/types.js';

export interface TestContext extends ActionContext {
  lines: string[];
  recorded: EvidenceRecord[];
}

function recordOf(incidentDir: string, name: string): EvidenceRecord {
  const file = path.join(incidentDir, 'evidence', name);
  const data = fs.readFileSync(file);
  return { path: path.relative(incidentDir, file), sha256: createHash('sha256').update(data).digest('hex'), bytes: data.length };
}

const silentPrompter: Prompter = {
  interactive: false,
  confirm: async () => false,
  input: async () => '',
  password: async () => '',
  select: async () => { throw new Error('no prompts in tests'); },
  checkbox: async () => [],
};

export function testContext(kitHome: string, options: { dryRun: boolean; operator?: OperatorStandIn; incidentId?: string }): TestContext {
  const incidentId = options.incidentId ?? `test-${Math.random().toString(16).slice(2, 8)}`;
  const incidentDir = path.join(kitHome, 'incidents', incidentId);
  fs.mkdirSync(path.join(incidentDir, 'evidence'), { recursive: true });
  const lines: string[] = [];
  const recorded: EvidenceRecord[] = [];
  const ctx: TestContext = {
    incidentId, incidentDir, kitHome, dryRun: options.dryRun, yes: true, signal: new AbortController().signal, stepId: 'step',
    run: { id: incidentId, dryRun: options.dryRun, startedAt: new Date().toISOString() },
    log: (m) => lines.push(m),
    prompter: silentPrompter,
    operator: options.operator,
    settings: {},
    lines,
    recorded,
    evidence: {
      async writeJson(name, value) {
        const file = path.join(incidentDir, 'evidence', name);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, JSON.stringify(value, null, 1));
        const r = recordOf(incidentDir, name);
        recorded.push(r);
        return r;
      },
      async writeText(name, text) {
        const file = path.join(incidentDir, 'evidence', name);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, text);
        const r = recordOf(incidentDir, name);
        recorded.push(r);
        return r;
      },
      pathOf: (name) => path.join(incidentDir, 'evidence', name),
      async record(name) {
        const r = recordOf(incidentDir, name);
        recorded.push(r);
        return r;
      },
    },
  };
  return ctx;
}
