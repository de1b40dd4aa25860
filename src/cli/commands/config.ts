// `kit config`: registration only; the implementation is imported when the command runs.
import type { Command } from 'commander';
import { installProcessRedaction } from '../../secrets/redact.js';
import type { RegisterCommand } from './index.js';

export const registerConfig: RegisterCommand = (program, getContext) => {
  const config: Command = program
    .command('config')
    .description('where kit keeps credentials: show it, or move them to another store')
    .option('--secrets-manager <store>', 'move every stored credential to: env | encrypted | vault | aws')
    .option('--yes', 'do not ask for confirmation (also for encrypt and decrypt)')
    .option('--vault-addr <url>', 'Vault address (else VAULT_ADDR)')
    .option('--vault-namespace <ns>', 'Vault namespace (else VAULT_NAMESPACE)')
    .option('--vault-mount <mount>', 'KV v2 mount (default secret)')
    .option('--vault-path <path>', 'folder under the mount (default kit)')
    .option('--aws-region <region>', 'AWS region (else the SDK default)')
    .option('--aws-prefix <prefix>', 'secret-name prefix (default kit)')
    .option('--aws-endpoint <url>', 'Secrets Manager endpoint (else AWS_ENDPOINT_URL_SECRETS_MANAGER)')
    .action(async (options: Record<string, string | boolean | undefined>) => {
      installProcessRedaction();
      const { runConfig } = await import('../../secrets/config-command.js');
      await runConfig(getContext(), options);
    });
  config
    .command('encrypt')
    .description('move the credentials into the encrypted config ($KIT_HOME/config.json) under a master password')
    .action(async (_options: unknown, command: Command) => {
      installProcessRedaction();
      const { switchStore } = await import('../../secrets/config-command.js');
      await switchStore(getContext(), 'encrypted', { yes: Boolean(command.optsWithGlobals().yes) });
    });
  config
    .command('decrypt')
    .description('move the credentials out of the encrypted config into the .env file')
    .action(async (_options: unknown, command: Command) => {
      installProcessRedaction();
      const { switchStore } = await import('../../secrets/config-command.js');
      await switchStore(getContext(), 'env', { yes: Boolean(command.optsWithGlobals().yes) });
    });
  config
    .command('password')
    .description('re-encrypt the encrypted config under a new master password (KIT_NEW_MASTER_PASSWORD without a terminal)')
    .action(async () => {
      installProcessRedaction();
      const { runPasswordChange } = await import('../../secrets/config-command.js');
      await runPasswordChange(getContext());
    });
};
