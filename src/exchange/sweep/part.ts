// What every exchange-specific part of the sweep holds: the ccxt instance, the evidence store,
// the driver's environment, and the one way to call the exchange (transient failures retried,
// a dead key stopping the sweep).
import type { Exchange } from 'ccxt';
import { withRetries } from './runner.js';
import type { SweepStore } from './store.js';
import type { SweepEnv } from './types.js';

export abstract class SweepPart {
  constructor(
    protected readonly ex: Exchange,
    protected readonly store: SweepStore,
    protected readonly env: SweepEnv,
  ) {}

  protected retry<T>(call: () => Promise<T>): Promise<T> {
    return withRetries(this.ex.id, this.env.clock, this.env.options.signal, call);
  }
}
