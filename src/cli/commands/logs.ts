// `kit logs`: registration only; the implementation is imported when the command runs.
import { installProcessRedaction } from '../../secrets/redact.js';
import type { RegisterCommand } from './index.js';

export const registerLogs: RegisterCommand = (program, getContext) => {
  program
    .command('logs')
    .description('show the audit log: API requests, failed authentication, incidents and config changes, with unusual patterns')
    .option('--type <type>', 'api | auth (failed authentication attempts) | incident | config')
    .option('--days <n>', 'how many days back (default 7)')
    .option('--exchange <id>', 'only this exchange')
    .option('--limit <n>', 'at most this many lines in the table (default 200; --json shows all)')
    .action(async (options: { type?: string; days?: string; exchange?: string; limit?: string }) => {
      installProcessRedaction();
      const { runLogs } = await import('../../audit/logs-command.js');
      await runLogs(getContext(), options);
    });
};
