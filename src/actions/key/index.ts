import type { ActionDefinition } from '../types.js';
import { withExchangeWarmup } from '../exchange/common.js';
import { keyPermissionsAction } from './permissions.js';
import { revokeKeyAction } from './revoke.js';
import { verifyRevokedAction } from './verify-revoked.js';

export const keyActions: readonly ActionDefinition[] = withExchangeWarmup([keyPermissionsAction, revokeKeyAction, verifyRevokedAction]);
