// npm links the bins of a project's dependencies into node_modules/.bin, never the project's
// own. Linking `kit` there makes the quick start's `npx kit drill` run this checkout directly
// (otherwise npx copies and rebuilds the whole project into its cache first, which takes a minute).
import { mkdirSync, rmSync, symlinkSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const binDir = path.join(root, 'node_modules', '.bin');
if (existsSync(path.join(root, 'node_modules'))) {
  mkdirSync(binDir, { recursive: true });
  const link = path.join(binDir, 'kit');
  rmSync(link, { force: true });
  symlinkSync(path.relative(binDir, path.join(root, 'bin', 'kit.js')), link);
}
