// `kit sim`: runs the simulated exchange until Ctrl-C and prints where it listens and the
// credentials of the scenario's keys. Those are fake, simulator-only keys; printing them is the
// point of this command (drills and manual testing need them), so they are labelled as such.
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import type { CliContext } from '../context.js';
import type { RegisterCommand } from './index.js';

interface SimFlags {
  scenario: string;
  port: string;
  admin: boolean;
}

export const registerSimCommand: RegisterCommand = (program: Command, getContext: () => CliContext) => {
  program
    .command('sim')
    .description('run the simulated exchange (Binance and Bybit dialects) seeded by a scenario, until Ctrl-C')
    .requiredOption('-s, --scenario <name|file>', 'a shipped scenario (quiet, compromise, compromise-bybit, large, unrevocable) or a scenario .yaml file')
    .option('-p, --port <port>', 'port to listen on (127.0.0.1 only); 0 picks a free one', '0')
    .option('--admin', 'also serve the admin interface over HTTP under /__kit-sim/', false)
    .action(async (flags: SimFlags) => {
      const ctx = getContext();
      const port = Number(flags.port);
      if (!/^\d{1,5}$/.test(flags.port) || port > 65535) throw new UsageError(`invalid --port "${flags.port}"`, { hint: 'Give a port number from 0 to 65535 (0 picks a free port).' });
      const { runSimCommand } = await import('./sim-run.js');
      await runSimCommand(ctx, { scenario: flags.scenario, port, admin: flags.admin });
    });
};
