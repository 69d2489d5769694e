import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest, isJSONRPCRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Officina } from '../../core/app.js';
import { HTTP_STATUS_BY_CODE, type Envelope } from '../../../shared/errors.js';
import {
  SUPPORTED_REVISIONS,
  UNSUPPORTED_PROTOCOL_VERSION,
  unsupportedRevision,
  unsupportedRevisionMessage,
} from '../protocol-versions.js';
import { appSource, createMcpServer } from '../server.js';
import type { ToolOptions } from '../tools.js';
import { McpToken, clearedSessionCookie, sessionCookie, sessionSecretOf } from './auth.js';
import { HostPolicy, isLoopbackHost, parsePublicOrigin } from './hosts.js';
import { loginPage } from './login-page.js';
import {
  MCP_NEEDS_TOKEN,
  MCP_TOKEN_CHALLENGE,
  SERVER_ERROR,
  isOAuthPath,
  jsonRpcError,
  noOAuthMessage,
} from './mcp-answers.js';
import { DEFAULT_MAX_MCP_SESSIONS, DEFAULT_MCP_SESSION_IDLE_MS, McpSessions } from './mcp-sessions.js';
import { PersonSessions } from './person-sessions.js';
import { serveStatic } from './static.js';
import { progressToBus } from '../../core/events/progress.js';

export interface HttpServerOptions {
  host: string;
  port: number;
  allowedHosts: readonly string[];
  /**
   * Addresses people reach this server at through a reverse proxy (`https://office.example.com`):
   * their Origin is accepted, their host is a Host name served, and the first is the address the
   * login links name.
   */
  publicOrigins?: readonly string[];
  /**
   * null: no authentication (refused unless bound to loopback). A function is asked on every request,
   * so a rotated token applies at once (see followTokenFile).
   */
  token: string | null | (() => string);
  /** The built renderer. */
  staticDir: string;
  /** MCP sessions at once (default 64): at the cap the least recently used idle one makes room. */
  maxMcpSessions?: number;
  /** An MCP session idle this long is closed (default 30 minutes). */
  mcpSessionIdleMs?: number;
  /** The clock of the person's sessions and login codes (tests move it). */
  now?: () => number;
  /** How MCP sessions list tools (`--output-schemas`). */
  tools?: ToolOptions;
  /**
   * Stops serve for the person's "Restart now", where a process manager starts it again
   * (--restarts-on-exit). Absent: the app cannot restart it, and says so.
   */
  onRestart?: () => void;
}

