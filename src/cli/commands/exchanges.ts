// `kit exchanges [--json]`: what kit can do with a key on each exchange through its API,
// and what falls back to a guided manual step on the exchange's own page.
import type { Command } from 'commander';
import type { RegisterCommand } from './index.js';

const COLUMNS = [
  ['permissions', 'perms'],
  ['revokeSelf', 'delete self'],
  ['restrictSelfToIp', 'IP-lock self'],
  ['revokeSubaccountKey', 'delete sub key'],
  ['restrictSubaccountKeyToIp', 'IP-lock sub key'],
  ['createSubaccountKey', 'create sub key'],
  ['verifyDead', 'verify dead'],
] as const;

export const registerExchanges: RegisterCommand = (program: Command, getContext) => {
  program
    .command('exchanges')
    .description('show what kit can do with an API key on each exchange (API or manual step)')
    .action(async () => {
      const ctx = getContext();
      const { capabilityTable } = await import('../../exchange/keys/index.js');
      const rows = capabilityTable();
      if (ctx.json) {
        ctx.out.json({ ok: true, exchanges: rows });
        return;
      }
      const header = ['exchange', ...COLUMNS.map(([, label]) => label)];
      const body = rows.map((row) => [row.exchange, ...COLUMNS.map(([key]) => row[key])]);
      const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
      const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
      ctx.out.line(line(header));
      for (const r of body) ctx.out.line(line(r));
      ctx.out.line();
      ctx.out.line('yes = through the API; manual = a guided step on the exchange\'s page (kit then proves the key dead); no = not possible.');
      for (const row of rows) ctx.out.line(`${row.exchange}: ${row.apiManagementUrl}\n  ${row.notes}`);
    });
};
