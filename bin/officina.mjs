#!/usr/bin/env node
// The `officina` command. Runs on whatever `node` started it: Officina needs Node 24 (better-sqlite3 13),
// so an older Node re-executes this file with the project's own Node 24 (the `node` devDependency).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const major = Number(process.versions.node.split('.')[0]);

if (major < 24) {
  const node24 = join(root, 'node_modules', 'node', 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
  if (!existsSync(node24)) {
    process.stderr.write(
      `officina needs Node 24 or newer, and this is Node ${process.versions.node}.\n` +
        `Run \`npm install\` in ${root} (it brings Node 24 along), or install Node 24 from nodejs.org.\n`,
    );
    process.exit(1);
  }
  const child = spawn(node24, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  // Ctrl-C in a terminal reaches the whole foreground process group, the child included: forwarding
  // it too would count as a second signal, which makes the child stop at once instead of gracefully.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'])
    process.on(signal, () => {
      if (!(signal === 'SIGINT' && process.stdin.isTTY)) child.kill(signal);
    });
  child.on('exit', (code, signal) => {
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
} else {
  const entry = join(root, 'out', 'node', 'electron', 'cli', 'main.js');
  if (!existsSync(entry)) {
    process.stderr.write(`Officina is not built yet: run \`npm run build\` in ${root}.\n`);
    process.exit(1);
  }
  await import(pathToFileURL(entry).href);
}
