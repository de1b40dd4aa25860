// One line per action group. Each group module exports an array of ActionDefinition.
import type { ActionDefinition } from './types.js';
import { keyReissueActions } from './key-reissue/index.js';

export const builtinActionGroups: ReadonlyArray<readonly ActionDefinition[]> = [
  keyReissueActions,
];
