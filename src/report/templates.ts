// Loads and compiles the Handlebars templates: the built-in ones in templates/, or a user's
// copies (`--templates <dir>`; any file missing there falls back to the built-in one).
//
// Escaping is guaranteed by construction, not by template discipline:
//  - HTML templates are compiled with Handlebars' HTML escaping, and a template that outputs a
//    value unescaped ({{{x}}} or {{&x}}) is refused with its file and line;
//  - Markdown and plain-text templates are compiled without HTML escaping, and the renderer
//    hands them a view in which every string is already Markdown-escaped (markdown-escape.ts).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { UsageError } from '../errors.js';
import { bytesText, durationText, numberText, utcText } from './format.js';

export type TemplateKind = 'html' | 'md' | 'text';

/** templates/ of the installed package (dist/report/ and src/report/ are both two levels down). */
export const BUILTIN_TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));

export type CompiledTemplate = (context: unknown) => string;

function helpers(env: typeof Handlebars): void {
  env.registerHelper('utc', (value: unknown) => utcText(typeof value === 'number' || typeof value === 'string' ? value : null));
  env.registerHelper('duration', (value: unknown) => durationText(typeof value === 'number' ? value : null));
  env.registerHelper('num', (value: unknown) => numberText(typeof value === 'number' ? value : null));
  env.registerHelper('size', (value: unknown) => (typeof value === 'number' ? bytesText(value) : '—'));
  env.registerHelper('short', (value: unknown) => (typeof value === 'string' ? value.slice(0, 16) : ''));
  env.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  env.registerHelper('gt', (a: unknown, b: unknown) => typeof a === 'number' && typeof b === 'number' && a > b);
  env.registerHelper('join', (list: unknown, separator: unknown) => (Array.isArray(list) ? list.join(typeof separator === 'string' ? separator : ', ') : ''));
  env.registerHelper('inc', (value: unknown) => (typeof value === 'number' ? value + 1 : value));
}

interface Node {
  type: string;
  escaped?: boolean;
  loc?: { start: { line: number; column: number } };
  program?: { body: Node[] } | null;
  inverse?: { body: Node[] } | null;
  body?: Node[];
}

/** Finds every {{{x}}} / {{&x}} in an HTML template: each would print attacker data as markup. */
export function unescapedOutputs(source: string): Array<{ line: number; col: number }> {
  const found: Array<{ line: number; col: number }> = [];
  const walk = (nodes: Node[] | undefined): void => {
    for (const node of nodes ?? []) {
      if (node.type === 'MustacheStatement' && node.escaped === false) found.push({ line: node.loc?.start.line ?? 0, col: (node.loc?.start.column ?? 0) + 1 });
      walk(node.program?.body);
      walk(node.inverse?.body);
    }
  };
  walk((Handlebars.parse(source) as unknown as Node).body);
  return found;
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export class TemplateSet {
  private readonly env = Handlebars.create();

  private constructor(private readonly kind: TemplateKind, private readonly dirs: string[]) {
    helpers(this.env);
  }

  /** Template names are relative to the folder, e.g. `report.html.hbs`; partials are `partials/*.<kind>.hbs`. */
  static async load(kind: TemplateKind, userDir?: string): Promise<TemplateSet> {
    if (userDir !== undefined) {
      const stat = await fs.stat(userDir).catch(() => undefined);
      if (!stat?.isDirectory()) throw new UsageError(`templates folder ${userDir} does not exist or is not a folder`, { hint: `Copy ${BUILTIN_TEMPLATES_DIR} to start your own, then pass --templates <that folder>.` });
    }
    const set = new TemplateSet(kind, userDir ? [path.resolve(userDir), BUILTIN_TEMPLATES_DIR] : [BUILTIN_TEMPLATES_DIR]);
    await set.registerPartials();
    return set;
  }

  private async registerPartials(): Promise<void> {
    const suffix = `.${this.kind}.hbs`;
    // Built-in first, then the user's, so a user partial of the same name replaces ours.
    for (const dir of [...this.dirs].reverse()) {
      const folder = path.join(dir, 'partials');
      const names = await fs.readdir(folder).catch(() => [] as string[]);
      for (const name of names.filter((n) => n.endsWith(suffix)).sort()) {
        const file = path.join(folder, name);
        this.env.registerPartial(name.slice(0, -suffix.length), this.checked(file, await fs.readFile(file, 'utf8')));
      }
    }
  }

  private checked(file: string, source: string): string {
    let unsafe: Array<{ line: number; col: number }>;
    try {
      unsafe = this.kind === 'html' ? unescapedOutputs(source) : [];
    } catch (error) {
      throw new UsageError(`template ${file} is not valid Handlebars: ${(error as Error).message.split('\n')[0]}`, { hint: 'Fix the template, or remove it to use the built-in one.' });
    }
    if (unsafe.length > 0) {
      const at = unsafe.map((u) => `${file}:${u.line}:${u.col}`).join(', ');
      throw new UsageError(`template ${file} prints values without HTML escaping at ${at}`, {
        hint: 'Use {{value}} instead of {{{value}}} or {{&value}}: report data comes from the exchange and may be hostile.',
      });
    }
    return source;
  }

  async compile(name: string): Promise<CompiledTemplate> {
    for (const dir of this.dirs) {
      const file = path.join(dir, name);
      const source = await readIfExists(file);
      if (source === undefined) continue;
      const template = this.env.compile(this.checked(file, source), { noEscape: this.kind !== 'html' });
      return (context: unknown) => {
        try {
          return template(context);
        } catch (error) {
          throw new UsageError(`template ${file} failed to render: ${(error as Error).message.split('\n')[0]}`, { hint: 'Fix the template, or remove it to use the built-in one.' });
        }
      };
    }
    throw new UsageError(`template ${name} was not found in ${this.dirs.join(' or ')}`, { hint: 'Reinstall kit, or restore the file in your templates folder.' });
  }
}
