import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server as McpServer } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Officina } from '../../core/app.js';
import { HTTP_STATUS_BY_CODE, type Envelope } from '../../../shared/errors.js';
import { appSource, createMcpServer } from '../server.js';
import { HttpAuth } from './auth.js';
import { HostPolicy, isLoopbackHost } from './hosts.js';
import { loginPage } from './login-page.js';
import { serveStatic } from './static.js';

export interface HttpServerOptions {
  host: string;
  port: number;
  allowedHosts: readonly string[];
  /**
   * null: no authentication (refused unless bound to loopback). A function is asked on every request,
   * so a rotated token applies at once (see followTokenFile).
   */
  token: string | null | (() => string);
  /** The built renderer. */
  staticDir: string;
  sessionIdleMs?: number;
}

export interface RunningHttpServer {
  url: string;
  port: number;
  loginUrl: string | null;
  /** Attach the app once migrations and start-up scans are done; /ready turns 200. */
  setApp(app: Officina): void;
  /**
   * The first step of a graceful stop: /ready turns 503, new requests are answered 503 (the port
   * still listens, so a probe or a client hears why), event streams end, and this resolves once the
   * requests under way have been answered, or after `graceMs`. Then call close(), and close the app.
   */
  shutdown(graceMs?: number): Promise<void>;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 4 * 1024 * 1024;
const SHUTDOWN_GRACE_MS = 10_000;
const MAX_MCP_SESSIONS = 64;

interface McpSession {
  transport: StreamableHTTPServerTransport;
  server: McpServer;
  lastSeen: number;
}

/**
 * `officina serve`: MCP over Streamable HTTP at /mcp, the UI's API at /api/ops/<name> and /api/events,
 * the UI itself at /, and /health + /ready. Token required everywhere but health, readiness, static
 * files and the login URL (DESIGN.md, "Faces").
 */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  if (options.token === null && !isLoopbackHost(options.host)) {
    throw new Error(`Refusing to serve without authentication on ${options.host}: no-auth mode is for loopback only.`);
  }
  const auth = new HttpAuth(options.token);
  let port = options.port;
  const hosts = new HostPolicy(options.host, options.allowedHosts, () => port);
  const sessions = new Map<string, McpSession>();
  const eventStreams = new Set<ServerResponse>();
  /**
   * Open streams (UI events, MCP's standalone SSE stream) and the token they were opened with. A
   * request is checked when it arrives, so after a rotation a stream would go on with the old token;
   * these are cut instead, and the client reconnects with the new one or not at all.
   */
  const authorizedStreams = new Map<ServerResponse, string | null>();
  const cutStreamsOfOldTokens = () => {
    if (authorizedStreams.size === 0) return;
    const token = auth.currentToken();
    for (const [res, openedWith] of authorizedStreams) if (openedWith !== token) res.destroy();
  };
  let app: Officina | undefined;
  let stopping = false;
  /** Requests being answered, streams (SSE) aside: what a graceful stop waits for. */
  const inFlight = new Set<ServerResponse>();
  let onIdle: (() => void) | undefined;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://officina.invalid');
    const path = url.pathname;
    res.setHeader('x-content-type-options', 'nosniff');
    // Not no-referrer: with it, browsers send `Origin: null` on form posts and the sign-in form would be refused.
    res.setHeader('referrer-policy', 'same-origin');
    res.setHeader('x-frame-options', 'DENY');

    if (path === '/health') return sendJson(res, 200, { status: 'ok' });
    if (path === '/ready') {
      // Not ready says why: starting, stopping, or the vault folder away (a disk unplugged).
      const readiness = stopping
        ? { ready: false, reason: 'stopping', problem: 'Officina is shutting down.' }
        : (app?.readiness() ?? { ready: false, reason: 'starting', problem: 'Officina is starting.' });
      return sendJson(res, readiness.ready ? 200 : 503, readiness.ready ? { ready: true } : readiness);
    }
    if (stopping) {
      // A keep-alive connection may still bring a request after the port stopped listening.
      res.setHeader('connection', 'close');
      return sendJson(
        res,
        503,
        envelopeError('internal', 'Officina is shutting down; try again once it has restarted.'),
      );
    }

    if (!hosts.hostAllowed(req)) {
      return sendJson(
        res,
        421,
        envelopeError(
          'forbidden',
          `Host "${req.headers.host ?? ''}" is not served here; start serve with --allowed-host to allow it.`,
        ),
      );
    }
    if (!hosts.originAllowed(req)) {
      return sendJson(
        res,
        403,
        envelopeError('forbidden', `Requests from origin ${req.headers.origin ?? ''} are not allowed.`),
      );
    }

