// activity.flag: analyse the activity bundle written by exchange.fetch-activity and keep the
// findings in the incident's evidence. A read: it runs for real in a dry run too, because it
// changes nothing outside the incident folder.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { isKitError } from '../../errors.js';
import { ActionError, type ActionContext, type ActionDefinition } from '../types.js';

const input = z.strictObject({
  /** The bundle, relative to the incident folder (e.g. `evidence/binance-main/bundle.json`). Default: the one bundle under evidence/. */
  bundle: z.string().min(1).optional(),
});
type Input = z.infer<typeof input>;

export interface ActivityFlagOutputs extends Record<string, unknown> {
  verdict: 'compromise-suspected' | 'suspicious' | 'clean';
  compromised: boolean;
  findings: number;
  flaggedTrades: number;
  flaggedOrders: number;
  flaggedWithdrawals: number;
  /** Relative to the incident folder. */
  findingsPath: string;
}

export const activityFlag: ActionDefinition<Input, ActivityFlagOutputs> = {
  name: 'activity.flag',
  description: 'Flag unauthorized activity in the activity bundle and keep the findings as evidence',
  effect: 'read',
  input,
  describe: (i) => `analyse ${i.bundle ?? 'the activity bundle under evidence/'} and write the findings into the evidence`,
  async run(ctx, i) {
    const file = i.bundle ? insideIncident(ctx, i.bundle) : await theOnlyBundle(ctx);
    ctx.signal.throwIfAborted();
    const [{ readBundleFile }, { analyze }] = await Promise.all([import('../../detect-io/read-bundle.js'), import('../../detect/analyze.js')]);
    let result;
    try {
      result = analyze(await readBundleFile(file));
    } catch (error) {
      if (isKitError(error)) throw new ActionError(error.message, { hint: error.hint, cause: error });
      throw error;
    }
    const name = `${safeName(result.exchange)}-${safeName(result.account)}/findings.json`;
    const record = await ctx.evidence.writeJson(name, result);
    ctx.log(`${result.verdict.summary} (${result.findings.length} findings; ${record.path})`);
    return {
      verdict: result.verdict.level,
      compromised: result.verdict.compromised,
      findings: result.findings.length,
      flaggedTrades: result.counts.flaggedTrades,
      flaggedOrders: result.counts.flaggedOrders,
      flaggedWithdrawals: result.counts.flaggedWithdrawals,
      findingsPath: record.path,
    };
  },
};

/** A bundle path must stay inside the incident folder: evidence is read from there only. */
function insideIncident(ctx: ActionContext, given: string): string {
  const resolved = path.resolve(ctx.incidentDir, given);
  const relative = path.relative(ctx.incidentDir, resolved);
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new ActionError(`the bundle ${given} is outside the incident folder`, { hint: 'Give a path relative to the incident folder, e.g. evidence/binance-main/bundle.json (the output bundlePath of exchange.fetch-activity).' });
  }
  return resolved;
}

async function theOnlyBundle(ctx: ActionContext): Promise<string> {
  const evidence = path.join(ctx.incidentDir, 'evidence');
  const entries = await readdir(evidence, { withFileTypes: true }).catch(() => []);
  const candidates = entries.filter((e) => e.isDirectory()).map((e) => path.join(evidence, e.name, 'bundle.json'));
  const existing = (await Promise.all(candidates.map(async (f) => ((await isFile(f)) ? f : undefined)))).filter((f): f is string => f !== undefined);
  if (existing.length === 1) return existing[0];
  const hint = 'Pass `bundle:` with the path from the exchange.fetch-activity step, e.g. ${{ steps.sweep.outputs.bundlePath }}.';
  if (existing.length === 0) throw new ActionError('no activity bundle in the incident evidence: run exchange.fetch-activity first', { hint });
  throw new ActionError(`${existing.length} activity bundles in the evidence (${existing.map((f) => path.relative(ctx.incidentDir, f)).join(', ')}): say which`, { hint });
}

async function isFile(file: string): Promise<boolean> {
  return stat(file).then((s) => s.isFile(), () => false);
}

function safeName(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, '_') || '_';
}
