import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../../shared/content-security.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  // pdf.js's standard fonts (.ttf, .pfb) and CMaps (.bcmap) are fetched as bytes: octet-stream but these.
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};

/** Serves the built UI from `root`; unknown routes get index.html (the UI routes by hash, but be forgiving). */
export async function serveStatic(root: string, urlPath: string, res: ServerResponse): Promise<void> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return void res.writeHead(400).end('Bad path');
  }
  if (decoded.includes('\0')) return void res.writeHead(400).end('Bad path');
  const relative = normalize(decoded).replace(/^([/\\])+/, '');
  let file = join(root, relative);
  if (file !== root && !file.startsWith(root + sep)) return void res.writeHead(403).end('Forbidden');

  let info = await stat(file).catch(() => undefined);
  if (info?.isDirectory()) {
    file = join(file, 'index.html');
    info = await stat(file).catch(() => undefined);
  }
  if (!info?.isFile()) {
    if (extname(relative) !== '') return void res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    file = join(root, 'index.html');
    info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) {
      return void res
        .writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
        .end('The Officina UI is not built yet: run `npm run build`, then reload.');
    }
  }
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  const hashed = file.includes(`${sep}assets${sep}`);
  res.writeHead(200, {
    'content-type': type,
    'content-length': info.size,
    'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    // Pages and scripts: a worker (pdf.js's) runs under the policy its own script arrives with, not the page's.
    ...(type.startsWith('text/html') || type.startsWith('text/javascript')
      ? { 'content-security-policy': CONTENT_SECURITY_POLICY }
      : {}),
    'x-content-type-options': 'nosniff',
  });
  createReadStream(file).pipe(res);
}
