import type { Envelope } from '../../shared/errors.js';
import type { OfficinaEvent } from '../../shared/events.js';
import type { CoreReply, CoreRequest } from './core-protocol.js';

/** What the relay needs from the main process: a way to reach the core, and the window. */
export interface RelayPorts {
  /** Sends a request to the core's utility process; may throw if it is gone. */
  post(request: CoreRequest): void;
  /** Forwards one of the core's events to the window. */
  emit(event: OfficinaEvent): void;
}

const OPERATION_NAME = /^[a-z][a-z0-9_]{0,99}$/;

/**
 * The main process's half of the IPC relay, without Electron: gives each call from the window a
 * request id, remembers it until the core answers, routes replies and events, and answers every
 * waiting call with an error envelope when the core stops — so the window never waits forever.
 */
export class CoreRelay {
  private readonly ports: RelayPorts;
  private readonly pending = new Map<number, (reply: Envelope<unknown>) => void>();
  private nextId = 1;
  private state: 'running' | 'stopping' | 'stopped' = 'running';
  private exitCode: number | null = null;
  private readonly exitWaiters = new Set<() => void>();

  constructor(ports: RelayPorts) {
    this.ports = ports;
  }

  /** Calls waiting for the core's answer. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Relays one call from the window; always resolves, with the core's envelope or an error envelope. */
  call(name: unknown, input: unknown, callId?: unknown): Promise<Envelope<unknown>> {
    if (typeof name !== 'string' || !OPERATION_NAME.test(name)) {
      return Promise.resolve(
        failure('invalid_input', 'Name the operation to call, in snake_case (like list_customers).'),
      );
    }
    if (this.state !== 'running') return Promise.resolve(this.unavailable());
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      try {
        this.ports.post({ kind: 'call', id, name, input, ...(typeof callId === 'string' ? { callId } : {}) });
      } catch (error) {
        this.pending.delete(id);
        resolve(failure('internal', `Could not reach Officina's core (${describe(error)}). Restart the app.`));
      }
    });
  }

  /** A message from the core: a reply goes to the call that waits for it, an event to the window. */
  receive(message: unknown): void {
    if (!isRecord(message)) return;
    if (message['kind'] === 'reply' && typeof message['id'] === 'number') {
      const reply = message as CoreReply & { kind: 'reply' };
      const resolve = this.pending.get(reply.id);
      if (!resolve) return; // already answered (the core stopped meanwhile) or never asked
      this.pending.delete(reply.id);
      resolve(reply.envelope);
    } else if (message['kind'] === 'event' && isRecord(message['event'])) {
      this.ports.emit((message as CoreReply & { kind: 'event' }).event);
    }
  }

  /** The core's process ended: every waiting call gets an error, and later calls too. */
  exited(code: number | null): void {
    const wasStopping = this.state === 'stopping';
    this.state = 'stopped';
    this.exitCode = code;
    const error = wasStopping ? failure('internal', 'Officina is closing; the call was not made.') : this.unavailable();
    for (const resolve of this.pending.values()) resolve(error);
    this.pending.clear();
    for (const wake of this.exitWaiters) wake();
    this.exitWaiters.clear();
  }

  /**
   * Asks the core to finish its calls and close the database, then waits for it to exit, at most
   * `timeoutMs`. Resolves 'exited' or 'timeout' (then the caller should kill it).
   */
  shutdown(timeoutMs: number): Promise<'exited' | 'timeout'> {
    if (this.state === 'stopped') return Promise.resolve('exited');
    if (this.state === 'running') {
      this.state = 'stopping';
      try {
        this.ports.post({ kind: 'shutdown' });
      } catch {
        // Already gone: its exit event follows.
      }
    }
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        resolve('exited');
      };
      const timer = setTimeout(() => {
        this.exitWaiters.delete(wake);
        resolve('timeout');
      }, timeoutMs);
      this.exitWaiters.add(wake);
    });
  }

  private unavailable(): Envelope<never> {
    if (this.state === 'stopping') return failure('internal', 'Officina is closing; the call was not made.');
    return failure(
      'internal',
      `Officina's core stopped${this.exitCode === null ? '' : ` (exit code ${this.exitCode})`}; restart the app. ` +
        'The log file in the data folder says why.',
    );
  }
}

/**
 * Whether an IPC message may be relayed: it must come from the app's own window (the very
 * webContents it was opened with), from its top frame, showing the app's own page — not from a
 * frame or page that got in some other way.
 */
export function isTrustedSender(
  expected: object | undefined,
  actual: { sender: object; frameUrl: string | undefined; topFrame: boolean },
  isAppUrl: (url: string) => boolean,
): boolean {
  return (
    expected !== undefined &&
    actual.sender === expected &&
    actual.topFrame &&
    actual.frameUrl !== undefined &&
    isAppUrl(actual.frameUrl)
  );
}

export const UNTRUSTED_SENDER: Envelope<never> = failure(
  'forbidden',
  'Calls are accepted from the Officina window only.',
);

function failure(code: 'invalid_input' | 'forbidden' | 'internal', message: string): Envelope<never> {
  return { ok: false, error: { code, message } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
