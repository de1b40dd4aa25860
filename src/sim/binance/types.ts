// The Binance route table's types.
import type { SimWorld } from '../model/world.js';
import type { SimState } from '../model/state.js';
import type { SimKey } from '../model/types.js';
import type { Params, SimRequest } from '../server/request.js';
import type { BinanceLimiter, WeightPool } from './limits.js';

export interface BinanceCall {
  request: SimRequest;
  params: Params;
  world: SimWorld;
  state: SimState;
  /** Server time, ms. */
  now: number;
  /** The authenticated key (signed routes only). */
  key: SimKey;
  limiter: BinanceLimiter;
}

export interface BinanceRoute {
  method: 'GET' | 'POST' | 'DELETE' | 'PUT';
  path: string;
  signed: boolean;
  weight: number | ((params: Params) => number);
  /** 'none' for hosts with their own limits the sim does not model (dapi). */
  pool: WeightPool | 'none';
  mutating?: boolean;
  /** Permission the key needs beyond reading; 'master' = a master-account key; 'futures' = enableFutures. */
  needs?: Array<'trade' | 'withdraw' | 'master' | 'futures'>;
  /** Counts toward the ORDERS limit. */
  placesOrder?: boolean;
  /** A per-second request cap for this endpoint. */
  perSecond?: number;
  handle(call: BinanceCall): unknown;
}
