// Turning ccxt's network failures into kit's typed errors (exit code 5, what to check), so a
// wrong base URL or an unreachable exchange reads as such rather than as a stack trace.
import { isKitError, UnavailableError } from '../errors.js';
import { explainError } from './classify.js';
import { scrubSignatures } from './gateway.js';

export function toUserError(error: unknown, exchangeId: string, baseUrl?: string): unknown {
  if (isKitError(error)) return error;
  const explained = explainError(error, { exchange: exchangeId });
  if (explained.kind !== 'transient') return error;
  const where = baseUrl ? ` at ${baseUrl}` : '';
  const message = error instanceof Error ? scrubSignatures(error.message).slice(0, 240) : String(error);
  return new UnavailableError(`${exchangeId} did not answer${where} (${explained.errorClass}: ${message})`, {
    hint: baseUrl ? 'Check that the base URL is right and the service runs there (for the simulator: kit sim).' : 'Check the network, or try again in a minute: kit already retried.',
    cause: error,
    details: { exchange: exchangeId, errorClass: explained.errorClass },
  });
}
