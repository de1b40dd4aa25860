// The rules, in the order they run. The withdrawal and recurrence rules read the findings of
// the rules before them, so they come last.
import { burstRule } from './burst.js';
import { clientOrderIdRule } from './client-order-id.js';
import { dormancyRule } from './dormancy.js';
import { liquidateConcentrateRule } from './liquidate-concentrate.js';
import { newMarketRule } from './new-market.js';
import { offPriceRule } from './off-price.js';
import { orderStyleRule } from './order-style.js';
import { recurrenceRule } from './recurrence.js';
import type { Rule } from './rule.js';
import { rushFillsRule } from './rush-fills.js';
import { unusualHoursRule } from './unusual-hours.js';
import { valueDrainRule } from './value-drain.js';
import { withdrawalNewAddressRule } from './withdrawal-new-address.js';

export const RULES: readonly Rule[] = [
  newMarketRule,
  offPriceRule,
  burstRule,
  rushFillsRule,
  liquidateConcentrateRule,
  orderStyleRule,
  clientOrderIdRule,
  unusualHoursRule,
  dormancyRule,
  valueDrainRule,
  withdrawalNewAddressRule,
  recurrenceRule,
];
