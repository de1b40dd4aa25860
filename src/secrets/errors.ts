// The errors of the encrypted config. A wrong password and a damaged or edited file are told
// apart (the key check says whether the password is right before GCM checks the contents).
import { ExitCode, KitError, type KitErrorOptions } from '../errors.js';

export class WrongPasswordError extends KitError {
  constructor(file: string, options: KitErrorOptions = {}) {
    super(`wrong master password for ${file}`, ExitCode.usage, {
      hint: 'Type the password again (check the keyboard layout and Caps Lock), or set KIT_MASTER_PASSWORD. Nothing was changed.',
      ...options,
    });
  }
}

export class TamperedConfigError extends KitError {
  constructor(file: string, what: string, options: KitErrorOptions = {}) {
    super(`${file} has been damaged or modified (${what}); kit will not use it`, ExitCode.usage, {
      hint: `The password is right, but the file is not what kit wrote. Restore ${file}.bak (or your own backup), or reconnect the keys with \`kit connect\`. Nothing was changed.`,
      ...options,
    });
  }
}

export class NewerConfigVersionError extends KitError {
  constructor(file: string, version: number, supported: number, options: KitErrorOptions = {}) {
    super(`${file} was written by a newer kit (format version ${version}; this kit reads up to version ${supported})`, ExitCode.usage, {
      hint: 'Upgrade kit (npm install -g kit-ir@latest) and run the command again. Nothing was changed.',
      ...options,
    });
  }
}
