// `kit check`: registration only; the implementation is imported when the command runs.
import { installProcessRedaction } from '../../secrets/redact.js';
import type { RegisterCommand } from './index.js';

export const registerCheck: RegisterCommand = (program, getContext) => {
  program
    .command('check')
    .description('the security checklist: .env and git, leaked keys, withdrawal and IP restrictions, 2FA, file permissions, backups, key age (exit 1 when a required item fails)')
    .option('--fix', 'repair what is safe to repair: file permissions to 0600, .env into .gitignore')
    .action(async (options: { fix?: boolean }) => {
      installProcessRedaction();
      const { runCheck } = await import('../../check/run-check.js');
      await runCheck(getContext(), options);
    });
};
