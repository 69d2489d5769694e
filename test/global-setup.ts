import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Tests that spawn the real `officina` CLI need out/node to match the sources: compile it once per
 * vitest run, with the tool list a build writes. Type errors are reported but do not stop the run (tsc still emits, and `npm run
 * typecheck` is where they fail the build); a missing CLI entry does.
 */
export default function setup(): void {
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.node.json'], { cwd: ROOT, encoding: 'utf8' });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    process.stderr.write(
      `global-setup: tsc -p tsconfig.node.json reported errors (tests run on what it emitted):\n${result.stdout}${result.stderr}\n`,
    );
  }
  const entry = join(ROOT, 'out', 'node', 'electron', 'cli', 'main.js');
  if (!existsSync(entry))
    throw new Error(`global-setup: ${entry} was not built; run \`npm run build:node\` and read its errors.`);
  // As `npm run build:node` does: module sources one byte per character (scripts/one-byte-sources.mjs),
  // then the tools' schemas, converted once (electron/mcp/tool-list.ts).
  const escaped = spawnSync(process.execPath, [join(ROOT, 'scripts', 'one-byte-sources.mjs')], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (escaped.error) throw escaped.error;
  if (escaped.status !== 0) throw new Error(`global-setup: scripts/one-byte-sources.mjs failed:\n${escaped.stderr}`);
  const list = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-tool-list.mjs')], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (list.error) throw list.error;
  if (list.status !== 0) throw new Error(`global-setup: scripts/build-tool-list.mjs failed:\n${list.stderr}`);
}
