// Loads a scenario: a shipped name (`quiet`) from <packageRoot>/scenarios/<name>.yaml, or a file.
// YAML and schema problems, and broken cross-references, come back as one ValidationError with
// file:line:col for each (exit code 2).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError, ValidationError, type LocatedProblem } from '../../errors.js';
import { formatPath, locate, parseYamlLocated, zodIssuesToProblems, type ParsedYaml } from '../../util/yaml-located.js';
import { scenarioSpec, type Scenario, type ScenarioSpec, type Venue } from './schema.js';

/**
 * The package root: the nearest folder above this module holding package.json. Works from
 * src/sim/scenario (vitest) and from dist/sim/scenario (the built CLI) alike.
 */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new UsageError('cannot find the kit package folder (package.json) above the simulator module');
    dir = parent;
  }
}

export function scenariosDir(): string {
  return path.join(packageRoot(), 'scenarios');
}

/** Names of the scenarios shipped with kit. */
export function shippedScenarioNames(): string[] {
  const dir = scenariosDir();
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -'.yaml'.length)).sort();
}

/** Resolves `quiet` or `./my.yaml` to a file path. */
export function resolveScenarioFile(nameOrFile: string): string {
  const looksLikePath = nameOrFile.includes('/') || nameOrFile.includes('\\') || /\.ya?ml$/i.test(nameOrFile);
  if (looksLikePath) {
    const file = path.resolve(nameOrFile);
    if (!existsSync(file)) throw new UsageError(`scenario file not found: ${nameOrFile}`, { hint: 'Check the path, or use a shipped scenario name: ' + shippedScenarioNames().join(', ') });
    return file;
  }
  const file = path.join(scenariosDir(), `${nameOrFile}.yaml`);
  if (!existsSync(file)) {
    throw new UsageError(`unknown scenario "${nameOrFile}"`, { hint: `Shipped scenarios: ${shippedScenarioNames().join(', ')}; or pass a path to a .yaml file.` });
  }
  return file;
}

