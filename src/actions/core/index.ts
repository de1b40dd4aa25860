// The actions that need no exchange: manual steps, notes, waiting.
import type { ActionDefinition } from '../types.js';
import { logNote } from './log-note.js';
import { manualChecklist } from './manual-checklist.js';
import { manualConfirm } from './manual-confirm.js';
import { wait } from './wait.js';

export const coreActions: readonly ActionDefinition[] = [manualConfirm, manualChecklist, logNote, wait];