export interface RunningHttpServer {
  url: string;
  /** Where people open it: the first --public-origin, else `url`. */
  publicUrl: string;
  port: number;
  /**
   * A new one-time login link (`/login?code=…`) for the person's browser; null in no-auth mode. The
   * codes live in the database, so the app must be attached first.
   */
  newLoginUrl(): string | null;
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
const STARTING = 'Officina is still starting; try again in a moment.';
const SHUTDOWN_GRACE_MS = 10_000;

const SIGN_IN_FIRST =
  'Sign in first: open the one-time login link that `officina serve` printed, or run `officina login` ' +
  '(with the same --data-dir as serve) for a new one.';
const API_REFUSES_TOKEN =
  'The MCP token is the assistant’s: it opens /mcp only, never the app’s API. The app’s API answers the ' +
  'person’s browser session: open the login link that `officina serve` printed, or run `officina login` for a new one.';

/**
 * `officina serve`: MCP over Streamable HTTP at /mcp, the UI's API at /api/ops/<name> and /api/events,
 * the UI itself at /, and /health + /ready. Two credentials that never stand in for each other
 * (DESIGN.md, "Faces"): the MCP token (bearer) opens /mcp only, the person's session (a cookie from
 * a one-time login link) opens /api only. Open without either: health, readiness, static files,
 * /login and /logout.
 */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  if (options.token === null && !isLoopbackHost(options.host)) {
    throw new Error(`Refusing to serve without authentication on ${options.host}: no-auth mode is for loopback only.`);
  }
  const token = new McpToken(options.token);
  const now = options.now ?? Date.now;
  let port = options.port;
  const publicOrigins = (options.publicOrigins ?? []).map(parsePublicOrigin);
  const hosts = new HostPolicy(options.host, options.allowedHosts, () => port, publicOrigins);
  const mcpSessions = new McpSessions({
    max: options.maxMcpSessions ?? DEFAULT_MAX_MCP_SESSIONS,
    idleMs: options.mcpSessionIdleMs ?? DEFAULT_MCP_SESSION_IDLE_MS,
    onError: (error) => app?.log.warn('closing an MCP session failed', { error }),
  });
  const eventStreams = new Set<ServerResponse>();
  /**
   * MCP's standalone SSE streams and the token they were opened with. A request is checked when it
   * arrives, so after a rotation a stream would go on with the old token; these are cut instead, and
   * the client reconnects with the new one or not at all.
   */
  const tokenStreams = new Map<ServerResponse, string | null>();
  const cutStreamsOfOldTokens = () => {
    if (tokenStreams.size === 0) return;
    const current = token.currentToken();
    for (const [res, openedWith] of tokenStreams) if (openedWith !== current) res.destroy();
  };
  /** The UI's event streams and the person's session each belongs to: they end with it (sign-out, expiry). */
  const sessionStreams = new Map<ServerResponse, number>();
  const endStreamsOfEndedSessions = () => {
    if (sessionStreams.size === 0 || !people) return;
    const live = new Map<number, boolean>();
    for (const [res, sessionId] of sessionStreams) {
      let alive = live.get(sessionId);
      if (alive === undefined) live.set(sessionId, (alive = people.isLive(sessionId)));
      if (!alive) res.end();
    }
  };
  let app: Officina | undefined;
  /** The person's sessions, in the app's database: there once the app is attached. */
  let people: PersonSessions | undefined;
  let stopping = false;
  /** Requests being answered, streams (SSE) aside: what a graceful stop waits for. */
  const inFlight = new Set<ServerResponse>();
  let onIdle: (() => void) | undefined;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://officina.invalid');
    const path = url.pathname;
    res.setHeader('x-content-type-options', 'nosniff');
    // Not no-referrer: with it, browsers send `Origin: null` on form posts and sign-out (POST /logout) would be refused.
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
    // MCP clients read JSON-RPC: every refusal on /mcp is one, the app's envelope everywhere else.
    const refuse = (status: number, code: 'invalid_input' | 'forbidden' | 'not_found' | 'internal', message: string) =>
      sendJson(res, status, path === '/mcp' ? jsonRpcError(SERVER_ERROR, message) : envelopeError(code, message));
    if (stopping) {
      // A keep-alive connection may still bring a request after the port stopped listening.
      res.setHeader('connection', 'close');
      return refuse(503, 'internal', 'Officina is shutting down; try again once it has restarted.');
    }

    if (!hosts.hostAllowed(req)) {
      return refuse(
        421,
        'forbidden',
        `Host "${req.headers.host ?? ''}" is not served here; start serve with --allowed-host to allow it.`,
      );
    }
    if (!hosts.originAllowed(req)) {
      return refuse(403, 'forbidden', `Requests from origin ${req.headers.origin ?? ''} are not allowed.`);
    }
    // A 404 ends an OAuth client's search, where the UI's page (what an unknown path gets) would read
    // as metadata that failed to parse; its message reaches the person through clients that show it.
    if (isOAuthPath(path)) return refuse(404, 'not_found', noOAuthMessage(path));

    if (path === '/login') return handleLogin(req, res, url);
    if (path === '/logout') return handleLogout(req, res);

    if (path === '/mcp') {
      // The assistant's: the MCP token only. A session cookie is not looked at.
      if (!token.authorizes(req)) {
        res.setHeader('www-authenticate', MCP_TOKEN_CHALLENGE);
        return refuse(401, 'forbidden', MCP_NEEDS_TOKEN);
      }
      if (!app) return refuse(503, 'internal', STARTING);
      if (isStream(req)) {
        tokenStreams.set(res, token.currentToken());
        res.on('close', () => tokenStreams.delete(res));
      }
      return handleMcp(app, req, res);
    }
    if (!path.startsWith('/api/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD')
        return sendJson(res, 405, envelopeError('invalid_input', 'Method not allowed'));
      return serveStatic(options.staticDir, path, res);
    }

    // The UI's API: the person's session only. A bearer token is refused outright, valid or not, so
    // the API neither takes the token nor tells whether it is right.
    if (token.enabled && req.headers.authorization !== undefined) {
      return sendJson(res, 403, envelopeError('forbidden', API_REFUSES_TOKEN));
    }
    if (!app || !people) return sendJson(res, 503, envelopeError('internal', STARTING));
    let sessionId: number | undefined;
    if (token.enabled) {
      const secret = sessionSecretOf(req);
      const session = secret === undefined ? undefined : people.check(secret);
      if (!session?.ok) return sendJson(res, 401, envelopeError('forbidden', SIGN_IN_FIRST));
      if (session.renewedSecret !== undefined) res.setHeader('set-cookie', sessionCookie(session.renewedSecret));
      sessionId = session.sessionId;
    }

