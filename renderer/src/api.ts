import type { InputOf, OperationName, OutputOf } from '../../shared/contracts.js';
import { isErrorCode, type Envelope, type ErrorCode, type ErrorIssue } from '../../shared/errors.js';
import type { OfficinaBridge } from '../../shared/bridge.js';
import type { OfficinaEvent, OfficinaEventType } from '../../shared/events.js';

declare global {
  interface Window {
    officina?: OfficinaBridge;
  }
}

/** A failed operation, as the envelope described it. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly issues: ErrorIssue[];
  /** Set when the HTTP server refused the call because nobody is signed in. */
  readonly signedOut: boolean;

  constructor(code: ErrorCode, message: string, issues: ErrorIssue[] = [], signedOut = false) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.issues = issues;
    this.signedOut = signedOut;
  }
}

const bridge = typeof window !== 'undefined' ? window.officina : undefined;

/** In a browser against `officina serve` (not the desktop app): the person has a session to sign out of. */
export const signedInOverHttp = bridge === undefined;

// ---------------------------------------------------------------------------------------------
// Signed-out state (browser mode only): one 401 puts the whole app on the sign-in page.

let signedOut = false;
const signedOutListeners = new Set<() => void>();

export function isSignedOut(): boolean {
  return signedOut;
}

export function onSignedOutChange(listener: () => void): () => void {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
}

function markSignedOut(): void {
  if (signedOut) return;
  signedOut = true;
  for (const listener of signedOutListeners) listener();
}

// ---------------------------------------------------------------------------------------------
// Calls

export interface CallProgress {
  done: number;
  total: number | null;
  message: string | null;
}

export interface CallOptions {
  /** Steps of a long call (a crawl), as the core reports them. */
  onProgress?: (progress: CallProgress) => void;
  /** Aborting cancels the call in the browser (the server stops it); the desktop app waits for the answer. */
  signal?: AbortSignal;
}

export async function call<N extends OperationName>(
  name: N,
  input: InputOf<N>,
  options: CallOptions = {},
): Promise<OutputOf<N>> {
  const callId = options.onProgress ? crypto.randomUUID() : undefined;
  const stopListening =
    options.onProgress && callId
      ? onEvent((event) => {
          if (event.type === 'call.progress' && event.call_id === callId) {
            options.onProgress?.({ done: event.done, total: event.total, message: event.message });
          }
        })
      : undefined;
  try {
    const envelope = bridge
      ? await callBridge(bridge, name, input, callId)
      : await callHttp(name, input, callId, options.signal);
    if (envelope.ok) return envelope.data as OutputOf<N>;
    throw new ApiError(envelope.error.code, envelope.error.message, envelope.error.issues ?? []);
  } finally {
    stopListening?.();
  }
}

async function callBridge(
  officina: OfficinaBridge,
  name: string,
  input: unknown,
  callId: string | undefined,
): Promise<Envelope<unknown>> {
  try {
    return readEnvelope(await officina.call(name, input, callId ? { callId } : undefined));
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new ApiError('internal', `Officina's core did not answer (${describe(error)}). Restart the app.`);
  }
}

async function callHttp(
  name: string,
  input: unknown,
  callId: string | undefined,
  signal: AbortSignal | undefined,
): Promise<Envelope<unknown>> {
  let response: Response;
  try {
    response = await fetch('/api/ops/' + encodeURIComponent(name), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(callId ? { 'x-officina-call-id': callId } : {}) },
      body: JSON.stringify(input ?? {}),
      credentials: 'same-origin',
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    if (signal?.aborted) throw new ApiError('conflict', 'Cancelled.');
    throw new ApiError(
      'internal',
      `Could not reach Officina's server (${describe(error)}). Check that \`officina serve\` is still running, then try again.`,
    );
  }

  if (response.status === 401) {
    markSignedOut();
    throw new ApiError('forbidden', 'You are not signed in to Officina.', [], true);
  }

  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new ApiError(
      response.status >= 500 ? 'external' : 'internal',
      `Officina's server answered HTTP ${response.status} without a readable result. Check the server's log.`,
    );
  }
  return readEnvelope(body, response.status);
}

/**
 * Restarts Officina so that a staged restore applies: the desktop app relaunches itself; `serve` stops
 * for its process manager to start it again (only when it was told one will: AppInfo.restart).
 */
