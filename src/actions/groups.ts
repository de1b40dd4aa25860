// One line per action group. Each group module exports an array of ActionDefinition.
import { detectActions } from './detect/index.js';
import type { ActionDefinition } from './types.js';

export const builtinActionGroups: ReadonlyArray<readonly ActionDefinition[]> = [detectActions];
