// Everything a notification needs from the incident: the report model (built fresh from the
// journal), the report files to attach (rendered now if the runbook did not render them), and
// the notification text.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { buildReport } from '../report/build-report.js';
import type { Report } from '../report/schema.js';
import { writeReport } from '../report/write-report.js';
import type { ReportFormat } from '../report/render.js';
import { notificationFrom, type Notification } from './notification.js';

export interface Prepared {
  report: Report;
  notification: Notification;
  /** Absolute paths of the report files to attach. */
  attachments: Array<{ filename: string; path: string }>;
}

export async function prepareNotification(incidentDir: string, attach: readonly ReportFormat[]): Promise<Prepared> {
  const missing: ReportFormat[] = [];
  for (const format of attach) {
    const exists = await fs.stat(path.join(incidentDir, `report.${format}`)).then((s) => s.isFile(), () => false);
    if (!exists) missing.push(format);
  }
  if (missing.length > 0) await writeReport({ incidentDir, formats: missing });
  const report = await buildReport(incidentDir);
  const files = attach.map((format) => `report.${format}`);
  return {
    report,
    notification: notificationFrom(report, files),
    attachments: files.map((name) => ({ filename: `kit-report-${report.incident.id}.${name.split('.').pop()}`, path: path.join(incidentDir, name) })),
  };
}

/** Where a rendered-but-not-sent notification goes: notifications/<step>.<ext>. */
export function renderedPath(incidentDir: string, stepId: string, ext: 'eml' | 'json'): { absolute: string; relative: string } {
  const safe = stepId.replace(/[^A-Za-z0-9_-]/g, '_');
  const relative = `notifications/${safe}.${ext}`;
  return { absolute: path.join(incidentDir, relative), relative };
}
