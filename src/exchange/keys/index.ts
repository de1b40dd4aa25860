// The per-exchange key operations and the capability table `kit exchanges` shows.
// No ccxt at module load: these modules only call methods of instances handed to them.
import { binanceKeys } from './binance.js';
import { bybitKeys } from './bybit.js';
import { coinbaseKeys } from './coinbase.js';
import { krakenKeys } from './kraken.js';
import { kucoinKeys } from './kucoin.js';
import { okxKeys } from './okx.js';
import type { Capabilities, KeyOperations } from './types.js';

const OPERATIONS: readonly KeyOperations[] = [binanceKeys, bybitKeys, okxKeys, coinbaseKeys, krakenKeys, kucoinKeys];

export function keyOperationsFor(exchangeId: string): KeyOperations | undefined {
  return OPERATIONS.find((ops) => ops.exchange === exchangeId);
}

export function supportedKeyExchanges(): string[] {
  return OPERATIONS.map((ops) => ops.exchange);
}

export interface CapabilityRow extends Capabilities {
  exchange: string;
  apiManagementUrl: string;
}

export function capabilityTable(): CapabilityRow[] {
  return OPERATIONS.map((ops) => ({ exchange: ops.exchange, apiManagementUrl: ops.apiManagementUrl, ...ops.capabilities }));
}
