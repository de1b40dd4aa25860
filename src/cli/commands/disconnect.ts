// `kit disconnect`: registration only; the implementation is imported when the command runs.
import { installProcessRedaction } from '../../secrets/redact.js';
import type { RegisterCommand } from './index.js';

export const registerDisconnect: RegisterCommand = (program, getContext) => {
  program
    .command('disconnect')
    .description('remove stored credentials (the key itself must still be deleted on the exchange)')
    .argument('<exchange>', 'ccxt exchange id, e.g. binance')
    .option('--account <name>', 'account name (default: main)')
    .action(async (exchange: string, options: { account?: string }) => {
      installProcessRedaction();
      const { runDisconnect } = await import('../../check/disconnect-command.js');
      await runDisconnect(getContext(), exchange, options);
    });
};
