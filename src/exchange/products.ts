// Products a key may trade beyond what kit reads or cancels there. Binance keys can be allowed
// futures and margin, whose orders and history live on other endpoints than spot; kit works on
// spot there (and on Bybit's contract categories only when their markets are loaded). Where a
// key may trade such a product, kit says so and where to look by hand, instead of letting
// "no open orders" or "complete history" read as covering it. Judged from the key's own
// permissions: a spot-only key gets no such note.
import type { Exchange } from 'ccxt';
import { errorText } from './sweep/runner.js';
import { keyOperationsFor } from './keys/index.js';
import type { KeyPermissions } from './keys/types.js';

export type Product = 'futures' | 'margin';

/** Which products a piece of kit work covered on this exchange. */
export type Covered = Record<Product, boolean>;

export interface OutsideProducts {
  /** Products the key may trade that the work did not cover. */
  products: Product[];
  /** Set when the key's permissions could not be read: `products` then lists every uncovered one. */
  unknown?: string;
}

/** Where the exchange's own website shows what the API work did not cover. */
const BY_HAND: Record<string, Partial<Record<Product, string>>> = {
  binance: {
    futures: 'Binance website: Orders / Futures Order (USDⓈ-M and COIN-M: open orders, order history, trade history, with Export)',
    margin: 'Binance website: Orders / Margin Order (cross and isolated: open orders, order history, trade history, with Export)',
  },
  bybit: {
    futures: 'Bybit website: Orders / Derivatives Order (open orders, order history, trade history, with Export)',
  },
};

export function byHand(exchangeId: string, product: Product): string {
  return BY_HAND[exchangeId]?.[product] ?? "the exchange's website";
}

type Read = <T>(call: () => Promise<T>) => Promise<T>;

const asked = new WeakMap<Exchange, Promise<KeyPermissions>>();

/**
 * The key's permissions, asked once per instance (one run's steps share it); a failed read is
 * not kept, so the next caller asks again. Undefined where kit cannot read them on this exchange.
 */
export function keyPermissions(ex: Exchange, read: Read = (call) => call()): Promise<KeyPermissions> | undefined {
  const ops = keyOperationsFor(ex.id);
  if (!ops) return undefined;
  let pending = asked.get(ex);
  if (!pending) {
    pending = read(() => ops.permissions(ex));
    asked.set(ex, pending);
    pending.catch(() => asked.delete(ex));
  }
  return pending;
}

/**
 * The products outside `covered` that this key may trade. `read` wraps the permissions request
 * (the sweep retries it; a fatal error from it is rethrown).
 */
export async function productsOutside(ex: Exchange, covered: Covered, read?: Read, isFatal: (error: unknown) => boolean = () => false): Promise<OutsideProducts> {
  const uncovered = (['futures', 'margin'] as const).filter((p) => !covered[p]);
  if (uncovered.length === 0) return { products: [] };
  const pending = keyPermissions(ex, read);
  if (!pending) return { products: [] };
  try {
    const permissions = await pending;
    return { products: uncovered.filter((p) => permissions[p] === true) };
  } catch (error) {
    if (isFatal(error)) throw error;
    return { products: uncovered, unknown: errorText(error) };
  }
}
