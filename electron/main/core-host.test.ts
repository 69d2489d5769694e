import { statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ActivityEntry } from '../../shared/activity.js';
import type { Customer } from '../../shared/customers.js';
import type { OfficinaEvent } from '../../shared/events.js';
import { ok, tempDir, testApp } from '../../test/helpers.js';
import type { CoreSettings } from './core-env.js';
import { hostCore, type ParentPortLike } from './core-host.js';
import type { CoreReply } from './core-protocol.js';
import { CoreRelay } from './relay.js';

/**
 * The main process's relay and the core's host, joined the way Electron joins them (a message port
 * that structured-clones each message), on a real data directory: everything but Electron itself.
 */
function desktop(settings: Partial<CoreSettings> = {}) {
  const dataDir = settings.dataDir ?? tempDir('officina-core-host-');
  const listeners: ((message: { data: unknown }) => void)[] = [];
  const emitted: OfficinaEvent[] = [];
  const exits: number[] = [];
  const fromCore: CoreReply[] = [];
  const relay = new CoreRelay({
    post: (request) => {
      const data = structuredClone(request);
      queueMicrotask(() => listeners.forEach((l) => l({ data })));
    },
    emit: (event) => emitted.push(event),
  });
  const port: ParentPortLike = {
    on: (_event, listener) => listeners.push(listener),
    postMessage: (message: CoreReply) => {
      fromCore.push(message);
      queueMicrotask(() => relay.receive(structuredClone(message)));
    },
  };
  const host = hostCore(port, {
    settings: { dataDir, vault: join(dataDir, 'vault'), allowPaths: [], logLevel: 'silent', ...settings },
    exit: (code) => {
      exits.push(code);
      relay.exited(code);
    },
  });
  return {
    relay,
    host,
    emitted,
    exits,
    fromCore,
    dataDir,
    deliver: (data: unknown) => listeners.forEach((l) => l({ data })),
  };
}

describe('the desktop core, relayed', () => {
  it('answers calls with the catalogue’s envelopes and forwards the events they cause', async () => {
    const { relay, emitted } = desktop();
    const created = ok<Customer>(await relay.call('create_customer', { name: 'Zoë Müller', email: 'zoe@example.com' }));
    expect(created).toMatchObject({ id: 1, name: 'Zoë Müller' });
    expect(emitted).toContainEqual({ type: 'record.changed', entity: 'customer', id: 1, action: 'created' });

    const invalid = await relay.call('create_customer', { name: 'No Email', email: 'nope' });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'email' }] } });
    const missing = await relay.call('no_such_operation', {});
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });
    await relay.shutdown(5_000);
  });

  it('records the window’s calls as the desktop UI’s', async () => {
    const { relay, dataDir } = desktop();
    ok(await relay.call('create_customer', { name: 'Ada', email: 'ada@example.com' }));
    await relay.shutdown(5_000);
    const reader = testApp({ dataDir });
    const log = ok<{ items: ActivityEntry[] }>(await reader.call('list_activity', {}));
    expect(log.items).toContainEqual(
      expect.objectContaining({ operation: 'create_customer', caller_kind: 'ui', caller: 'desktop' }),
    );
  });

  it('shows another process’s writes to the window (change feed)', async () => {
    const { relay, emitted, dataDir } = desktop();
    ok(await relay.call('list_customers', {})); // the core is up
    const other = testApp({ dataDir });
    const created = ok<Customer>(await other.call('create_customer', { name: 'Joan', email: 'joan@example.com' }));
    await expect
      .poll(() => emitted, { timeout: 5_000 })
      .toContainEqual({ type: 'record.changed', entity: 'customer', id: created.id, action: 'created' });
    await relay.shutdown(5_000);
  });

  it('on shutdown, finishes the running calls, closes the database and exits; later calls are refused', async () => {
    const { relay, host, exits, fromCore, deliver, dataDir } = desktop();
    const running = Array.from({ length: 20 }, (_, i) =>
      relay.call('create_customer', { name: `Customer ${i}`, email: `c${i}@example.com` }),
    );
    const stopped = relay.shutdown(5_000);
    const refused = await relay.call('list_customers', {});
    expect(refused).toMatchObject({ ok: false, error: { message: expect.stringMatching(/closing/) } });
    for (const envelope of await Promise.all(running)) expect(envelope.ok).toBe(true);
    await expect(stopped).resolves.toBe('exited');
    await host.closed;
    expect(exits).toEqual([0]);

    // The core itself also refuses a call that slipped in after the shutdown request.
    deliver({ kind: 'call', id: 999, name: 'list_customers', input: {} });
    expect(fromCore.at(-1)).toEqual({
      kind: 'reply',
      id: 999,
      envelope: { ok: false, error: { code: 'internal', message: expect.stringMatching(/closing/) } },
    });

    // Everything was written: another process sees all twenty.
    const reader = testApp({ dataDir });
    const list = ok<{ items: Customer[] }>(await reader.call('list_customers', { limit: 50 }));
    expect(list.items).toHaveLength(20);
  });

  it('answers with an error, not silence, when the data directory cannot be opened', async () => {
    const dir = tempDir('officina-core-host-bad-');
    const file = join(dir, 'not-a-directory');
    writeFileSync(file, 'x');
    const { relay, exits } = desktop({ dataDir: file });
    const envelope = await relay.call('list_customers', {});
    expect(envelope).toMatchObject({
      ok: false,
      error: { code: 'internal', message: expect.stringContaining(`could not open its data in ${file}`) },
    });
    await expect(relay.shutdown(5_000)).resolves.toBe('exited');
    expect(exits).toEqual([0]);
  });

  it('refuses an emptied database where one was kept, with the advice, and leaves it as it is', async () => {
    const dataDir = tempDir('officina-core-host-emptied-');
    await testApp({ dataDir }).close();
    truncateSync(join(dataDir, 'officina.db'), 0);
    const { relay } = desktop({ dataDir });
    const envelope = await relay.call('list_customers', {});
    expect(envelope).toMatchObject({
      ok: false,
      error: {
        code: 'conflict',
        message: expect.stringMatching(
          /officina\.db is empty \(0 bytes\).*move officina\.db, data-directory\.txt aside/,
        ),
      },
    });
    expect(statSync(join(dataDir, 'officina.db')).size).toBe(0);
    await relay.shutdown(5_000);
  });

  it('ignores malformed messages from the main process', async () => {
    const { relay, deliver } = desktop();
    for (const junk of [
      null,
      7,
      'call',
      {},
      { kind: 'call' },
      { kind: 'call', id: '1', name: 'x' },
      { kind: 'call', id: 1 },
    ]) {
      expect(() => deliver(junk)).not.toThrow();
    }
    ok(await relay.call('list_customers', {}));
    await relay.shutdown(5_000);
  });
});
