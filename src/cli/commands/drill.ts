// `kit drill` (a scored key-compromise drill on the built-in simulator, or a testnet) and
// `kit drill schedule --cron` (the same on a schedule). Registration only; the simulator, engine
// and croner load when a drill runs.
import { Option, type Command } from 'commander';
import type { CliContext } from '../context.js';

export interface DrillFlags {
  scenario: string;
  runbook: string;
  target: 'sim' | 'testnet';
  out?: string;
  since?: string;
  maxContainSeconds?: string;
  minPrecision?: string;
  minRecall?: string;
  minEvidence?: string;
  exchange?: string;
  account?: string;
  allowWrites?: boolean;
}

function addDrillOptions(command: Command): Command {
  return command
    .option('--scenario <name|file>', 'simulator scenario (shipped: quiet, compromise, compromise-bybit, large, unrevocable)', 'compromise')
    .option('--runbook <name|file>', 'runbook to drill', 'key-compromise')
    .addOption(new Option('--target <target>', 'the built-in simulator, or an exchange testnet').choices(['sim', 'testnet']).default('sim'))
    .option('--out <dir>', 'drill folder (default $KIT_HOME/drills/<drill-id>)')
    .option('--since <duration>', 'how far back the trouble may have started (default: the scenario\'s, else 72h)')
    .option('--max-contain-seconds <n>', 'pass only if contained within n seconds')
    .option('--min-precision <0..1>', 'pass only with detection precision at least this')
    .option('--min-recall <0..1>', 'pass only with detection recall at least this')
    .option('--min-evidence <0..1>', 'pass only with this share of seeded records retrieved')
    .option('--exchange <id>', 'testnet only: binance or bybit')
    .option('--account <name>', 'testnet only: the stored account holding your testnet key', 'testnet')
    .option('--allow-writes', 'testnet only: let the drill cancel orders and revoke the testnet key (read-only otherwise)', false);
}

export function registerDrill(program: Command, getContext: () => CliContext): void {
  const drill = addDrillOptions(program
    .command('drill')
    .description('run a scored key-compromise drill against the built-in simulated exchange (default) or a testnet'))
    .addHelpText('after', `
Exit codes: 0 the drill passed, 1 it failed (the report says which check), 2 bad flags or scenario.
Examples:
  kit drill                                   full drill of key-compromise on the simulator
  kit drill --scenario unrevocable            a drill that must fail: the key cannot be revoked
  kit drill schedule --cron "0 9 * * 1"       every Monday at 09:00, in the foreground`)
    .action(async (flags: DrillFlags) => {
      const { runDrillCommand } = await import('../../drill/drill-command.js');
      await runDrillCommand(getContext(), flags);
    });
  addDrillOptions(drill
    .command('schedule')
    .description('run drills on a cron schedule in the foreground (no overlapping runs; missed runs reported)')
    .requiredOption('--cron <expression>', 'cron expression, e.g. "0 9 * * 1" (Mondays 09:00)')
    .option('--timezone <tz>', 'IANA time zone for the cron expression (default: local)')
    .option('--runs <n>', 'stop after n drills'))
    .action(async (flags: DrillFlags & { cron: string; timezone?: string; runs?: string }) => {
      const { runDrillSchedule } = await import('../../drill/drill-command.js');
      await runDrillSchedule(getContext(), flags);
    });
}
