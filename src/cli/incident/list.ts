// `kit incidents`: the incidents under $KIT_HOME, newest last, with their state.
import type { CliContext } from '../context.js';
import { listIncidents } from '../../engine/index.js';

export async function incidentsCommand(ctx: CliContext): Promise<void> {
  const incidents = await listIncidents(ctx.kitHome);
  if (ctx.json) return ctx.out.json(incidents);
  if (incidents.length === 0) return ctx.out.line(`No incidents in ${ctx.kitHome}/incidents.`);
  const rows = incidents.map((i) => [
    i.id,
    i.state + (i.waitingFor ? ` (${i.waitingFor})` : '') + (i.journalOk ? '' : ' JOURNAL DOES NOT VERIFY'),
    i.mode ?? '-',
    i.runbook ?? '-',
    i.startedAt ?? '-',
  ]);
  const header = ['INCIDENT', 'STATE', 'MODE', 'RUNBOOK', 'STARTED'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  for (const row of [header, ...rows]) ctx.out.line(row.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd());
}
