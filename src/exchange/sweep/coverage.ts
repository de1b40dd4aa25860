// The sweep says what it did not read: history of products the key may trade that this
// exchange's sweep does not cover becomes a named gap in the bundle, with where to get it by hand.
import type { Exchange } from 'ccxt';
import { byHand, productsOutside, type Covered } from '../products.js';
import { isFatal, withRetries } from './runner.js';
import type { SweepStore } from './store.js';
import type { SweepEnv } from './types.js';

export async function recordUnswept(ex: Exchange, store: SweepStore, env: SweepEnv, swept: Covered): Promise<void> {
  const outside = await productsOutside(ex, swept, (call) => withRetries(ex.id, env.clock, env.options.signal, call), isFatal);
  for (const product of outside.products) {
    const why = outside.unknown === undefined
      ? `not swept: this key may trade ${product === 'margin' ? 'on margin' : product}, and kit reads spot history only here`
      : `not swept, and the key's permissions could not be read (${outside.unknown}): if it could trade ${product === 'margin' ? 'on margin' : product}, check that history by hand`;
    await store.addGap(`${product} history`, `${why}; get it from the ${byHand(ex.id, product)}`);
  }
}
