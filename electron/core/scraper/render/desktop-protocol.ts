import type { BrowserAnswer, BrowserRequest } from './render-session.js';

/**
 * Messages between the core (utility process) and Electron's main process for rendering a page in
 * the desktop app's own Chromium. The core keeps every decision (what a request may reach, the
 * page's budget, when it has gone quiet); main only drives an offscreen window and relays.
 *
 *   core → main   render-open {id, url, userAgent}      open a window on the page's address
 *   main → core   render-request {id, requestId, request}   the window wants a resource
 *   core → main   render-answer {id, requestId, answer}     …answered by the core's fetcher
 *   main → core   render-loaded {id}                    the page's load event fired
 *   core → main   render-snapshot {id}                  the page has gone quiet: send its HTML
 *   main → core   render-html {id, html, url}           the DOM serialised, and where the page is
 *   main → core   render-failed {id, message}           the window could not open or load or answer
 *   core → main   render-close {id}                     done (or given up): close the window
 */
export type CoreRenderMessage =
  | { kind: 'render-open'; id: number; url: string; userAgent: string }
  | { kind: 'render-answer'; id: number; requestId: number; answer: BrowserAnswer }
  | { kind: 'render-snapshot'; id: number }
  | { kind: 'render-close'; id: number };

export type MainRenderMessage =
  | { kind: 'render-request'; id: number; requestId: number; request: BrowserRequest }
  | { kind: 'render-loaded'; id: number }
  | { kind: 'render-html'; id: number; html: string; url: string }
  | { kind: 'render-failed'; id: number; message: string };

const CORE_KINDS = new Set(['render-open', 'render-answer', 'render-snapshot', 'render-close']);
const MAIN_KINDS = new Set(['render-request', 'render-loaded', 'render-html', 'render-failed']);

/** A message for main's render windows, from the core (checked: it crosses a process boundary). */
export function isCoreRenderMessage(message: unknown): message is CoreRenderMessage {
  if (!isRecord(message) || !CORE_KINDS.has(message['kind'] as string) || !isId(message['id'])) return false;
  switch (message['kind']) {
    case 'render-open':
      return (
        typeof message['url'] === 'string' &&
        /^https?:/i.test(message['url']) &&
        typeof message['userAgent'] === 'string'
      );
    case 'render-answer':
      return isId(message['requestId']) && isAnswer(message['answer']);
    default:
      return true;
  }
}

/** A message for the core's renderer, from main. */
export function isMainRenderMessage(message: unknown): message is MainRenderMessage {
  if (!isRecord(message) || !MAIN_KINDS.has(message['kind'] as string) || !isId(message['id'])) return false;
  switch (message['kind']) {
    case 'render-request':
      return isId(message['requestId']) && isRequest(message['request']);
    case 'render-html':
      return typeof message['html'] === 'string' && typeof message['url'] === 'string';
    case 'render-failed':
      return typeof message['message'] === 'string';
    default:
      return true;
  }
}

function isRequest(value: unknown): value is BrowserRequest {
  return (
    isRecord(value) &&
    typeof value['url'] === 'string' &&
    typeof value['method'] === 'string' &&
    typeof value['resourceType'] === 'string' &&
    typeof value['mainFrameNavigation'] === 'boolean' &&
    isRecord(value['headers']) &&
    (value['body'] === null || value['body'] instanceof Uint8Array)
  );
}

function isAnswer(value: unknown): value is BrowserAnswer {
  if (!isRecord(value)) return false;
  if (value['kind'] === 'abort') return typeof value['reason'] === 'string';
  return (
    value['kind'] === 'fulfil' &&
    typeof value['status'] === 'number' &&
    isRecord(value['headers']) &&
    value['body'] instanceof Uint8Array
  );
}

function isId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
