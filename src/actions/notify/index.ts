// The notification actions. Their modules import nodemailer and fetch helpers only inside
// run/plan, so loading the registry stays cheap.
import type { ActionDefinition } from '../types.js';
import { notifyEmail } from './email.js';
import { notifyWebhook } from './webhook.js';

export const notifyActions: readonly ActionDefinition[] = [notifyEmail, notifyWebhook];
