import { describe, expect, it } from 'vitest';
import type { OfficinaEvent } from '../../shared/events.js';
import type { CoreRequest } from './core-protocol.js';
import { CoreRelay, isTrustedSender, UNTRUSTED_SENDER } from './relay.js';

function relayWithLog() {
  const posted: CoreRequest[] = [];
  const emitted: OfficinaEvent[] = [];
  const relay = new CoreRelay({ post: (r) => posted.push(r), emit: (e) => emitted.push(e) });
  return { relay, posted, emitted };
}

const calls = (posted: CoreRequest[]) => posted.filter((r): r is CoreRequest & { kind: 'call' } => r.kind === 'call');

describe('the main process’s relay', () => {
  it('gives each call its own id and resolves it with the matching reply, in any order', async () => {
    const { relay, posted } = relayWithLog();
    const first = relay.call('get_customer', { customer_id: 1 });
    const second = relay.call('list_customers', {});
    const [a, b] = calls(posted);
    expect(a).toEqual({ kind: 'call', id: 1, name: 'get_customer', input: { customer_id: 1 } });
    expect(b?.id).toBe(2);
    expect(relay.pendingCount).toBe(2);
    relay.receive({ kind: 'reply', id: 2, envelope: { ok: true, data: { items: [] } } });
    relay.receive({
      kind: 'reply',
      id: 1,
      envelope: { ok: false, error: { code: 'not_found', message: 'No customer 1' } },
    });
    await expect(second).resolves.toEqual({ ok: true, data: { items: [] } });
    await expect(first).resolves.toEqual({ ok: false, error: { code: 'not_found', message: 'No customer 1' } });
    expect(relay.pendingCount).toBe(0);
  });

  it('forwards events to the window and ignores replies nobody waits for and malformed messages', () => {
    const { relay, emitted } = relayWithLog();
    const event: OfficinaEvent = { type: 'record.changed', entity: 'customer', id: 7, action: 'updated' };
    relay.receive({ kind: 'event', event });
    for (const junk of [
      null,
      undefined,
      'reply',
      42,
      {},
      { kind: 'reply' },
      { kind: 'reply', id: 99, envelope: {} },
      { kind: 'event' },
      { kind: 'other' },
    ]) {
      expect(() => relay.receive(junk)).not.toThrow();
    }
    expect(emitted).toEqual([event]);
  });

  it('refuses a call without a proper operation name, without bothering the core', async () => {
    const { relay, posted } = relayWithLog();
    for (const name of [
      undefined,
      42,
      '',
      'Get Customer',
      '../etc',
      'x'.repeat(101),
      { toString: () => 'list_customers' },
    ]) {
      const envelope = await relay.call(name, {});
      expect(envelope).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(posted).toEqual([]);
  });

  it('answers every waiting call with an error when the core dies, and later calls too', async () => {
    const { relay } = relayWithLog();
    const waiting = [relay.call('list_customers', {}), relay.call('get_customer', { customer_id: 1 })];
    relay.exited(134);
    for (const envelope of await Promise.all(waiting)) {
      expect(envelope).toEqual({
        ok: false,
        error: { code: 'internal', message: expect.stringMatching(/core stopped \(exit code 134\); restart the app/) },
      });
    }
    expect(relay.pendingCount).toBe(0);
    await expect(relay.call('list_customers', {})).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
    // A late reply from a core that is gone changes nothing.
    relay.receive({ kind: 'reply', id: 1, envelope: { ok: true, data: null } });
  });

  it('answers with an error when the core cannot be reached', async () => {
    const relay = new CoreRelay({
      post: () => {
        throw new Error('UtilityProcess is not running');
      },
      emit: () => undefined,
    });
    await expect(relay.call('list_customers', {})).resolves.toEqual({
      ok: false,
      error: { code: 'internal', message: expect.stringContaining('UtilityProcess is not running') },
    });
    expect(relay.pendingCount).toBe(0);
  });

  it('shuts the core down: asks once, refuses new calls, waits for the exit', async () => {
    const { relay, posted } = relayWithLog();
    const running = relay.call('create_customer', { name: 'A', email: 'a@example.com' });
    const stopped = relay.shutdown(5_000);
    const again = relay.shutdown(5_000);
    expect(posted.filter((r) => r.kind === 'shutdown')).toHaveLength(1);
    await expect(relay.call('list_customers', {})).resolves.toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/closing/) },
    });
    // The core finishes the running call before it exits.
    relay.receive({ kind: 'reply', id: 1, envelope: { ok: true, data: { id: 1 } } });
    await expect(running).resolves.toEqual({ ok: true, data: { id: 1 } });
    relay.exited(0);
    await expect(stopped).resolves.toBe('exited');
    await expect(again).resolves.toBe('exited');
    await expect(relay.shutdown(5_000)).resolves.toBe('exited');
  });

  it('gives up waiting for a core that does not exit', async () => {
    const { relay } = relayWithLog();
    await expect(relay.shutdown(20)).resolves.toBe('timeout');
  });
});

describe('who may call', () => {
  const windowContents = { id: 1 };
  const isAppUrl = (url: string) => url.startsWith('file:///app/index.html');
  const APP = 'file:///app/index.html#/customers';
  const from = (sender: object, frameUrl: string | undefined = APP, topFrame = true) => ({
    sender,
    frameUrl,
    topFrame,
  });

  it('the app’s window, from its top frame on the app’s page', () => {
    expect(isTrustedSender(windowContents, from(windowContents), isAppUrl)).toBe(true);
  });

  it('nobody else', () => {
    expect(isTrustedSender(undefined, from(windowContents), isAppUrl), 'no window yet').toBe(false);
    expect(isTrustedSender(windowContents, from({ id: 1 }), isAppUrl), 'another web contents').toBe(false);
    expect(isTrustedSender(windowContents, from(windowContents, 'https://evil.example/'), isAppUrl)).toBe(false);
    expect(
      isTrustedSender(windowContents, { sender: windowContents, frameUrl: undefined, topFrame: true }, isAppUrl),
      'frame gone',
    ).toBe(false);
    expect(
      isTrustedSender(windowContents, from(windowContents, 'https://evil.example/', false), isAppUrl),
      'subframe',
    ).toBe(false);
    expect(
      isTrustedSender(windowContents, from(windowContents, 'file:///app/index.html', false), isAppUrl),
      'a subframe showing the app',
    ).toBe(false);
  });

  it('is told so in an envelope', () => {
    expect(UNTRUSTED_SENDER).toEqual({ ok: false, error: { code: 'forbidden', message: expect.any(String) } });
  });
});