export async function restartOfficina(): Promise<void> {
  if (bridge) return bridge.restart();
  let response: Response;
  try {
    response = await fetch('/api/restart', { method: 'POST', credentials: 'same-origin' });
  } catch (error) {
    throw new ApiError('internal', `Could not reach Officina's server (${describe(error)}).`);
  }
  if (response.status === 401) {
    markSignedOut();
    throw new ApiError('forbidden', 'You are not signed in to Officina.', [], true);
  }
  const envelope = readEnvelope(await response.json().catch(() => undefined), response.status);
  if (!envelope.ok) throw new ApiError(envelope.error.code, envelope.error.message, envelope.error.issues ?? []);
}

/** Checks the envelope's shape, so a malformed answer becomes a readable error rather than a crash later. */
function readEnvelope(body: unknown, status?: number): Envelope<unknown> {
  if (isRecord(body) && body['ok'] === true && 'data' in body) return { ok: true, data: body['data'] };
  if (isRecord(body) && body['ok'] === false && isRecord(body['error'])) {
    const error = body['error'];
    const code = isErrorCode(error['code']) ? error['code'] : 'internal';
    const message = typeof error['message'] === 'string' ? error['message'] : 'The operation failed without a message.';
    const issues = Array.isArray(error['issues']) ? error['issues'].filter(isIssue) : [];
    return { ok: false, error: { code, message, issues } };
  }
  const where = status === undefined ? '' : ` (HTTP ${status})`;
  throw new ApiError('internal', `Officina answered in an unexpected shape${where}. Check the server's log.`);
}

function isIssue(value: unknown): value is ErrorIssue {
  return isRecord(value) && typeof value['path'] === 'string' && typeof value['message'] === 'string';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// ---------------------------------------------------------------------------------------------
// Events

type EventListener = (event: OfficinaEvent) => void;

const eventListeners = new Set<EventListener>();
const reconnectListeners = new Set<() => void>();
let detachSource: (() => void) | undefined;

export function onEvent(listener: EventListener): () => void {
  eventListeners.add(listener);
  detachSource ??= bridge ? bridge.on(dispatch) : openEventStream();
  return () => {
    eventListeners.delete(listener);
    if (eventListeners.size === 0) {
      detachSource?.();
      detachSource = undefined;
    }
  };
}

/**
 * Called when the browser's event stream comes back after a break: events sent meanwhile are lost,
 * so listeners should refresh what they show.
 */
export function onEventsResumed(listener: () => void): () => void {
  reconnectListeners.add(listener);
  return () => reconnectListeners.delete(listener);
}

function dispatch(event: OfficinaEvent): void {
  for (const listener of eventListeners) {
    try {
      listener(event);
    } catch (error) {
      // One broken listener must not starve the others of events.
      console.error('An Officina event listener failed', error);
    }
  }
}

// The server may send unnamed messages or name each one after its type; both are accepted.
const EVENT_TYPES = [
  'record.changed',
  'activity.recorded',
  'settings.changed',
  'document.changed',
  'vault.changed',
  'monitor.changed',
  'run.updated',
  'call.progress',
] as const satisfies readonly OfficinaEventType[];

function openEventStream(): () => void {
  let source: EventSource | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let retryDelay = 1000;
  let interrupted = false;
  let closed = false;

  const onMessage = (message: MessageEvent<string>) => {
    let event: unknown;
    try {
      event = JSON.parse(message.data);
    } catch {
      console.error('Officina sent an event that is not JSON:', message.data);
      return;
    }
    if (isRecord(event) && typeof event['type'] === 'string') dispatch(event as OfficinaEvent);
    else console.error('Officina sent an event without a type:', event);
  };

  const connect = () => {
    source = new EventSource('/api/events', { withCredentials: true });
    source.addEventListener('message', onMessage);
    for (const type of EVENT_TYPES) source.addEventListener(type, onMessage);
    source.addEventListener('open', () => {
      retryDelay = 1000;
      if (interrupted) {
        interrupted = false;
        for (const listener of reconnectListeners) listener();
      }
    });
    source.addEventListener('error', () => {
      interrupted = true;
      // EventSource retries by itself after network errors, but gives up for good on an HTTP error
      // (such as 401 or a restarting server): then a new one is opened with a growing delay.
      if (source?.readyState === EventSource.CLOSED && !closed && !signedOut) {
        retryTimer = setTimeout(connect, retryDelay);
        retryDelay = Math.min(retryDelay * 2, 30_000);
      }
    });
  };

  connect();
  return () => {
    closed = true;
    clearTimeout(retryTimer);
    source?.close();
  };
}

/**
 * The desktop app's "Show in folder" for a published file, or undefined in a browser (a page cannot
 * open the file manager) and in desktop builds without it.
 */
export const showInFolder: ((path: string) => Promise<boolean>) | undefined = bridge?.showInFolder
  ? (path) => bridge.showInFolder!(path)
  : undefined;
