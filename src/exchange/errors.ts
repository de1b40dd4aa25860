// Errors the exchange layer raises itself (as opposed to ccxt's errors, which classify.ts reads).
import { ExitCode, KitError, type KitErrorOptions } from '../errors.js';

/** The gateway refused a mutating request because the run is a dry run. */
export class DryRunViolation extends KitError {
  readonly method: string;
  readonly endpoint: string;
  constructor(exchangeId: string, account: string, method: string, endpoint: string) {
    super(`dry run: refused ${method} ${endpoint} on ${exchangeId}/${account} (it would change something at the exchange)`, ExitCode.failed, {
      hint: 'Nothing was sent. Run without --dry-run to act for real.',
      details: { exchange: exchangeId, account, method, endpoint },
    });
    this.method = method;
    this.endpoint = endpoint;
  }
}

/** The credential needed for a call is not there locally: no request was sent. */
export class MissingCredentialsError extends KitError {
  constructor(message: string, options: KitErrorOptions = {}) {
    super(message, ExitCode.usage, options);
  }
}
