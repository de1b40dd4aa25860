// `kit connect`: registration only; the implementation is imported when the command runs.
import { installProcessRedaction } from '../../secrets/redact.js';
import type { RegisterCommand } from './index.js';

export const registerConnect: RegisterCommand = (program, getContext) => {
  program
    .command('connect')
    .description("store an exchange API key after checking its permissions with the exchange (asks, masked, for what is missing)")
    .argument('<exchange>', 'ccxt exchange id, e.g. binance')
    .option('--account <name>', 'account name (default: main)')
    .option('--api-key <key>', 'the API key')
    .option('--secret <secret>', 'the API secret (lands in your shell history: prefer the prompt or --secret-stdin)')
    .option('--secret-stdin', 'read the API secret from standard input')
    .option('--password <passphrase>', 'the API passphrase (OKX, KuCoin, Bitget)')
    .option('--base-url <url>', 'talk to this URL instead of the exchange (the simulator, a proxy)')
    .option('--sandbox', "use the exchange's testnet")
    .option('--allow-withdrawals', 'store the key even though it can withdraw funds (not recommended)')
    .action(async (exchange: string, options: Record<string, string | boolean | undefined>) => {
      installProcessRedaction();
      const { runConnect } = await import('../../check/connect-command.js');
      await runConnect(getContext(), exchange, options);
    });
};