    if (path === '/api/events' && req.method === 'GET') return handleEvents(app, req, res, sessionId);
    if (path.startsWith('/api/ops/')) {
      // A malformed escape (e.g. %E0) names no operation: 404, not a URIError turned into a 500.
      const name = safeDecode(path.slice('/api/ops/'.length));
      if (name === undefined) return sendJson(res, 404, envelopeError('not_found', `No operation at ${path}.`));
      return handleOperation(app, req, res, name);
    }
    if (path === '/api/restart' && req.method === 'POST') return handleRestart(app, res);
    return sendJson(res, 404, envelopeError('not_found', `No API at ${path}.`));
  };

  /**
   * The person's "Restart now" (Settings → Backups): serve stops as on SIGTERM, and its process
   * manager starts it again — only when serve was told one does (--restarts-on-exit); otherwise
   * stopping would leave the person without Officina, so it is refused in words.
   */
  const handleRestart = (current: Officina, res: ServerResponse): void => {
    if (!options.onRestart) {
      return sendJson(
        res,
        409,
        envelopeError(
          'conflict',
          'This Officina cannot restart itself: nothing would start it again. Whoever runs `officina serve` restarts it.',
        ),
      );
    }
    current.log.info('restart requested by the person: stopping, for the process manager to start Officina again');
    res.once('finish', () => options.onRestart?.());
    sendJson(res, 202, { ok: true, data: { restarting: true } });
  };

  /** The one-time login link: a code (from serve's start or `officina login`) for a session cookie. */
  const handleLogin = (req: IncomingMessage, res: ServerResponse, url: URL): void => {
    if (!token.enabled) return redirect(res, '/');
    if (req.method !== 'GET') {
      // The sign-in form that took the MCP token is gone: the token is the assistant's and signs nobody in.
      res.setHeader('allow', 'GET');
      return sendHtml(
        res,
        405,
        loginPage({ problem: 'Officina signs you in with a login link, not a password or token.' }),
      );
    }
    const code = url.searchParams.get('code');
    if (code === null) {
      return sendHtml(
        res,
        200,
        loginPage(url.searchParams.has('signed-out') ? { notice: 'You have signed out.' } : {}),
      );
    }
    if (!people)
      return sendHtml(res, 503, loginPage({ problem: 'Officina is still starting; reload this page in a moment.' }));
    const secret = people.redeemLoginCode(code);
    if (secret === null) {
      return sendHtml(res, 401, loginPage({ problem: 'That login link was already used or has expired.' }));
    }
    return redirect(res, '/', sessionCookie(secret));
  };

  /** Sign-out: the session ends (here and in every process), its event streams end, the cookie goes. */
  const handleLogout = (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      return sendJson(res, 405, envelopeError('invalid_input', 'Sign out with POST /logout.'));
    }
    if (!token.enabled) return redirect(res, '/');
    if (!people) return sendJson(res, 503, envelopeError('internal', STARTING));
    const secret = sessionSecretOf(req);
    if (secret !== undefined && people.end(secret) !== undefined) endStreamsOfEndedSessions();
    return redirect(res, '/login?signed-out', clearedSessionCookie());
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
    // The browser gave up (a Cancel button aborts its fetch): a crawl or an import stops too.
    const cancelled = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) cancelled.abort(new Error('The browser cancelled the call'));
    });
    const envelope = await current.catalogue.call(name, input, {
      caller: { kind: 'ui', name: 'browser' },
      face: 'ui',
      signal: cancelled.signal,
      progress: progressToBus(current.bus, req.headers['x-officina-call-id']),
    });
    if (cancelled.signal.aborted) return;
    // The person's session is not the token: it stays as it is. MCP streams opened with the old token end.
    if (name === 'rotate_mcp_token' && envelope.ok && token.enabled) setImmediate(cutStreamsOfOldTokens);
    return sendJson(res, envelope.ok ? 200 : HTTP_STATUS_BY_CODE[envelope.error.code], envelope);
  };

  const handleEvents = (
    current: Officina,
    req: IncomingMessage,
    res: ServerResponse,
    sessionId: number | undefined,
  ): void => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.write(': connected\n\n');
    eventStreams.add(res);
    if (sessionId !== undefined) sessionStreams.set(res, sessionId);
    const unsubscribe = current.bus.subscribe((event) => res.write(`data: ${JSON.stringify(event)}\n\n`));
    const heartbeat = setInterval(() => res.write(': ping\n\n'), 20_000).unref();
    req.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      eventStreams.delete(res);
      sessionStreams.delete(res);
    });
  };

  const handleMcp = async (current: Officina, req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const revision = req.headers['mcp-protocol-version'];
    if (typeof revision === 'string' && !SUPPORTED_REVISIONS.includes(revision)) {
      return sendJson(
        res,
        400,
        jsonRpcError(UNSUPPORTED_PROTOCOL_VERSION, unsupportedRevisionMessage(revision), {
          supported: [...SUPPORTED_REVISIONS],
          requested: revision,
        }),
      );
    }
    const sessionId = req.headers['mcp-session-id'];
    if (typeof sessionId === 'string') {
      const session = mcpSessions.get(sessionId);
      if (!session)
        return sendJson(res, 404, {
          jsonrpc: '2.0',
          id: null,
          error: { code: -32001, message: 'Session not found; initialize a new one.' },
        });
      mcpSessions.track(session, res);
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
    // A client of a revision without initialize starts with server/discover: tell it what is spoken here.
    const revisionRefusal = isJSONRPCRequest(body) ? unsupportedRevision(body) : undefined;
    if (revisionRefusal) return sendJson(res, 400, revisionRefusal);
    if (!isInitializeRequest(body)) {
      return sendJson(res, 400, {
        jsonrpc: '2.0',
        id: null,
        error: { code: -32000, message: 'Bad request: send initialize first, or the Mcp-Session-Id header' },
      });
    }
    const release = mcpSessions.reserve();
    if (!release) {
      const max = mcpSessions.max;
      res.setHeader('retry-after', '10');
      return sendJson(res, 503, {
        jsonrpc: '2.0',
        // A JSON-RPC request's id (isInitializeRequest checks the method and params, not the envelope).
        id: (body as { id?: string | number }).id ?? null,
        error: {
          code: -32000,
          message:
            `Officina serves at most ${max} MCP sessions at once, and all ${max} are in use (a call under way or ` +
            'an event stream open); try again when one ends, or start serve with a larger --max-mcp-sessions.',
        },
      });
    }
    try {
      const server = createMcpServer(appSource(current, options.tools));
      const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => {
          release();
          mcpSessions.track(mcpSessions.add(id, { transport, server }), res);
        },
      });
      transport.onclose = () => {
        if (transport.sessionId) mcpSessions.delete(transport.sessionId);
      };
      server.onerror = (error) => current.log.warn('MCP HTTP error', { error });
      await server.connect(transport);
      await transport.handleRequest(req, res, body);
    } finally {
      release();
    }
  };

  // Often enough that a session idle for the timeout goes within a quarter of it more (at most a minute).
  const sweepEveryMs = Math.min(60_000, Math.max(100, mcpSessions.idleMs / 4));
  const sweeper = setInterval(() => mcpSessions.sweep(), sweepEveryMs).unref();
  // A token rotated, or a session signed out, by another process (the desktop app, another serve) is
  // seen here within two seconds.
  const streamWatch = setInterval(() => {
    try {
      cutStreamsOfOldTokens();
      endStreamsOfEndedSessions();
    } catch (error) {
      app?.log.warn('checking the open event streams failed; trying again in two seconds', { error });
    }
  }, 2_000).unref();

  const server: HttpServer = createServer((req, res) => {
    if (!isStream(req)) {
      inFlight.add(res);
      res.once('close', () => {
        inFlight.delete(res);
        if (inFlight.size === 0) onIdle?.();
      });
    }
    handle(req, res).catch((error: unknown) => {
      const onMcp = (req.url ?? '').split('?')[0] === '/mcp';
      const fail = (status: number, code: 'invalid_input' | 'internal', message: string) =>
        sendJson(res, status, onMcp ? jsonRpcError(SERVER_ERROR, message) : envelopeError(code, message));
      if (error instanceof BodyTooLarge) {
        if (!res.headersSent) fail(413, 'invalid_input', error.message);
        return;
      }
      app?.log.error('HTTP request failed', { error, url: req.url });
      if (!res.headersSent) fail(500, 'internal', 'The request failed unexpectedly; see the log.');
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
  const publicUrl = publicOrigins[0] ?? url;

  return {
    url,
    publicUrl,
    port,
    newLoginUrl() {
      if (!token.enabled) return null;
      if (!people) throw new Error('Attach the app first: login codes are kept in its database.');
      return `${publicUrl}/login?code=${people.createLoginCode()}`;
    },
    setApp(next) {
      people = new PersonSessions(next.store, now);
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
      clearInterval(streamWatch);
      for (const stream of eventStreams) stream.end();
      await mcpSessions.closeAll();
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
  code: 'invalid_input' | 'forbidden' | 'not_found' | 'conflict' | 'internal',
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
