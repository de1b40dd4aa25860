// `kit incident`: the emergency wizard. Registration only; the wizard (src/wizard/) is imported
// when the command runs, so `kit --help` never loads inquirer, listr2 or ccxt.
import type { Command } from 'commander';
import type { RegisterCommand } from './index.js';

export const registerIncidentWizard: RegisterCommand = (program: Command, getContext) => {
  program
    .command('incident')
    .description('Respond to a leaked key, step by step: asks what it must, shows the plan, asks once, runs it')
    .option('--accounts <list>', 'affected accounts, exchange/account comma-separated (e.g. binance/main,bybit/main)')
    .option('--exchange <id>', 'the affected exchange (one account; with --account)')
    .option('--account <name>', 'the affected account on --exchange (default: main)')
    .option('--since <when>', 'when the trouble started: 72h, 90m, yesterday 14:00, an ISO time (default: 72h)')
    .option('--runbook <name|file>', 'the runbook to run (default: key-compromise)')
    .option('--reader <exchange/account>', 'a read-only account kit may use to pull the evidence once the leaked key is dead')
    .option('--notify-to <address>', 'e-mail address for the incident notice')
    .option('-i, --input <name=value>', 'any other runbook input (repeat for each)', (value: string, previous: string[]) => [...previous, value], [] as string[])
    .option('-y, --yes', 'approve the plan without asking (needed without a terminal)', false)
    .option('--dry-run', 'read for real, plan the changes without making them', false)
    .addHelpText('after', '\nWithout a terminal kit incident never waits: give --accounts and --yes (or --dry-run).\nCtrl-C stops the run safely; kit prints the `kit resume <incident>` command that continues it.')
    .action(async (flags: { accounts?: string; exchange?: string; account?: string; since?: string; runbook?: string; reader?: string; notifyTo?: string; input: string[]; yes: boolean; dryRun: boolean }) => {
      const { runWizard } = await import('../../wizard/run-wizard.js');
      await runWizard(getContext(), flags);
    });
};