export function loadScenario(nameOrFile: string): Scenario {
  const file = resolveScenarioFile(nameOrFile);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read scenario file ${file}: ${(error as Error).message}`);
  }
  const display = path.relative(process.cwd(), file) || file;
  return parseScenario(text, display.startsWith('..') ? file : display);
}

/** Parses and validates scenario YAML text; `file` is only used in error locations. */
export function parseScenario(text: string, file = '<inline>'): Scenario {
  const parsed = parseYamlLocated(text, file);
  if (parsed.problems.length > 0) throw new ValidationError(`invalid scenario ${file}`, parsed.problems);
  const result = scenarioSpec.safeParse(parsed.value);
  if (!result.success) throw new ValidationError(`invalid scenario ${file}`, zodIssuesToProblems(parsed, result.error.issues));
  const problems = crossReferenceProblems(result.data, parsed);
  if (problems.length > 0) throw new ValidationError(`invalid scenario ${file}`, problems);
  return { ...result.data, source: file };
}

/** Names and symbols that must refer to something defined elsewhere in the file. */
function crossReferenceProblems(spec: ScenarioSpec, parsed: ParsedYaml): LocatedProblem[] {
  const problems: LocatedProblem[] = [];
  const at = (p: (string | number)[], message: string): void => {
    problems.push({ file: parsed.file, ...locate(parsed, p), path: formatPath(p), message, severity: 'error' });
  };
  const accountNames = new Map<string, { keys: Set<string> }>();
  const keyValues = new Set<string>();
  spec.accounts.forEach((account, i) => {
    const all = [{ name: account.name, keys: account.keys, path: ['accounts', i] as (string | number)[] },
      ...account.subAccounts.map((sub, j) => ({ name: sub.name, keys: sub.keys, path: ['accounts', i, 'subAccounts', j] as (string | number)[] }))];
    for (const owner of all) {
      if (accountNames.has(owner.name)) at([...owner.path, 'name'], `duplicate account name "${owner.name}" (account and sub-account names must be unique)`);
      const keys = new Set<string>();
      owner.keys.forEach((key, k) => {
        if (keys.has(key.name)) at([...owner.path, 'keys', k, 'name'], `duplicate key name "${key.name}" in account "${owner.name}"`);
        keys.add(key.name);
        for (const value of [key.apiKey, key.secret]) {
          if (value === undefined) continue;
          if (keyValues.has(value)) at([...owner.path, 'keys', k], 'this apiKey or secret is used twice; every key needs its own');
          keyValues.add(value);
        }
      });
      accountNames.set(owner.name, { keys });
    }
  });
  const marketSymbols = new Set(spec.markets.map((m) => m.symbol));
  spec.markets.forEach((m, i) => {
    const [base, quote] = m.symbol.split('/');
    if (base === quote) at(['markets', i, 'symbol'], 'base and quote must differ');
    if (m.futures && quote !== 'USDT') at(['markets', i, 'futures'], `only USDT-quoted markets have USDⓈ-M perpetuals (${m.symbol} is quoted in ${quote})`);
  });
  const generated = spec.generatedMarkets;
  if (generated && generated.futures > 0) {
    if (generated.quote !== 'USDT') at(['generatedMarkets', 'futures'], `only USDT-quoted markets have USDⓈ-M perpetuals (generated markets are quoted in ${generated.quote})`);
    if (generated.futures > generated.count) at(['generatedMarkets', 'futures'], `more perpetuals (${generated.futures}) than generated markets (${generated.count})`);
  }
  if (new Set(spec.markets.map((m) => m.symbol)).size !== spec.markets.length) at(['markets'], 'a symbol is listed twice');
  const checkAccount = (p: (string | number)[], name: string): void => {
    if (!accountNames.has(name)) at(p, `unknown account "${name}" (defined: ${[...accountNames.keys()].join(', ')})`);
  };
  const checkSymbol = (p: (string | number)[], symbol: string): void => {
    if (!marketSymbols.has(symbol)) at(p, `unknown market "${symbol}" (add it under markets:)`);
  };
  const perpetuals = new Set(spec.markets.filter((m) => m.futures).map((m) => m.symbol));
  const checkVenue = (p: (string | number)[], record: { account: string; venue: Venue }, symbols: string[] | 'all'): void => {
    if (record.venue !== 'usdm') return;
    const exchange = spec.accounts.find((a) => a.name === record.account || a.subAccounts.some((s) => s.name === record.account))?.exchange;
    if (exchange === 'bybit') at([...p, 'venue'], `venue usdm is Binance's USDⓈ-M futures; account "${record.account}" is on bybit`);
    if (symbols === 'all') {
      if (perpetuals.size === 0 && (generated?.futures ?? 0) === 0) at([...p, 'venue'], 'venue usdm with symbols: all needs at least one market with futures: true');
      return;
    }
    symbols.forEach((s, j) => {
      if (marketSymbols.has(s) && !perpetuals.has(s)) at([...p, 'symbols', j], `market "${s}" has no perpetual (set futures: true on it under markets:)`);
    });
  };
  spec.baseline.gridBots.forEach((g, i) => {
    checkAccount(['baseline', 'gridBots', i, 'account'], g.account);
    g.symbols.forEach((s, j) => checkSymbol(['baseline', 'gridBots', i, 'symbols', j], s));
    checkVenue(['baseline', 'gridBots', i], g, g.symbols);
  });
  spec.baseline.manual.forEach((g, i) => {
    checkAccount(['baseline', 'manual', i, 'account'], g.account);
    g.symbols.forEach((s, j) => checkSymbol(['baseline', 'manual', i, 'symbols', j], s));
    if (g.hours[0] >= g.hours[1]) at(['baseline', 'manual', i, 'hours'], 'expected [from, to) with from < to');
  });
  spec.baseline.transfers.forEach((t, i) => checkAccount(['baseline', 'transfers', i, 'account'], t.account));
  spec.baseline.bulk.forEach((b, i) => {
    checkAccount(['baseline', 'bulk', i, 'account'], b.account);
    if (Array.isArray(b.symbols)) b.symbols.forEach((s, j) => checkSymbol(['baseline', 'bulk', i, 'symbols', j], s));
    checkVenue(['baseline', 'bulk', i], b, b.symbols);
  });
  spec.attacks.forEach((a, i) => {
    checkAccount(['attacks', i, 'account'], a.account);
    const keys = accountNames.get(a.account)?.keys;
    if (a.key !== undefined && keys && !keys.has(a.key)) at(['attacks', i, 'key'], `unknown key "${a.key}" in account "${a.account}"`);
    if (a.type === 'pump-buy' || a.type === 'order') checkSymbol(['attacks', i, 'symbol'], a.symbol);
    if (a.type === 'market-sell') a.assets.forEach((asset, j) => checkSymbol(['attacks', i, 'assets', j], `${asset}/${a.into}`));
  });
  return problems;
}
