// Detection actions for runbooks.
import type { ActionDefinition } from '../types.js';
import { activityFlag } from './activity-flag.js';

export const detectActions: readonly ActionDefinition[] = [activityFlag];
