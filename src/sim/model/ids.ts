// Id allocation in each exchange's own format. Binance numbers orders and trades per symbol
// (increasing with time, with gaps: other users trade too); Bybit uses 19-digit order ids and
// UUID execution ids. Allocation order follows record time, so `fromId` paging works.
import type { Prng } from '../util/prng.js';
import type { ExchangeId } from '../scenario/schema.js';

export interface IdAllocator {
  orderId(symbol: string): string;
  tradeId(symbol: string): string;
  withdrawalId(): string;
  depositId(): string;
  txId(coin: string): string;
}

/** Where a symbol's order and trade counters start (each drawn from the range). */
interface BinanceIdRanges {
  orders: [number, number];
  trades: [number, number];
}

const SPOT_RANGES: BinanceIdRanges = { orders: [1_000_000_000, 9_000_000_000], trades: [100_000_000, 900_000_000] };
/**
 * USDⓈ-M futures count in their own (larger) ranges: a spot symbol would need millions of records
 * before its counters reached them, so a futures id never equals a spot id.
 */
const USDM_RANGES: BinanceIdRanges = { orders: [10_000_000_000, 90_000_000_000], trades: [1_000_000_000, 9_000_000_000] };

class BinanceIds implements IdAllocator {
  private readonly orders = new Map<string, number>();
  private readonly trades = new Map<string, number>();
  constructor(private readonly prng: Prng, private readonly ranges: BinanceIdRanges = SPOT_RANGES) {}
  private next(counters: Map<string, number>, symbol: string, base: [number, number], gap: number): number {
    const current = counters.get(symbol) ?? this.prng.int(base[0], base[1]);
    const value = current + this.prng.int(1, gap);
    counters.set(symbol, value);
    return value;
  }
  orderId(symbol: string): string {
    return String(this.next(this.orders, symbol, this.ranges.orders, 40));
  }
  tradeId(symbol: string): string {
    return String(this.next(this.trades, symbol, this.ranges.trades, 25));
  }
  withdrawalId(): string {
    return this.prng.hex(32);
  }
  depositId(): string {
    return String(this.prng.int(1, 9)) + String(this.prng.int(0, 1e8)).padStart(8, '0') + String(this.prng.int(0, 1e9)).padStart(9, '0');
  }
  txId(coin: string): string {
    return coin === 'BTC' ? this.prng.hex(64) : '0x' + this.prng.hex(64);
  }
}

class BybitIds implements IdAllocator {
  private order: bigint;
  private withdrawal: number;
  private deposit: number;
  constructor(private readonly prng: Prng) {
    this.order = 1_700_000_000_000_000_000n + BigInt(prng.int(0, 99_999_999)) * 1_000_000_000n;
    this.withdrawal = prng.int(100_000_000, 200_000_000);
    this.deposit = prng.int(150_000_000, 250_000_000);
  }
  orderId(): string {
    this.order += BigInt(this.prng.int(1_000, 900_000));
    return this.order.toString();
  }
  tradeId(): string {
    const h = this.prng.hex(32);
    // A version-4 shaped UUID, as Bybit's execId.
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[parseInt(h[16], 16) % 4]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
  withdrawalId(): string {
    this.withdrawal += this.prng.int(1, 5000);
    return String(this.withdrawal);
  }
  depositId(): string {
    this.deposit += this.prng.int(1, 5000);
    return String(this.deposit);
  }
  txId(coin: string): string {
    return coin === 'BTC' ? this.prng.hex(64) : '0x' + this.prng.hex(64);
  }
}

export function createIdAllocator(exchange: ExchangeId, prng: Prng): IdAllocator {
  return exchange === 'binance' ? new BinanceIds(prng) : new BybitIds(prng);
}

/** Binance USDⓈ-M futures order and trade ids (per symbol, growing with time, apart from spot ids). */
export function createUsdmIdAllocator(prng: Prng): IdAllocator {
  return new BinanceIds(prng, USDM_RANGES);
}
