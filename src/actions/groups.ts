// One line per action group. Each group module exports an array of ActionDefinition.
// One import per line and one entry per line: this file merges with git's union driver.
import type { ActionDefinition } from './types.js';
import { coreActions } from './core/index.js';
import { detectActions } from './detect/index.js';
import { exchangeActions } from './exchange/index.js';
import { keyActions } from './key/index.js';
import { keyReissueActions } from './key-reissue/index.js';
import { notifyActions } from './notify/index.js';
import { reportActions } from './report/index.js';

export const builtinActionGroups: ReadonlyArray<readonly ActionDefinition[]> = [
  coreActions,
  detectActions,
  exchangeActions,
  keyActions,
  keyReissueActions,
  notifyActions,
  reportActions,
];
