// `kit runbook lint|list|show`. Registration only: the implementation is imported inside each
// action, so that `kit --help` loads nothing but commander.
import type { RegisterCommand } from './index.js';

export const registerRunbookCommands: RegisterCommand = (program, getContext) => {
  const runbook = program.command('runbook').description('check, list and explain runbooks');

  runbook
    .command('lint')
    .description('check runbook files: YAML, schema, actions, inputs and expressions (exit 2 on any error)')
    .argument('<files...>', 'runbook files (or names of installed runbooks)')
    .addHelpText('after', '\nEach problem is printed as file:line:col field.path: message. Warnings do not fail the check.')
    .action(async (files: string[]) => {
      const { runbookLint } = await import('./runbook-impl.js');
      await runbookLint(files, getContext());
    });

  runbook
    .command('list')
    .description('list the shipped runbooks and your own ($KIT_HOME/runbooks)')
    .action(async () => {
      const { runbookList } = await import('./runbook-impl.js');
      await runbookList(getContext());
    });

  runbook
    .command('show')
    .description('show a runbook: its inputs, and each step with its effect and what a dry run would do')
    .argument('<runbook>', 'a runbook name or file')
    .action(async (nameOrFile: string) => {
      const { runbookShow } = await import('./runbook-impl.js');
      await runbookShow(nameOrFile, getContext());
    });
};
