// Commands that run and look after incidents: run, resume, approve, incidents, journal verify.
// Registration only; each implementation is imported when its command runs.
import type { Command } from 'commander';
import type { RegisterCommand } from './index.js';

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export const registerIncidentCommands: RegisterCommand = (program: Command, getContext) => {
  program
    .command('run')
    .description('Run a runbook as a new incident (a shipped or $KIT_HOME runbook name, or a file)')
    .argument('<runbook>', 'runbook name or file')
    .option('-i, --input <name=value>', 'a runbook input (repeat for each; a list takes a,b,c)', collect, [])
    .option('--dry-run', 'read for real, plan writes and notifications without doing them', false)
    .option('-y, --yes', 'approve every step and proceed without asking', false)
    .option('--sim-operator <admin-url>', 'against `kit sim --admin`: the simulator plays the operator in manual steps (deletes keys on its "web page", hands over new keys)')
    .action(async (runbook: string, opts: { input: string[]; dryRun: boolean; yes: boolean; simOperator?: string }) => {
      const { runCommand } = await import('../incident/run.js');
      await runCommand(getContext(), runbook, opts);
    });

  program
    .command('resume')
    .description('Continue an incident after a crash, an interrupt or an approval')
    .argument('<incident>', 'incident id (see `kit incidents`)')
    .option('-i, --input <name=value>', 'a secret input again (kit never stores secrets)', collect, [])
    .option('-y, --yes', 'approve every remaining step and proceed without asking', false)
    .option('--sim-operator <admin-url>', 'against `kit sim --admin`: the simulator plays the operator in manual steps')
    .action(async (incident: string, opts: { input: string[]; yes: boolean; simOperator?: string }) => {
      const { resumeCommand } = await import('../incident/run.js');
      await resumeCommand(getContext(), incident, opts);
    });

  program
    .command('approve')
    .description('Approve a step an incident waits for; then `kit resume` runs it')
    .argument('<incident>', 'incident id')
    .argument('<step>', 'step id')
    .action(async (incident: string, step: string) => {
      const { approveCommand } = await import('../incident/approve.js');
      await approveCommand(getContext(), incident, step);
    });

  program
    .command('incidents')
    .description('List incidents with their state')
    .action(async () => {
      const { incidentsCommand } = await import('../incident/list.js');
      await incidentsCommand(getContext());
    });

  program
    .command('journal')
    .description('Incident journals')
    .command('verify')
    .description('Check an incident journal: every record, its hash chain and order')
    .argument('<incident>', 'incident id (or a path to a journal.jsonl)')
    .action(async (incident: string) => {
      const { journalVerifyCommand } = await import('../incident/journal-verify.js');
      await journalVerifyCommand(getContext(), incident);
    });
};
