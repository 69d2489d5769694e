import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers.js';
import { createLogger } from './log.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

interface Line {
  message: string;
  writer?: string;
  seq?: number;
}

function readLines(file: string): Line[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((text) => JSON.parse(text) as Line);
}

/** The log files oldest first: officina.log.<n> … officina.log.1, officina.log. */
function logFiles(dir: string): string[] {
  const rotated = readdirSync(dir)
    .filter((f) => /^officina\.log\.\d+$/.test(f))
    .sort((a, b) => Number(b.split('.').pop()) - Number(a.split('.').pop()));
  return [...rotated, 'officina.log'].map((f) => join(dir, f));
}

describe('log file rotation', () => {
  it('rotates by size into .1 … .3, drops older lines, and keeps the newest in order', () => {
    const dir = tempDir();
    const file = join(dir, 'logs', 'officina.log');
    const log = createLogger({ level: 'info', file, maxBytes: 2_000, keep: 3 });
    for (let seq = 0; seq < 500; seq++) log.info('line', { seq });

    const names = readdirSync(dirname(file)).sort();
    expect(names).toEqual(['officina.log', 'officina.log.1', 'officina.log.2', 'officina.log.3']);
    for (const name of names) {
      expect(statSync(join(dirname(file), name)).size).toBeLessThan(2_000 + 200);
      expect(statSync(join(dirname(file), name)).mode & 0o777).toBe(0o600);
    }
    // Oldest file first, the lines run on without a gap up to the last one written.
    const seqs = logFiles(dirname(file)).flatMap((f) => readLines(f).map((l) => l.seq));
    expect(seqs.at(-1)).toBe(499);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => 500 - seqs.length + i));
    expect(seqs.length).toBeGreaterThan(40);
  });

  it('keeps logging when rotation fails, and says so without repeating it on every line', () => {
    const dir = tempDir();
    const file = join(dir, 'officina.log');
    // A non-empty directory where officina.log.1 should go: the rename fails with ENOTEMPTY / EISDIR.
    mkdirSync(join(dir, 'officina.log.1', 'blocker'), { recursive: true });
    const errors: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => (errors.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      const log = createLogger({ level: 'info', file, maxBytes: 500, keep: 1 });
      for (let seq = 0; seq < 100; seq++) log.info('line', { seq });
    } finally {
      process.stderr.write = write;
    }
    expect(readLines(file).map((l) => l.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(errors.filter((e) => e.includes('could not rotate'))).toHaveLength(1);
    expect(existsSync(`${file}.rotating`)).toBe(false);
  });

  it('takes over a rotation lock left by a process that died mid-rotation', () => {
    const dir = tempDir();
    const file = join(dir, 'officina.log');
    mkdirSync(`${file}.rotating`);
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${file}.rotating`, old, old);
    writeFileSync(file, 'x'.repeat(600));
    createLogger({ level: 'info', file, maxBytes: 500, keep: 2 }).info('after the crash');
    expect(readFileSync(`${file}.1`, 'utf8')).toMatch(/after the crash/);
    expect(existsSync(`${file}.rotating`)).toBe(false);
  });

  it('two processes logging to one file at once: every line kept exactly once, each file in order', async () => {
    // The desktop app and the stdio server Claude Desktop starts share <data-dir>/logs/officina.log.
    // Enough files are kept here that nothing is dropped by design, so any line lost or doubled is a race.
    const dir = tempDir();
    const file = join(dir, 'officina.log');
    const LINES = 1_500;
    const script = `
      const { createLogger } = await import(process.env.LOG_MODULE);
      const log = createLogger({ level: 'info', file: process.env.LOG_FILE, maxBytes: 4096, keep: 10000 });
      for (let seq = 0; seq < ${LINES}; seq++) log.info('line', { writer: process.env.WRITER, seq });`;
    const run = (writer: string) =>
      new Promise<{ code: number | null; stderr: string }>((resolveExit, reject) => {
        const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
          env: {
            ...process.env,
            LOG_MODULE: pathToFileURL(join(ROOT, 'out', 'node', 'electron', 'core', 'log.js')).href,
            LOG_FILE: file,
            WRITER: writer,
          },
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.once('error', reject);
        child.once('exit', (code) => resolveExit({ code, stderr }));
      });
    const exits = await Promise.all([run('a'), run('b')]);
    for (const exit of exits) expect(exit).toEqual({ code: 0, stderr: '' });

    const files = logFiles(dir);
    expect(files.length).toBeGreaterThan(20);
    expect(existsSync(`${file}.rotating`)).toBe(false);
    const all = files.flatMap((f) => readLines(f));
    for (const writer of ['a', 'b']) {
      const seqs = all.filter((l) => l.writer === writer).map((l) => l.seq);
      // Oldest file first: each writer's lines appear once each, in the order written.
      expect(seqs, writer).toEqual(Array.from({ length: LINES }, (_, i) => i));
    }
  });
});
