// The exchange layer as modules outside exchange/ load it by specifier, at run time, without a
// compile-time dependency: check/key-inspector.ts (`kit connect`, `kit check`, key.reissue)
// calls connect() and keyPermissions(). Without this file those imports fail and no new key can
// be checked. The real work is in gateway.ts and keys/.
import type { Exchange } from 'ccxt';
import { UsageError } from '../errors.js';
import type { Credentials } from '../secrets/types.js';
import { connect as connectGateway, type ConnectOptions } from './gateway.js';
import { keyOperationsFor } from './keys/index.js';
import type { KeyPermissions } from './keys/types.js';

/** The key inspector passes the stored account reference; the gateway wants its name. */
export function connect(exchangeId: string, account: string | { account: string }, credentials: Credentials | undefined, options: ConnectOptions): Promise<Exchange> {
  return connectGateway(exchangeId, typeof account === 'string' ? account : account.account, credentials, options);
}

/** What the connected key may do, from the exchange's own key endpoint. */
export async function keyPermissions(exchange: Exchange): Promise<KeyPermissions> {
  const ops = keyOperationsFor(String(exchange.id));
  if (!ops) throw new UsageError(`kit cannot read key permissions on ${String(exchange.id)}`, { hint: 'Run `kit exchanges` for the exchanges whose keys kit can check.' });
  return ops.permissions(exchange);
}