    if (path === '/login') return handleLogin(req, res, url);

    const isApi = path === '/mcp' || path.startsWith('/api/');
    if (!isApi) {
      if (req.method !== 'GET' && req.method !== 'HEAD')
        return sendJson(res, 405, envelopeError('invalid_input', 'Method not allowed'));
      return serveStatic(options.staticDir, path, res);
    }
    if (!auth.isAuthorized(req)) {
      res.setHeader('www-authenticate', 'Bearer realm="officina"');
      return sendJson(
        res,
        401,
        envelopeError(
          'forbidden',
          'Sign in first: open the one-time login URL that `officina serve` printed, or send the token as "Authorization: Bearer <token>".',
        ),
      );
    }
    if (!app)
      return sendJson(res, 503, envelopeError('internal', 'Officina is still starting; try again in a moment.'));
    if (isStream(req)) {
      authorizedStreams.set(res, auth.currentToken());
      res.on('close', () => authorizedStreams.delete(res));
    }

    if (path === '/mcp') return handleMcp(app, req, res);
    if (path === '/api/events' && req.method === 'GET') return handleEvents(app, req, res);
    if (path.startsWith('/api/ops/')) {
      // A malformed escape (e.g. %E0) names no operation: 404, not a URIError turned into a 500.
      const name = safeDecode(path.slice('/api/ops/'.length));
      if (name === undefined) return sendJson(res, 404, envelopeError('not_found', `No operation at ${path}.`));
      return handleOperation(app, req, res, name);
    }
    return sendJson(res, 404, envelopeError('not_found', `No API at ${path}.`));
  };

  const handleLogin = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    if (!auth.enabled) return redirect(res, '/');
    if (req.method === 'GET') {
      const code = url.searchParams.get('code');
      if (code !== null) {
        if (auth.consumeLoginCode(code)) return redirect(res, '/', auth.sessionCookie());
        return sendHtml(
          res,
          401,
          loginPage('That login link was already used or has expired. Paste the token instead.'),
        );
      }
      return sendHtml(res, 200, loginPage());
    }
    if (req.method === 'POST') {
      const body = await readBody(req, 64 * 1024);
      const token = new URLSearchParams(body).get('token') ?? '';
      if (auth.checkToken(token)) return redirect(res, '/', auth.sessionCookie());
      return sendHtml(res, 401, loginPage('That token is not right.'));
    }
    return sendJson(res, 405, envelopeError('invalid_input', 'Method not allowed'));
  };

  const handleOperation = async (
    current: Officina,
    req: IncomingMessage,
    res: ServerResponse,
    name: string,
  ): Promise<void> => {
    if (req.method !== 'POST') return sendJson(res, 405, envelopeError('invalid_input', 'Call operations with POST.'));
    // A JSON content type cannot be sent cross-site without a CORS preflight, which we never grant.
    if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
      return sendJson(
        res,
        415,
        envelopeError('invalid_input', 'Send the input as JSON (content-type: application/json).'),
      );
    }
    const text = await readBody(req, MAX_BODY_BYTES);
    let input: unknown;
    try {
      input = text.trim() === '' ? {} : JSON.parse(text);
    } catch (error) {
      return sendJson(
        res,
        400,
        envelopeError('invalid_input', `The request body is not valid JSON: ${(error as Error).message}`),
      );
    }
    const envelope = await current.catalogue.call(name, input, { caller: { kind: 'ui', name: 'browser' }, face: 'ui' });
    // The session cookie holds the token: the person who rotated it from this browser stays signed in.
    if (name === 'rotate_mcp_token' && envelope.ok && auth.enabled) {
      res.setHeader('set-cookie', auth.sessionCookie());
      setImmediate(cutStreamsOfOldTokens);
    }
    return sendJson(res, envelope.ok ? 200 : HTTP_STATUS_BY_CODE[envelope.error.code], envelope);
  };

  const handleEvents = (current: Officina, req: IncomingMessage, res: ServerResponse): void => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.write(': connected\n\n');
    eventStreams.add(res);
    const unsubscribe = current.bus.subscribe((event) => res.write(`data: ${JSON.stringify(event)}\n\n`));
    const heartbeat = setInterval(() => res.write(': ping\n\n'), 20_000).unref();
    req.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      eventStreams.delete(res);
    });
  };

  const handleMcp = async (current: Officina, req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const sessionId = req.headers['mcp-session-id'];
    if (typeof sessionId === 'string') {
      const session = sessions.get(sessionId);
      if (!session)
        return sendJson(res, 404, {
          jsonrpc: '2.0',
          id: null,
          error: { code: -32001, message: 'Session not found; initialize a new one.' },
        });
      session.lastSeen = Date.now();
      return session.transport.handleRequest(req, res);
    }
    if (req.method !== 'POST') {
      return sendJson(res, 400, {
        jsonrpc: '2.0',
        id: null,
        error: { code: -32000, message: 'Mcp-Session-Id header required' },
      });
    }
    const text = await readBody(req, MAX_BODY_BYTES);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return sendJson(res, 400, {
        jsonrpc: '2.0',
        id: null,
        error: { code: -32700, message: 'Parse error: the body is not valid JSON' },
      });
    }
    if (!isInitializeRequest(body)) {
      return sendJson(res, 400, {
        jsonrpc: '2.0',
        id: null,
        error: { code: -32000, message: 'Bad request: send initialize first, or the Mcp-Session-Id header' },
      });
    }
    if (sessions.size >= MAX_MCP_SESSIONS) evictIdleSessions(0);
    const server = createMcpServer(appSource(current));
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessions.set(id, { transport, server, lastSeen: Date.now() });
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    server.onerror = (error) => current.log.warn('MCP HTTP error', { error });
    await server.connect(transport);
    return transport.handleRequest(req, res, body);
  };

  const idleMs = options.sessionIdleMs ?? 30 * 60 * 1000;
  const evictIdleSessions = (olderThanMs: number) => {
    const cutoff = Date.now() - olderThanMs;
    const byAge = [...sessions.entries()].sort((a, b) => a[1].lastSeen - b[1].lastSeen);
    for (const [id, session] of byAge) {
      if (session.lastSeen > cutoff && sessions.size < MAX_MCP_SESSIONS) break;
      sessions.delete(id);
      void session.server.close();
    }
  };
  const sweeper = setInterval(() => evictIdleSessions(idleMs), 60_000).unref();
  // A rotation by another process (the desktop app) is seen here within two seconds.
  const rotationWatch = setInterval(cutStreamsOfOldTokens, 2_000).unref();

  const server: HttpServer = createServer((req, res) => {
    if (!isStream(req)) {
      inFlight.add(res);
      res.once('close', () => {
        inFlight.delete(res);
        if (inFlight.size === 0) onIdle?.();
      });
    }
    handle(req, res).catch((error: unknown) => {
      if (error instanceof BodyTooLarge) {
        if (!res.headersSent) sendJson(res, 413, envelopeError('invalid_input', error.message));
        return;
      }
      app?.log.error('HTTP request failed', { error, url: req.url });
      if (!res.headersSent)
        sendJson(res, 500, envelopeError('internal', 'The request failed unexpectedly; see the log.'));
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${shownHost}:${port}`;

  return {
    url,
    port,
    loginUrl: auth.enabled ? `${url}/login?code=${auth.newLoginCode()}` : null,
    setApp(next) {
      app = next;
    },
    async shutdown(graceMs = SHUTDOWN_GRACE_MS) {
      stopping = true;
      for (const stream of eventStreams) stream.end();
      // Answers still to come close their connection, so no client reuses one that is about to go.
      for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
      server.closeIdleConnections();
      if (inFlight.size > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, graceMs);
          onIdle = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    },
    async close() {
      clearInterval(sweeper);
      clearInterval(rotationWatch);
      for (const stream of eventStreams) stream.end();
      await Promise.allSettled([...sessions.values()].map((s) => s.server.close()));
      sessions.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Long-lived streams (UI events, MCP's standalone SSE stream): a graceful stop ends them, it does not wait for them. */
function isStream(req: IncomingMessage): boolean {
  if (req.method !== 'GET') return false;
  const path = (req.url ?? '').split('?')[0];
  return path === '/api/events' || path === '/mcp';
}

function envelopeError(code: Parameters<typeof errorEnvelope>[0], message: string): Envelope<never> {
  return errorEnvelope(code, message);
}

function errorEnvelope(
  code: 'invalid_input' | 'forbidden' | 'not_found' | 'internal',
  message: string,
): Envelope<never> {
  return { ok: false, error: { code, message } };
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

function redirect(res: ServerResponse, location: string, cookie?: string): void {
  res.writeHead(303, { location, 'cache-control': 'no-store', ...(cookie ? { 'set-cookie': cookie } : {}) });
  res.end();
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Stop buffering but let the request drain, so the client reads our 413 instead of a reset.
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyTooLarge(`The request body is larger than ${limit} bytes.`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
