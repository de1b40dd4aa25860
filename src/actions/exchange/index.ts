import type { ActionDefinition } from '../types.js';
import { cancelAllOrdersAction } from './cancel-all.js';
import { withExchangeWarmup } from './common.js';
import { fetchActivityAction } from './fetch-activity.js';
import { snapshotAction } from './snapshot.js';

export const exchangeActions: readonly ActionDefinition[] = withExchangeWarmup([snapshotAction, cancelAllOrdersAction, fetchActivityAction]);
