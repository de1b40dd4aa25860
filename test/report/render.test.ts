import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { buildReport } from '../../src/report/build-report.js';
import { renderReport } from '../../src/report/render.js';
import { reportSchema, type Report } from '../../src/report/schema.js';
import { escapeMarkdown } from '../../src/report/markdown-escape.js';
import { BUILTIN_TEMPLATES_DIR } from '../../src/report/templates.js';
import { activityChart, attackChart, responseChart } from '../../src/report/svg-chart.js';
import { writeReport } from '../../src/report/write-report.js';
import { HOSTILE_CLIENT_ORDER_ID, makeIncident, type Fixture } from './fixture.js';
import { UsageError } from '../../src/errors.js';

const MD_HOSTILE = 'evil|`code`*b*_i_ [l](x) <b>x</b>\n| new row';

let live: Fixture;
let dry: Fixture;
let mdHostile: Fixture;
let liveReport: Report;
beforeAll(async () => {
  live = await makeIncident();
  dry = await makeIncident({ dryRun: true });
  mdHostile = await makeIncident({ hostileClientOrderId: MD_HOSTILE });
  liveReport = await buildReport(live.dir);
});
afterAll(async () => {
  await Promise.all([live, dry, mdHostile].map((f) => f.cleanup()));
});

describe('HTML report', () => {
  it('escapes hostile exchange data in text, SVG titles and attributes', async () => {
    const html = await renderReport(liveReport, 'html');
    expect(html).not.toContain(HOSTILE_CLIENT_ORDER_ID);
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    // In an SVG <title> of a flagged-trade mark too.
    expect(html).toMatch(/<circle class="mark mark-buy"[^>]*><title>[^<]*client order id &lt;img src&#x3D;x onerror&#x3D;alert\(1\)&gt;/);
  });

  it('is self-contained: no URL, no script, no external resource', async () => {
    const html = await renderReport(liveReport, 'html');
    // Exchange data and error messages may mention URLs as text; the markup itself (tags and
    // attributes, text nodes removed) must hold none, and nothing that loads anything.
    const markup = html.replace(/<title>[^<]*<\/title>/g, '').replace(/>[^<]*</g, '><');
    expect(markup).not.toMatch(/:\/\//);
    expect(markup).not.toMatch(/<script|<link|<iframe|<object|<embed|<img|<image|<use|\bsrc=|\bhref=|url\(|@import/i);
    expect(html).toContain("default-src 'none'");
    expect(html).toMatch(/<svg class="activity-chart"/);
    expect(html).toMatch(/<svg class="response-chart"/);
    expect(html).toMatch(/<svg class="attack-chart"/);
    expect(html).toMatch(/<rect class="attack-window"/);
    expect(html).toMatch(/@media print/);
  });

  it('marks every section of a dry run', async () => {
    const html = await renderReport(await buildReport(dry.dir), 'html');
    const sections = html.match(/<h2>/g)?.length ?? 0;
    expect(sections).toBeGreaterThanOrEqual(7);
    expect(html.match(/<h2>[^\n]*<span class="dry-run-mark">DRY RUN<\/span><\/h2>/g)).toHaveLength(sections);
    expect(html).toContain('class="dry-run-banner"');
    const liveHtml = await renderReport(liveReport, 'html');
    expect(liveHtml).not.toContain('DRY RUN');
  });
});

describe('SVG pictures', () => {
  it('draws the pump as a rising line, marks the withdrawal and numbers every response step', () => {
    const attack = attackChart(liveReport);
    expect(attack?.lanes.map((l) => l.label)).toEqual(['VIA/BTC', 'ETH/BTC', 'SOL/BTC', 'ADA/BTC', 'withdrawals']);
    const via = (attack?.dots ?? []).filter((d) => d.cy < (attack?.lanes[1].y ?? 0));
    expect(via.length).toBe(37);
    // Later VIA buys were dearer: x grows while y (down the screen) shrinks.
    const byTime = [...via].sort((a, b) => a.cx - b.cx);
    expect(byTime[byTime.length - 1].cy).toBeLessThan(byTime[0].cy);
    expect(attack?.withdrawals).toHaveLength(1);
    const activity = activityChart(liveReport);
    expect(activity?.steps.map((s) => s.n)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(activity?.attack?.title).toMatch(/^Attack window: 2025-03-07 12:51:11 UTC to 2025-03-07 12:58:21 UTC$/);
    expect(activity?.bars.reduce((n, b) => n + b.h, 0)).toBeGreaterThan(0);
    expect(responseChart(liveReport)?.rows.map((r) => r.label)).toEqual(liveReport.steps.map((st, i) => `${i + 1}. ${st.id}`));
  });
});

describe('Markdown report', () => {
  it('keeps hostile values inside their table cell and renders no HTML from them', async () => {
    const md = await renderReport(await buildReport(mdHostile.dir), 'md');
    const row = md.split('\n').find((line) => line.startsWith('| 2025') && line.includes('evil'));
    expect(row).toBeDefined();
    // The flagged-trades table has 11 columns: 12 unescaped pipes per row.
    const header = md.split('\n').find((line) => line.startsWith('| Time (UTC) | Account | Symbol'));
    const pipes = (line: string) => line.replace(/\\\|/g, '').split('|').length - 1;
    expect(pipes(row as string)).toBe(pipes(header as string));
    expect(row).toContain(escapeMarkdown(MD_HOSTILE));
    expect(md).not.toContain('<b>x</b>');
    expect(md).not.toContain('\n| new row');
  });

  it('escapes pipes, backticks, emphasis, links and HTML', () => {
    expect(escapeMarkdown('a|b`c`*d*_e_[f](g)<h>&')).toBe('a\\|b\\`c\\`\\*d\\*\\_e\\_\\[f\\](g)&lt;h&gt;&amp;');
    expect(escapeMarkdown('- x')).toBe('\\- x');
    expect(escapeMarkdown('1. x')).toBe('1\\. x');
  });

  it('marks every section of a dry run and none of a live run', async () => {
    const md = await renderReport(await buildReport(dry.dir), 'md');
    const headings = md.split('\n').filter((l) => /^##? /.test(l));
    expect(headings.length).toBeGreaterThanOrEqual(8);
    for (const h of headings) expect(h).toMatch(/\(DRY RUN\)$/);
    expect(md.startsWith('> **DRY RUN**')).toBe(true);
    expect(await renderReport(liveReport, 'md')).not.toContain('DRY RUN');
  });

  it('contains the sections a post-incident review needs', async () => {
    const md = await renderReport(liveReport, 'md');
    for (const heading of ['## Response times', '## Timeline (UTC)', '## Flagged activity', '## Actions and results', '## Evidence', '## What you still have to do', '### Prevention (K.I.T. security guide)']) {
      expect(md).toContain(heading);
    }
    expect(md).toContain('Journal hash chain: verifies');
    expect(md).toMatch(/\| Time to contain \| \d+ s \|/);
    expect(md).toMatch(/Never commit a \.env file/);
    expect(md).toMatch(/Rotate keys every 3 to 6 months/);
  });
});

describe('what the sweep did not collect', () => {
  it('names each gap of the bundle, with its reason, in Markdown and HTML', async () => {
    const gaps = [
      { what: 'margin history', reason: 'not swept: this key may trade on margin, and kit reads spot history only here; get it from the Binance website: Orders / Margin Order' },
      { what: 'withdrawals', reason: 'ExchangeNotAvailable: binance 503' },
    ];
    const report: Report = { ...liveReport, accounts: liveReport.accounts.map((a) => ({ ...a, gaps })) };
    const md = await renderReport(report, 'md');
    expect(md).toContain('Not collected: margin history (not swept: this key may trade on margin, and kit reads spot history only here; get it from the Binance website: Orders / Margin Order).');
    expect(md).toContain('Not collected: withdrawals (ExchangeNotAvailable: binance 503).');
    const html = await renderReport(report, 'html');
    expect(html).toContain('<p class="fine">Not collected: margin history (not swept: this key may trade on margin, and kit reads spot history only here; get it from the Binance website: Orders / Margin Order).</p>');
  });
});

describe('JSON report', () => {
  it('is the model, valid against the exported schema', async () => {
    const json = JSON.parse(await renderReport(liveReport, 'json'));
    expect(reportSchema.parse(json)).toEqual(liveReport);
  });
});

describe('templates', () => {
  it('uses a user copy of a template and falls back to the built-in partials', async () => {
    const dir = path.join(live.kitHome, 'my-templates');
    await fs.mkdir(dir);
    await fs.writeFile(path.join(dir, 'report.md.hbs'), 'Custom: {{incident.id}} {{view.verdictText}}\n{{> trade-table rows=trades.flagged.rows}}\n');
    const md = await renderReport(liveReport, 'md', dir);
    expect(md.startsWith(`Custom: ${liveReport.incident.id} Compromise suspected`)).toBe(true);
    expect(md).toContain('| Time (UTC) | Account | Symbol');
  });

  it('refuses an HTML template that prints a value unescaped, naming file, line and column', async () => {
    const dir = path.join(live.kitHome, 'unsafe-templates');
    await fs.mkdir(path.join(dir, 'partials'), { recursive: true });
    await fs.writeFile(path.join(dir, 'report.html.hbs'), '<p>ok {{summary}}</p>\n<p>{{{summary}}}</p>\n');
    const error = await renderReport(liveReport, 'html', dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toContain(`${path.join(dir, 'report.html.hbs')}:2:4`);
    await fs.writeFile(path.join(dir, 'report.html.hbs'), '{{> evil}}');
    await fs.writeFile(path.join(dir, 'partials', 'evil.html.hbs'), '{{& summary}}');
    await expect(renderReport(liveReport, 'html', dir)).rejects.toThrow(/evil\.html\.hbs:1:1/);
  });

  it('ships templates that name no URL at all', async () => {
    const files = [...(await fs.readdir(BUILTIN_TEMPLATES_DIR, { recursive: true }))].filter((f) => f.endsWith('.hbs'));
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const f of files) expect(await fs.readFile(path.join(BUILTIN_TEMPLATES_DIR, f), 'utf8')).not.toMatch(/:\/\//);
  });

  it('ships no built-in HTML template that could print a value unescaped', async () => {
    await expect(renderReport(liveReport, 'html', BUILTIN_TEMPLATES_DIR)).resolves.toContain('<!doctype html>');
  });
});

describe('writing the report', () => {
  it('writes all formats into the incident folder with mode 0600', async () => {
    const { files } = await writeReport({ incidentDir: live.dir, formats: ['md', 'html', 'json'] });
    expect(files.map((f) => path.basename(f.path))).toEqual(['report.md', 'report.html', 'report.json']);
    for (const f of files) expect((await fs.stat(f.path)).mode & 0o777).toBe(0o600);
  });

  it('writes one format to a file given with --out, and refuses a file for several formats', async () => {
    const out = path.join(live.kitHome, 'out.html');
    const { files } = await writeReport({ incidentDir: live.dir, formats: ['html'], out });
    expect(files[0].path).toBe(out);
    await expect(writeReport({ incidentDir: live.dir, formats: ['md', 'html'], out })).rejects.toThrow(/is a file, but 2 formats/);
  });
});
