import type { z } from 'zod';
import type { ActionDefinition } from '../../src/actions/types.js';

export declare function defineTestActions(deps: { z: typeof z; secret: <T extends z.ZodType>(schema: T) => T; durationPattern: RegExp }): ActionDefinition[];
