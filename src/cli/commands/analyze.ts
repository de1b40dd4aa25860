// `kit analyze <bundle.json>`: registration only; the work is imported when the command runs.
import type { RegisterCommand } from './index.js';

export const ANALYZE_EXIT_CODES = `
Exit codes:
  0  no compromise suspected (the activity is clean, or only suspicious)
  1  a compromise is suspected: contain the key now (kit incident)
  2  the bundle or the config is not valid (the error names the record)`;

export const registerAnalyze: RegisterCommand = (program, getContext) => {
  program
    .command('analyze')
    .description('flag unauthorized activity in an activity bundle: a verdict, the findings, the flagged trades')
    .argument('<bundle>', 'activity bundle (JSON) written by exchange.fetch-activity, or by hand (see the README)')
    .option('--config <file>', "YAML or JSON detection config laid over the bundle's own (prefixes, allow-list, operator symbols, thresholds)")
    .addHelpText('after', `${ANALYZE_EXIT_CODES}\n\nWith --json, prints the analysis (verdict, findings, a label per trade, order and withdrawal).`)
    .action(async (bundle: string, options: { config?: string }) => {
      const { runAnalyze } = await import('../analyze/run-analyze.js');
      await runAnalyze(getContext(), bundle, options);
    });
};
