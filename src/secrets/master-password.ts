// Where the master password of the encrypted config comes from: KIT_MASTER_PASSWORD (for
// scripts; KIT_NEW_MASTER_PASSWORD for `kit config password`), else a masked prompt. The prompt
// comes from prompts.ts, loaded only when a person is asked.
import { UsageError } from '../errors.js';
import { registerSecret } from './redact.js';

import { askMasked, type AskSecret } from './prompts.js';

export type { AskSecret };

export const MIN_MASTER_PASSWORD_LENGTH = 10;

export type PasswordPurpose = 'unlock' | 'new';
export type PasswordSource = (purpose: PasswordPurpose) => Promise<string>;

export interface MasterPasswordOptions {
  env?: NodeJS.ProcessEnv;
  /** Whether a person can be asked. */
  interactive: boolean;
  ask?: AskSecret;
  /** The variable to read: KIT_MASTER_PASSWORD, or KIT_NEW_MASTER_PASSWORD for a password change. */
  variable?: 'KIT_MASTER_PASSWORD' | 'KIT_NEW_MASTER_PASSWORD';
}

export function masterPasswordSource(options: MasterPasswordOptions): PasswordSource {
  const env = options.env ?? process.env;
  const variable = options.variable ?? 'KIT_MASTER_PASSWORD';
  const ask = options.ask ?? askMasked;
  return async (purpose) => {
    const fromEnv = env[variable];
    if (fromEnv !== undefined && fromEnv !== '') {
      registerSecret(fromEnv);
      if (purpose === 'new') checkStrength(fromEnv, variable);
      return fromEnv;
    }
    if (!options.interactive) {
      throw new UsageError(`the encrypted config needs its master password, and there is no terminal to ask it in`, {
        hint: `Set ${variable} in the environment of this command, or run it in a terminal.`,
      });
    }
    if (purpose === 'unlock') {
      const password = await ask('Master password for the kit config:');
      registerSecret(password);
      return password;
    }
    const first = await ask(variable === 'KIT_NEW_MASTER_PASSWORD' ? 'New master password:' : 'Choose a master password:');
    registerSecret(first);
    checkStrength(first, 'the master password');
    const again = await ask('Type it again:');
    if (again !== first) throw new UsageError('the two passwords differ; nothing was changed', { hint: 'Run the command again and type the same password twice.' });
    return first;
  };
}

function checkStrength(password: string, what: string): void {
  if (password.length < MIN_MASTER_PASSWORD_LENGTH) {
    throw new UsageError(`${what} is too short (${password.length} characters; at least ${MIN_MASTER_PASSWORD_LENGTH})`, {
      hint: 'Use a long passphrase: several unrelated words are easy to type and hard to guess.',
    });
  }
}
