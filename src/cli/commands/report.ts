// `kit report <incident>`: renders the post-incident report from the journal and evidence.
// Registration only; the renderer (and Handlebars) load when the command runs.
import { Option, type Command } from 'commander';
import type { CliContext } from '../context.js';

export interface ReportCommandOptions {
  format: 'md' | 'html' | 'json' | 'all';
  out?: string;
  templates?: string;
}

export function registerReportCommand(program: Command, getContext: () => CliContext): void {
  program
    .command('report')
    .description('write the post-incident report (Markdown, self-contained HTML, JSON) from an incident\'s journal and evidence')
    .argument('<incident>', 'incident id (a folder under $KIT_HOME/incidents) or a path to an incident folder')
    .addOption(new Option('--format <format>', 'which format to write').choices(['md', 'html', 'json', 'all']).default('all'))
    .option('--out <path>', 'a file (one format) or a folder (default: the incident folder, as report.<ext>)')
    .option('--templates <dir>', 'your own copies of the templates (missing files fall back to the built-in ones)')
    .addHelpText('after', '\nThe report is written with mode 0600: it holds account activity.\nExamples:\n  kit report 20250307T1504Z-key-compromise-a1b2\n  kit report 20250307T1504Z-key-compromise-a1b2 --format html --out /tmp/incident.html')
    .action(async (incident: string, options: ReportCommandOptions) => {
      const { runReportCommand } = await import('../../report/report-command.js');
      await runReportCommand(getContext(), incident, options);
    });
}
