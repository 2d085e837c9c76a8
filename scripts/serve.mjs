// A static file server for dist/ with what the playground needs on localhost: correct MIME types,
// gzip, and the headers in dist/_headers (the file Netlify and Cloudflare Pages read: COOP/COEP/CORP,
// so the page is cross-origin isolated), which --no-isolation leaves out, as GitHub Pages does.
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
 * The rules of a `_headers` file: [{pattern, headers}]. A line at the start is a path (`*` matches
 * anything); the indented `Name: value` lines under it are its headers. Every matching rule applies.
 */
export function parseHeadersFile(text) {
  const rules = [];
  for (const line of text.split('\n')) {
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      const pattern = new RegExp(
        `^${line
          .trim()
          .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '.*')}$`,
      );
      rules.push({ pattern, headers: {} });
    } else if (rules.length) {
      const at = line.indexOf(':');
      if (at > 0) rules.at(-1).headers[line.slice(0, at).trim()] = line.slice(at + 1).trim();
    }
  }
  return rules;
}

/**
 * Starts a server; resolves with it once listening. `headers` adds or overrides response headers;
 * `onSent(pathname, bytes)` hears of every file sent, with the bytes that went over the wire.
 */
export function serve({ root = 'dist', port = 8080, host = '127.0.0.1', isolation = true, headers = {}, onSent } = {}) {
  const base = path.resolve(root);
  const headersFile = path.join(base, '_headers');
  const rules = isolation && fs.existsSync(headersFile) ? parseHeadersFile(fs.readFileSync(headersFile, 'utf8')) : [];
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
    const out = { 'Content-Type': type, 'Cache-Control': 'no-cache', ETag: etag };
    for (const rule of rules) if (rule.pattern.test(pathname)) Object.assign(out, rule.headers);
    Object.assign(out, headers);
    if (request.headers['if-none-match'] === etag) {
      // revalidation, as every static host answers it
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
  const server = await serve({
    root,
    port: Number(option('--port', 8080)),
    host: option('--host', '127.0.0.1'),
    isolation,
  }).catch((error) => {
    console.error(`error: cannot listen: ${error.message}`);
    process.exit(1);
  });
  const { address, port } = server.address();
  console.log(
    `Serving ${root}/ at http://${address}:${port}/ (${isolation ? `with ${root}/_headers: cross-origin isolated, the mt build runs` : 'no headers, as GitHub Pages: the service worker isolates the page after one reload'})`,
  );
}
