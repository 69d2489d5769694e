import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A real local site; each test registers the pages it needs. */
export class FixtureSite {
  readonly routes = new Map<string, Handler>();
  readonly hits: { path: string; at: number; headers: IncomingMessage['headers'] }[] = [];
  /** WebSocket (and other Upgrade) requests, which never reach `routes`. */
  readonly upgrades: string[] = [];
  active = 0;
  maxActive = 0;
  server!: Server;
  port = 0;

  host = '127.0.0.1';

  /** Listens on `host` (any 127.x.y.z is this machine on Linux: a second "host" for tests). */
  async start(host = '127.0.0.1'): Promise<void> {
    this.host = host;
    this.server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      this.hits.push({ path, at: performance.now(), headers: req.headers });
      this.active++;
      this.maxActive = Math.max(this.maxActive, this.active);
      res.on('close', () => this.active--);
      const handler = this.routes.get(path);
      if (handler) return handler(req, res);
      if (path === '/robots.txt') {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>');
    });
    this.server.on('upgrade', (req, socket) => {
      this.upgrades.push(req.url ?? '/');
      socket.destroy();
    });
    await new Promise<void>((resolve) => this.server.listen(0, host, resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** Serves `html` at `path` as a UTF-8 page. */
  page(path: string, html: string, headers: Record<string, string> = {}): void {
    this.routes.set(path, (_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers }).end(html),
    );
  }

  url(path: string, host = this.host): string {
    return `http://${host}:${this.port}${path}`;
  }

  hitsOf(path: string) {
    return this.hits.filter((h) => h.path === path);
  }
}
