// `kit journal verify <incident>`: exit 0 when every record is intact (a torn last line from a
// crash is reported but is not tampering), 1 when a record was edited, removed or reordered.
import path from 'node:path';
import { RunFailedError } from '../../errors.js';
import type { CliContext } from '../context.js';
import { openIncident, verifyJournal } from '../../engine/index.js';

async function journalFileOf(ctx: CliContext, target: string): Promise<{ file: string; label: string }> {
  if (target.endsWith('.jsonl')) return { file: path.resolve(target), label: target };
  const incident = await openIncident(ctx.kitHome, target);
  return { file: incident.journal, label: `incident ${incident.id}` };
}

export async function journalVerifyCommand(ctx: CliContext, target: string): Promise<void> {
  const { file, label } = await journalFileOf(ctx, target);
  const result = await verifyJournal(file);
  const summary = { ok: result.ok, file, records: result.records.length, problems: result.problems, torn: result.torn };
  if (ctx.json) {
    ctx.out.json(summary);
  } else {
    for (const p of result.problems) ctx.out.line(`${file}:${p.line} ${p.kind}: ${p.message}`);
    if (result.torn) ctx.out.line(`${file}:${result.torn.line} torn: the last line (${result.torn.bytes} bytes) was cut by a crash in the middle of a write; \`kit resume\` removes it`);
    if (result.ok) ctx.out.line(`The journal of ${label} verifies: ${result.records.length} records, hash chain intact.`);
  }
  if (!result.ok) {
    if (ctx.json) {
      process.exitCode = 1;
      return;
    }
    throw new RunFailedError(`the journal of ${label} does not verify: ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}`, {
      hint: 'Keep the incident folder as it is (it is evidence) and find out who changed the file.',
    });
  }
}
