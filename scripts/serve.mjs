// A static file server for dist/ with what the playground needs on localhost: correct MIME types,
// gzip, and cross-origin isolation headers (COOP/COEP/CORP), which --no-isolation leaves out.
//   node scripts/serve.mjs [--root dist] [--port 8080] [--host 127.0.0.1] [--no-isolation]
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.sqlite': 'application/vnd.sqlite3',
};
const COMPRESSIBLE = /^(text\/|application\/(json|wasm|manifest)|image\/svg)/;

/**
 * Starts a server; resolves with it once listening. `headers` adds or overrides response headers;
 * `onSent(pathname, bytes)` hears of every file sent, with the bytes that went over the wire.
 */
export function serve({ root = 'dist', port = 8080, host = '127.0.0.1', isolation = true, headers = {}, onSent } = {}) {
  const base = path.resolve(root);
  const server = http.createServer((request, response) => {
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(request.url, 'http://x').pathname);
    } catch {
      response.writeHead(400).end('bad request');
      return;
    }
    let file = path.join(base, pathname);
    if (file !== base && !file.startsWith(base + path.sep)) {
      response.writeHead(403).end('forbidden');
      return;
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`not found: ${pathname}`);
      return;
    }
    const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
    const stat = fs.statSync(file);
    const etag = `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
    const out = { 'Content-Type': type, 'Cache-Control': 'no-cache', ETag: etag, 'X-Content-Type-Options': 'nosniff' };
    if (isolation) {
      out['Cross-Origin-Opener-Policy'] = 'same-origin';
      out['Cross-Origin-Embedder-Policy'] = 'require-corp';
    }
    out['Cross-Origin-Resource-Policy'] = 'cross-origin';
    Object.assign(out, headers);
    if (request.headers['if-none-match'] === etag) {  // revalidation, as every static host answers it
      response.writeHead(304, out).end();
      return;
    }
    let body = fs.readFileSync(file);
    if (COMPRESSIBLE.test(type) && /\bgzip\b/.test(request.headers['accept-encoding'] ?? '')) {
      body = zlib.gzipSync(body);
      out['Content-Encoding'] = 'gzip';
      out.Vary = 'Accept-Encoding';
    }
    out['Content-Length'] = body.length;
    onSent?.(pathname, body.length);
    response.writeHead(200, out);
    response.end(request.method === 'HEAD' ? undefined : body);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
  const root = option('--root', 'dist');
  if (!fs.existsSync(path.join(root, 'index.html'))) {
    console.error(`error: ${root}/index.html does not exist; run scripts/build first`);
    process.exit(1);
  }
  const isolation = !args.includes('--no-isolation');
  const server = await serve({ root, port: Number(option('--port', 8080)), host: option('--host', '127.0.0.1'), isolation }).catch((error) => {
    console.error(`error: cannot listen: ${error.message}`);
    process.exit(1);
  });
  const { address, port } = server.address();
  console.log(`Serving ${root}/ at http://${address}:${port}/ (${isolation ? 'cross-origin isolated: the mt build runs' : 'not isolated: the st build runs'})`);
}
