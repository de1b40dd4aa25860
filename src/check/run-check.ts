// `kit check`: the K.I.T. security checklist. Every item is pass, fail, manual or skip, with
// its reason and its fix; a failed required item makes the command exit 1.
import type { CliContext } from '../cli/context.js';
import { ExitCode } from '../errors.js';
import { appendAudit, createAuditSink } from '../audit/audit-log.js';
import { resolveEnvFile } from '../secrets/env-store.js';
import { openStore } from '../secrets/open-store.js';
import { readSettings } from '../secrets/settings.js';
import type { StoredAccount } from '../secrets/types.js';
import { backupItem, leakItem, permissionItem } from './file-items.js';
import { gitItems } from './git-items.js';
import { getKeyInspector, withKeyErrors, type KeyInspector } from './key-inspector.js';
import { keyItems } from './key-items.js';
import type { CheckContext, CheckItem } from './types.js';

export interface CheckOptions {
  fix?: boolean;
}

export interface CheckDeps {
  inspector?: KeyInspector;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  now?: Date;
}

async function loadAccounts(ctx: CliContext, deps: CheckDeps): Promise<{ accounts: StoredAccount[]; problem?: string }> {
  try {
    const store = await openStore(ctx.kitHome, { env: deps.env, cwd: deps.cwd, interactive: ctx.interactive });
    const accounts: StoredAccount[] = [];
    for (const ref of await store.list()) {
      const entry = await store.get(ref.exchange, ref.account);
      if (entry) accounts.push(entry);
    }
    return { accounts };
  } catch (error) {
    // The checklist still runs: the items that need keys say why they were skipped.
    return { accounts: [], problem: (error as Error).message.split('\n')[0] };
  }
}

export async function collectChecks(ctx: CliContext, options: CheckOptions, deps: CheckDeps = {}): Promise<CheckItem[]> {
  const cwd = deps.cwd ?? process.cwd();
  const settings = await readSettings(ctx.kitHome).catch(() => ({ secretsManager: undefined }));
  const { accounts, problem } = await loadAccounts(ctx, deps);
  const audit = createAuditSink(ctx.kitHome, (m) => ctx.out.error(m));
  const check: CheckContext = {
    cwd,
    kitHome: ctx.kitHome,
    envFile: resolveEnvFile(deps.env ?? process.env, cwd),
    fix: Boolean(options.fix),
    now: deps.now ?? new Date(),
    storeKind: settings.secretsManager ?? 'env',
    accounts,
    storeProblem: problem,
    inspector: deps.inspector ? withKeyErrors(deps.inspector) : getKeyInspector({ audit }),
  };
  // The leak scan reads kit's logs, so it runs before anything below could append to them.
  const leaks = await leakItem(check);
  return [...(await gitItems(check)), ...leaks, ...(await keyItems(check)), await permissionItem(check), await backupItem(check)];
}

const LABEL: Record<CheckItem['status'], string> = { pass: 'PASS', fail: 'FAIL', manual: 'MANUAL', skip: 'SKIP' };

export async function runCheck(ctx: CliContext, options: CheckOptions, deps: CheckDeps = {}): Promise<void> {
  const items = await collectChecks(ctx, options, deps);
  const failedRequired = items.filter((i) => i.status === 'fail' && i.required);
  const fixed = items.filter((i) => i.fixed);
  await appendAudit(ctx.kitHome, {
    type: 'config',
    message: `kit check: ${items.filter((i) => i.status === 'pass').length} pass, ${items.filter((i) => i.status === 'fail').length} fail (${failedRequired.length} required), ${fixed.length} fixed`,
  });
  if (failedRequired.length > 0) process.exitCode = ExitCode.failed;
  if (ctx.json) {
    ctx.out.json({ ok: failedRequired.length === 0, requiredFailures: failedRequired.map((i) => i.id), items });
    return;
  }
  ctx.out.line(`kit check: ${items.length} items`);
  for (const item of items) {
    ctx.out.line(`${LABEL[item.status].padEnd(6)} ${item.required && item.status === 'fail' ? '*' : ' '} ${item.title}${item.fixed ? ' (fixed)' : ''}`);
    ctx.out.line(`         ${item.reason}`);
    if (item.fix && (item.status === 'fail' || item.status === 'manual')) ctx.out.line(`         fix: ${item.fix}`);
  }
  ctx.out.line('');
  ctx.out.line(failedRequired.length === 0 ? 'Result: no required item failed.' : `Result: ${failedRequired.length} required item${failedRequired.length === 1 ? '' : 's'} failed (marked *).`);
}
