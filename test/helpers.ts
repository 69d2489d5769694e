import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { createOfficina, TOOLSETS, type CreateOptions, type Officina } from '../electron/core/app.js';
import type { Caller } from '../electron/core/catalogue/context.js';
import type { Face } from '../shared/operation.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

export function tempDir(prefix = 'officina-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A whole Officina on a fresh temp data directory, closed after the test. */
export function testApp(options: Partial<CreateOptions> = {}): Officina & { call: TestCall } {
  const app = createOfficina({
    dataDir: options.dataDir ?? tempDir(),
    logLevel: 'silent',
    watchOtherProcesses: false,
    watchVault: false,
    // The monitor scheduler writes its lease at start: tests that compare stored data before and after
    // would see it. Tests of the scheduler drive it themselves.
    runMonitors: false,
    // Never this machine's Claude Desktop: a test that connects writes under a temporary home.
    claudeDesktop: { platform: 'linux', env: {}, home: tempDir() },
    ...options,
  });
  cleanups.push(() => app.close());
  const call: TestCall = (name, input, caller = { kind: 'ui', name: 'test' }, face = 'ui') =>
    app.catalogue.call(name, input, { caller, face });
  return Object.assign(app, { call });
}

export type TestCall = (
  name: string,
  input?: unknown,
  caller?: Caller,
  face?: Face,
) => ReturnType<Officina['catalogue']['call']>;

/** Unwraps a successful envelope or fails with its error. */
export function ok<T = Record<string, unknown>>(envelope: { ok: boolean; data?: unknown; error?: unknown }): T {
  if (!envelope.ok) throw new Error(`expected ok, got ${JSON.stringify(envelope.error)}`);
  return envelope.data as T;
}

/**
 * Gives assistants every toolset, as the person would in Settings → Assistant permissions: a new
 * installation gives them only the default toolsets (shared/toolsets.ts).
 */
export async function giveEveryToolset(app: Officina): Promise<void> {
  ok(
    await app.catalogue.call(
      'update_assistant_permissions',
      { toolsets: [...TOOLSETS] },
      { caller: { kind: 'ui', name: 'test' }, face: 'ui' },
    ),
  );
}

/** The same for a data directory a test is about to start `officina mcp` or `serve` on. */
export async function giveEveryToolsetIn(dataDir: string): Promise<void> {
  const app = createOfficina({ dataDir, logLevel: 'silent', watchOtherProcesses: false, watchVault: false });
  try {
    await giveEveryToolset(app);
  } finally {
    await app.close();
  }
}
