// Builds the report of an incident and writes it in the requested formats, atomically and with
// mode 0600 (a report holds account data). By default into the incident folder as
// report.md / report.html / report.json.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { buildReport } from './build-report.js';
import { FORMAT_EXTENSION, renderReport, type ReportFormat } from './render.js';
import type { Report } from './schema.js';

export interface WriteReportOptions {
  incidentDir: string;
  formats: readonly ReportFormat[];
  /** A file (one format) or a folder (any number of formats). Default: the incident folder. */
  out?: string;
  templatesDir?: string;
  now?: Date;
}

export interface WrittenReport {
  format: ReportFormat;
  path: string;
  bytes: number;
}

export async function writeReport(options: WriteReportOptions): Promise<{ report: Report; files: WrittenReport[] }> {
  const formats = [...new Set(options.formats)];
  if (formats.length === 0) throw new UsageError('no report format given', { hint: 'Use --format md, html, json or all.' });
  const targets = await targetPaths(options.incidentDir, formats, options.out);
  const report = await buildReport(options.incidentDir, { now: options.now });
  // Render everything before writing anything: a template error leaves no half set of files.
  const rendered = await Promise.all(formats.map(async (format) => ({ format, text: await renderReport(report, format, options.templatesDir) })));
  const files: WrittenReport[] = [];
  for (const { format, text } of rendered) {
    const file = targets[format] as string;
    await writeFileAtomic(file, text, { mode: 0o600 });
    files.push({ format, path: file, bytes: Buffer.byteLength(text) });
  }
  return { report, files };
}

async function targetPaths(incidentDir: string, formats: ReportFormat[], out: string | undefined): Promise<Partial<Record<ReportFormat, string>>> {
  const inFolder = (dir: string) => Object.fromEntries(formats.map((f) => [f, path.join(dir, `report.${FORMAT_EXTENSION[f]}`)]));
  if (out === undefined) return inFolder(incidentDir);
  const resolved = path.resolve(out);
  const stat = await fs.stat(resolved).catch(() => undefined);
  const isFolder = stat?.isDirectory() === true || /[\\/]$/.test(out);
  if (isFolder) return inFolder(resolved);
  if (formats.length > 1) {
    if (stat) throw new UsageError(`--out ${out} is a file, but ${formats.length} formats were asked for`, { hint: 'Give a folder with --out when rendering several formats, or pick one --format.' });
    return inFolder(resolved);
  }
  return { [formats[0]]: resolved };
}
