// Checklist: the .env file and git. It must be ignored, not tracked, and never have been
// committed (a key that was ever pushed is a leaked key, whatever the repository's visibility).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { git, repoRoot } from './git.js';
import type { CheckContext, CheckItem } from './types.js';

export async function gitItems(ctx: CheckContext): Promise<CheckItem[]> {
  const ids = { ignored: 'env-gitignored', tracked: 'env-not-tracked', history: 'env-not-in-history' };
  const titles = { ignored: '.env is in .gitignore', tracked: '.env is not tracked by git', history: '.env was never committed' };
  const skipAll = (reason: string): CheckItem[] =>
    (['ignored', 'tracked', 'history'] as const).map((k) => ({ id: ids[k], title: titles[k], status: 'skip', required: true, reason }));
  const root = await repoRoot(ctx.cwd);
  if (!root) return skipAll(`${ctx.cwd} is not inside a git repository (or git is not installed)`);
  const rel = path.relative(root, ctx.envFile);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return skipAll(`${ctx.envFile} is outside the repository ${root}`);
  const items: CheckItem[] = [];

  const ignored = (await git(root, ['check-ignore', '-q', '--no-index', '--', rel])).code === 0;
  if (ignored) {
    items.push({ id: ids.ignored, title: titles.ignored, status: 'pass', required: true, reason: `git ignores ${rel}` });
  } else if (ctx.fix) {
    const gitignore = path.join(root, '.gitignore');
    const current = await fs.readFile(gitignore, 'utf8').catch(() => '');
    await fs.writeFile(gitignore, `${current}${current === '' || current.endsWith('\n') ? '' : '\n'}/${rel.split(path.sep).join('/')}\n`);
    items.push({ id: ids.ignored, title: titles.ignored, status: 'pass', required: true, fixed: true, reason: `added /${rel} to ${gitignore}` });
  } else {
    items.push({ id: ids.ignored, title: titles.ignored, status: 'fail', required: true, reason: `git does not ignore ${rel}: a careless \`git add .\` would commit your keys`, fix: `add a line "/${rel}" to ${path.join(root, '.gitignore')} (kit check --fix does it)` });
  }

  const tracked = (await git(root, ['ls-files', '--error-unmatch', '--', rel])).code === 0;
  items.push(
    tracked
      ? { id: ids.tracked, title: titles.tracked, status: 'fail', required: true, reason: `${rel} is tracked by git: every commit carries your keys`, fix: `git rm --cached ${rel}, commit, and rotate every key that was in it (kit connect with new keys, then delete the old ones on the exchange)` }
      : { id: ids.tracked, title: titles.tracked, status: 'pass', required: true, reason: `${rel} is not tracked` },
  );

  const history = await git(root, ['log', '--all', '--format=%h %cs', '-n', '1', '--', rel]);
  const commit = history.stdout.trim();
  items.push(
    commit !== ''
      ? { id: ids.history, title: titles.history, status: 'fail', required: true, reason: `${rel} is in the git history (commit ${commit}): anyone with a clone has the keys it held`, fix: 'treat every key that was ever in it as leaked: rotate them (kit incident, or kit connect with new keys and delete the old ones on the exchange), then purge the file from history (git filter-repo --path .env --invert-paths) and force-push' }
      : { id: ids.history, title: titles.history, status: 'pass', required: true, reason: `no commit in any branch contains ${rel}` },
  );
  return items;
}
