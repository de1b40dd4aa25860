// The Bybit route table's types.
import type { SimWorld } from '../model/world.js';
import type { SimState } from '../model/state.js';
import type { SimKey } from '../model/types.js';
import type { Params, SimRequest } from '../server/request.js';

export interface BybitCall {
  request: SimRequest;
  /** Query parameters (GET) or the JSON body's top-level fields (POST), as strings. */
  params: Params;
  /** The parsed JSON body of a POST ({} for GET). */
  body: Record<string, unknown>;
  world: SimWorld;
  state: SimState;
  now: number;
  key: SimKey;
}

export interface BybitRoute {
  method: 'GET' | 'POST';
  path: string;
  signed: boolean;
  /** Per-UID requests per second (the documented endpoint limit), or per minute with perMinute. */
  limit?: number;
  perMinute?: boolean;
  mutating?: boolean;
  /** 'trade' = Spot SpotTrade; 'key-admin' = one of AccountTransfer/SubMemberTransfer/Withdraw; 'master' = master account key. */
  needs?: Array<'trade' | 'key-admin' | 'master'>;
  handle(call: BybitCall): unknown;
}
