import { execFile, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, posix, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCli } from '../electron/cli/options.js';
import { chromiumSandbox, findChromium } from '../electron/core/scraper/render/chromium.js';
import { execForm, finalStageEnv, readDockerfile } from '../test/dockerfile.js';

// The Dockerfile held to the repository (run `npm run build` first): its CMD and ENV are a serve the
// CLI accepts; what it copies exists and .dockerignore lets it in; and the runtime stage's layout —
// package.json, bin/officina.mjs, out/node, out/renderer — laid out in a temporary folder runs the
// image's CMD, answers its HEALTHCHECK and serves the UI. Where Docker is installed, the image is
// built and run for real.

const ROOT = resolve(import.meta.dirname, '..');
const instructions = readDockerfile(join(ROOT, 'Dockerfile'));
const lastStage = Math.max(...instructions.map((i) => i.stage));
const runtime = instructions.filter((i) => i.stage === lastStage);
const imageEnv = finalStageEnv(instructions);
const cmd = execForm(runtime.find((i) => i.keyword === 'CMD')?.args ?? '');
const healthcheck = execForm(runtime.find((i) => i.keyword === 'HEALTHCHECK')?.args ?? '');
const run = promisify(execFile);

const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((cleanup) => cleanup()));

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** A command of the image (`node …`) run here with this Node; its exit code. */
function runImageCommand(argv: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<number | null> {
  const [program, ...args] = argv;
  expect(program).toBe('node');
  return new Promise((done) => {
    const child = spawn(process.execPath, args, { cwd, env, stdio: 'ignore' });
    child.once('exit', (code) => done(code));
  });
}

describe('the Dockerfile', () => {
  it('runs `officina serve` on all interfaces of the container, port 7411, data on the volume, as a user', () => {
    expect(instructions.filter((i) => i.keyword === 'FROM').map((i) => i.args.split(' ')[0])).toEqual([
      'node:24-bookworm-slim',
      'node:24-bookworm-slim',
    ]);
    expect(cmd.slice(0, 2)).toEqual(['node', 'bin/officina.mjs']);
    // The CLI's own parser, on the CMD's arguments and the image's environment (a misspelt variable
    // would leave its default, and fail here).
    const options = parseCli(cmd.slice(2), imageEnv);
    expect(options).toMatchObject({
      command: 'serve',
      host: '0.0.0.0',
      port: 7411,
      dataDir: '/data',
      vault: '/data/vault',
      noAuth: false,
    });
    const volumes = runtime.filter((i) => i.keyword === 'VOLUME').flatMap((i) => execForm(i.args));
    expect(volumes.some((volume) => options.dataDir === volume || options.dataDir.startsWith(`${volume}/`))).toBe(true);
    expect(runtime.filter((i) => i.keyword === 'EXPOSE').map((i) => Number(i.args))).toEqual([options.port]);
    const users = runtime.filter((i) => i.keyword === 'USER').map((i) => i.args);
    expect(users.at(-1)).toBe('node');
    expect(healthcheck.at(-1)).toContain('/health');
  });

  it('installs Debian’s Chromium for pages that need their scripts, found through OFFICINA_CHROMIUM, sandboxed', () => {
    const arg = runtime.find((i) => i.keyword === 'ARG' && i.args.startsWith('WITH_CHROMIUM'));
    expect(arg?.args).toBe('WITH_CHROMIUM=1');
    const install = runtime.find((i) => i.keyword === 'RUN' && /apt-get install/.test(i.args));
    expect(install?.args).toMatch(/"\$WITH_CHROMIUM" = "1"/);
    expect(install?.args).toMatch(/apt-get install -y --no-install-recommends chromium\b/);
    // Before the user changes: apt needs root, Chromium runs as `node`.
    expect(runtime.indexOf(install ?? runtime[0]!)).toBeLessThan(runtime.findIndex((i) => i.keyword === 'USER'));
    // Where Debian's package puts it, and what the scraper then launches.
    expect(imageEnv['OFFICINA_CHROMIUM']).toBe('/usr/bin/chromium');
    expect(findChromium(imageEnv, 'linux', (path) => path === '/usr/bin/chromium')).toBe('/usr/bin/chromium');
    // The image's user (node, uid 1000) runs it with its sandbox: no --no-sandbox unless asked for.
    expect(chromiumSandbox(imageEnv, 1000)).toBe(true);
    expect(imageEnv['OFFICINA_CHROMIUM_SANDBOX']).toBeUndefined();
  });

  it('copies from the build context only files that exist and that .dockerignore lets in', () => {
    const ignore = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
    // Everything out, then what the image needs back in: nothing else can slip into the context.
    expect(ignore[0]).toBe('*');
    const letIn = ignore.filter((line) => line.startsWith('!')).map((line) => line.slice(1));
    const copies = instructions.filter((i) => i.keyword === 'COPY' && !i.args.startsWith('--from='));
    const sources = copies.flatMap((i) => i.args.split(/\s+/).slice(0, -1));
    expect(sources.length).toBeGreaterThan(5);
    for (const source of sources) {
      expect(existsSync(join(ROOT, source)), source).toBe(true);
      const covered = letIn.some((path) => source === path || source.startsWith(`${path}/`));
      expect(covered, `${source} is not let back in by .dockerignore`).toBe(true);
    }
    // And what is let back in is used.
    for (const path of letIn)
      expect(
        sources.some((source) => source === path || path.startsWith(`${source}/`)),
        `${path} is let in but not copied`,
      ).toBe(true);
  });

  it('builds with `npm run build` and takes from the build stage only what the build writes to out/', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const buildRuns = instructions.filter((i) => i.stage === 0 && i.keyword === 'RUN').map((i) => i.args);
    expect(buildRuns).toContain('npm run build');
    expect(manifest.scripts['build']).toBeDefined();
    const fromBuild = instructions
      .filter((i) => i.keyword === 'COPY' && i.args.startsWith('--from=build'))
      .map((i) => i.args.split(/\s+/)[1] ?? '');
    expect(fromBuild.sort()).toEqual(['/app/out/node', '/app/out/renderer']);
    for (const source of fromBuild) expect(existsSync(join(ROOT, posix.relative('/app', source))), source).toBe(true);
  });

  it("its runtime layout runs the image's CMD, answers its HEALTHCHECK, serves the UI, and stops on SIGTERM", async () => {
    // The runtime stage's files, as its COPY instructions place them under WORKDIR /app.
    const app = mkdtempSync(join(tmpdir(), 'officina-image-'));
    cleanups.push(() => rmSync(app, { recursive: true, force: true }));
    for (const copy of runtime.filter((i) => i.keyword === 'COPY')) {
      const parts = copy.args.split(/\s+/);
      const fromBuild = parts[0]?.startsWith('--from=') ?? false;
      const paths = fromBuild ? parts.slice(1) : parts;
      const target = paths.at(-1) ?? '';
      for (const source of paths.slice(0, -1)) {
        const from = join(ROOT, fromBuild ? posix.relative('/app', source) : source);
        const to = target.endsWith('/')
          ? join(app, target, source.split('/').at(-1) ?? '')
          : target === './'
            ? join(app, source)
            : join(app, target);
        mkdirSync(dirname(to), { recursive: true });
        cpSync(from, to, { recursive: true });
      }
    }
    // `npm ci --omit=dev` in the image; the repository's node_modules here (production ones included).
    symlinkSync(join(ROOT, 'node_modules'), join(app, 'node_modules'), 'dir');

    const port = await freePort();
    const data = join(app, 'data');
    // The image's environment, with the data directory moved into the temp folder and loopback
    // instead of all interfaces (this is a shared machine, not a container).
    const env = {
      PATH: process.env['PATH'],
      HOME: app,
      ...imageEnv,
      OFFICINA_DATA_DIR: data,
      OFFICINA_VAULT: join(data, 'vault'),
      OFFICINA_HOST: '127.0.0.1',
      OFFICINA_PORT: String(port),
      OFFICINA_LOG_LEVEL: 'warn',
    };
    const [, ...serveArgs] = cmd;
    const serve = spawn(process.execPath, serveArgs, { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    serve.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    serve.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((done) => serve.once('exit', (code) => done(code)));
    cleanups.push(() => serve.kill('SIGKILL'));

    const base = `http://127.0.0.1:${port}`;
    await expect
      .poll(async () => (await fetch(`${base}/ready`).catch(() => undefined))?.status, {
        timeout: 30_000,
        interval: 100,
      })
      .toBe(200);
    expect(await runImageCommand(healthcheck.slice(healthcheck.indexOf('CMD') + 1), env, app)).toBe(0);
    const page = await fetch(`${base}/`);
    expect(page.status, output).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    expect(existsSync(join(data, 'officina.db'))).toBe(true);

    serve.kill('SIGTERM');
    expect(await exited, output).toBe(0);
    expect(await runImageCommand(healthcheck.slice(healthcheck.indexOf('CMD') + 1), env, app)).toBe(1);
  });
});

const docker = spawnSync('docker', ['version', '--format', '{{.Server.Version}}'], { encoding: 'utf8' });
const dockerReason =
  docker.error !== undefined
    ? 'docker is not installed on this machine'
    : docker.status !== 0
      ? `docker cannot reach its daemon: ${docker.stderr.trim()}`
      : undefined;
if (dockerReason) process.stderr.write(`docker-image.e2e.ts: skipping the image build: ${dockerReason}\n`);

describe.skipIf(dockerReason !== undefined)(
  `the Docker image${dockerReason ? ` (skipped: ${dockerReason})` : ''}`,
  () => {
    it('builds, becomes ready on the published port, passes its HEALTHCHECK and stops cleanly', async () => {
      const tag = `officina-test:${process.pid}`;
      await run('docker', ['build', '--tag', tag, '.'], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024, timeout: 900_000 });
      cleanups.push(() => spawnSync('docker', ['image', 'rm', '--force', tag]));
      const { stdout: id } = await run('docker', ['run', '--detach', '--publish', '127.0.0.1::7411', tag]);
      const container = id.trim();
      cleanups.push(() => spawnSync('docker', ['rm', '--force', container]));
      const { stdout: address } = await run('docker', ['port', container, '7411/tcp']);
      const base = `http://${address.trim().split('\n')[0]}`;
      await expect
        .poll(async () => (await fetch(`${base}/ready`).catch(() => undefined))?.status, {
          timeout: 60_000,
          interval: 250,
        })
        .toBe(200);
      const check = await run('docker', ['exec', container, ...healthcheck.slice(healthcheck.indexOf('CMD') + 1)]).then(
        () => 0,
        (error: { code?: number }) => error.code ?? 1,
      );
      expect(check).toBe(0);
      const { stdout: user } = await run('docker', ['exec', container, 'id', '-u']);
      expect(user.trim()).not.toBe('0');
      await run('docker', ['stop', '--time', '20', container]);
      const { stdout: exitCode } = await run('docker', ['inspect', '--format', '{{.State.ExitCode}}', container]);
      expect(exitCode.trim()).toBe('0');
    }, 960_000);
  },
);
