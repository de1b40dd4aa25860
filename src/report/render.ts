// Renders a report model to Markdown, HTML or JSON text. Every rendered text passes through the
// redactor on its way out, like every other sink.
import { redact } from '../secrets/redact.js';
import { escapeMarkdownDeep } from './markdown-escape.js';
import { reportView } from './report-view.js';
import type { Report } from './schema.js';
import { activityChart, attackChart, responseChart } from './svg-chart.js';
import { TemplateSet } from './templates.js';

export type ReportFormat = 'md' | 'html' | 'json';
export const REPORT_FORMATS: readonly ReportFormat[] = ['md', 'html', 'json'];
export const FORMAT_EXTENSION: Record<ReportFormat, string> = { md: 'md', html: 'html', json: 'json' };

export async function renderReport(report: Report, format: ReportFormat, templatesDir?: string): Promise<string> {
  if (format === 'json') return redact(JSON.stringify(report, null, 2) + '\n');
  const view = reportView(report);
  if (format === 'md') {
    const template = await (await TemplateSet.load('md', templatesDir)).compile('report.md.hbs');
    // Markdown has no escaping of its own in Handlebars: every string is escaped up front.
    return redact(tidyMarkdown(template(escapeMarkdownDeep({ ...report, view }))));
  }
  const template = await (await TemplateSet.load('html', templatesDir)).compile('report.html.hbs');
  return redact(template({ ...report, view, chart: { activity: activityChart(report), attack: attackChart(report), response: responseChart(report) } }));
}

/** Collapses the blank lines that template conditionals leave behind. */
function tidyMarkdown(text: string): string {
  return text.replace(/\n{3,}/g, '\n\n').trimStart();
}
