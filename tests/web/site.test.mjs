// The built site: every demo has its C++ region and its lab module, the vendor libraries are in
// dist/, and the local server sends the right types and isolation headers.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { extractSources, sharePageHead } from '../../scripts/assemble.mjs';
import { serve } from '../../scripts/serve.mjs';

const root = new URL('../../', import.meta.url).pathname;
const demos = JSON.parse(execFileSync(`${root}build/native/bin/llplay`, ['list'], { encoding: 'utf8' }));
const source = (id) =>
  fs.existsSync(`${root}dist/sources/${id}.json`)
    ? JSON.parse(fs.readFileSync(`${root}dist/sources/${id}.json`, 'utf8'))
    : [];

test('every demo shows real C++: a marked region in core/ made it into dist/sources/<id>.json', () => {
  for (const demo of demos) {
    assert.ok(source(demo.id).length > 0, `no // llplay:source region for ${demo.id}`);
    for (const part of source(demo.id)) {
      const file = fs.readFileSync(`${root}${part.file}`, 'utf8').split('\n');
      assert.equal(
        file.slice(part.line - 1, part.line - 1 + part.code.split('\n').length).join('\n'),
        part.code,
        `${demo.id} at ${part.file}:${part.line}`,
      );
    }
  }
});

test('every lab has its page module and its wasm modules, and dist/ holds the vendor libraries', () => {
  const registry = JSON.parse(fs.readFileSync(`${root}dist/registry.json`, 'utf8'));
  const labs = JSON.parse(execFileSync(`${root}build/native/bin/llplay`, ['labs'], { encoding: 'utf8' }));
  assert.deepEqual(
    registry.labs.map((l) => [l.id, l.title]),
    labs.map((l) => [l.id, l.title]),
    "the registry's labs, in the CLI's order",
  );
  for (const lab of registry.labs) {
    assert.ok(fs.existsSync(`${root}web/labs/${lab.id}/lab.js`), lab.id);
    assert.deepEqual(
      lab.variants,
      ['parallel', 'recursion', 'profile'].includes(lab.id) ? ['st', 'mt'] : ['st'],
      `${lab.id}: mt only where demos start threads`,
    );
    for (const variant of lab.variants)
      for (const ext of ['js', 'wasm']) assert.ok(fs.existsSync(`${root}dist/wasm/${variant}/llplay-${lab.id}.${ext}`));
  }
  for (const demo of demos)
    assert.deepEqual(
      registry.demos.find((d) => d.id === demo.id),
      demo,
      `${demo.id}: the page's registry says what the CLI says`,
    );
  for (const file of [
    'vendor/uplot/uPlot.esm.js',
    'vendor/highlight/core.min.js',
    'wasm/mt/llplay-parallel.worker.js',
    'index.html',
    'favicon.svg',
  ]) {
    assert.ok(fs.existsSync(`${root}dist/${file}`), file);
  }
});

test('a lab compiled for size in wasm (SMALL in CMakeLists.txt) times nothing', () => {
  const cmake = fs.readFileSync(`${root}CMakeLists.txt`, 'utf8');
  const small = [...cmake.matchAll(/^llplay_lab\((\w+)[^)#]*\bSMALL\b/gm)].map((m) => m[1]);
  assert.deepEqual(small.sort(), ['files', 'network', 'sql']);
  for (const lab of small)
    for (const file of fs.readdirSync(`${root}core/${lab}`)) {
      const text = fs.readFileSync(`${root}core/${lab}/${file}`, 'utf8');
      assert.doesNotMatch(
        text,
        /timing::|Clock::now|ms_since|chrono/,
        `core/${lab}/${file} times something: drop SMALL`,
      );
    }
});

test("every page gets web/head.html's shared <head> lines once, and none ships without its CSP header", () => {
  for (const page of fs.readdirSync(`${root}web`).filter((f) => f.endsWith('.html') && f !== 'head.html')) {
    const html = fs.readFileSync(`${root}dist/${page}`, 'utf8');
    assert.equal(html.match(/<meta charset="utf-8">/g)?.length, 1, page);
    assert.equal(html.match(/<link rel="stylesheet" href="style.css">/g)?.length, 1, page);
    assert.ok(!html.includes('llplay:head'), page);
  }
  assert.ok(!fs.existsSync(`${root}dist/head.html`), 'head.html is not a page');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llplay-head-'));
  after(() => fs.rmSync(dir, { recursive: true }));
  const write = (page, headers) => {
    fs.writeFileSync(`${dir}/head.html`, '  <meta charset="utf-8">\n');
    fs.writeFileSync(`${dir}/_headers`, headers);
    fs.writeFileSync(`${dir}/${page}`, '<head>\n  <!-- llplay:head -->\n</head>\n');
  };
  write('a.html', "/a.html\n  Content-Security-Policy: default-src 'self'\n");
  sharePageHead(dir);
  assert.equal(fs.readFileSync(`${dir}/a.html`, 'utf8'), '<head>\n  <meta charset="utf-8">\n</head>\n');
  fs.rmSync(`${dir}/a.html`);
  write('b.html', "/a.html\n  Content-Security-Policy: default-src 'self'\n");
  assert.throws(() => sharePageHead(dir), /no Content-Security-Policy for \/b\.html/);
});

test('source regions must be well formed', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llplay-src-'));
  after(() => fs.rmSync(dir, { recursive: true }));
  fs.writeFileSync(`${dir}/a.cpp`, 'x\n// llplay:source a.b c.d\nint f();\n// llplay:end\n');
  assert.deepEqual(extractSources(dir), {
    'a.b': [{ file: 'core/a.cpp', line: 3, code: 'int f();' }],
    'c.d': [{ file: 'core/a.cpp', line: 3, code: 'int f();' }],
  });
  fs.writeFileSync(`${dir}/a.cpp`, '// llplay:source a.b\nint f();\n');
  assert.throws(() => extractSources(dir), /never closed/);
  fs.writeFileSync(`${dir}/a.cpp`, '// llplay:end\n');
  assert.throws(() => extractSources(dir), /without llplay:source/);
});

test('the local server sends MIME types, gzip and dist/_headers (COOP/COEP/CORP), and no headers when asked', async () => {
  for (const isolation of [true, false]) {
    const server = await serve({ root: `${root}dist`, port: 0, isolation });
    const base = `http://127.0.0.1:${server.address().port}`;
    try {
      const wasm = await fetch(`${base}/wasm/st/llplay-floats.wasm`);
      assert.equal(wasm.headers.get('content-type'), 'application/wasm');
      assert.equal(wasm.headers.get('cross-origin-embedder-policy'), isolation ? 'require-corp' : null);
      assert.equal(wasm.headers.get('cross-origin-opener-policy'), isolation ? 'same-origin' : null);
      assert.equal(wasm.headers.get('cross-origin-resource-policy'), isolation ? 'cross-origin' : null);
      assert.equal(wasm.headers.get('document-isolation-policy'), null);
      const embed = await fetch(`${base}/embed.html`);
      assert.equal(embed.headers.get('document-isolation-policy'), isolation ? 'isolate-and-require-corp' : null);
      assert.equal(embed.headers.get('cross-origin-embedder-policy'), isolation ? 'require-corp' : null);
      assert.equal(wasm.headers.get('content-encoding'), 'gzip');
      assert.deepEqual(new Uint8Array(await wasm.arrayBuffer()).slice(0, 4), new Uint8Array([0, 97, 115, 109]));
      assert.equal((await fetch(`${base}/`)).headers.get('content-type'), 'text/html; charset=utf-8');
      assert.equal((await fetch(`${base}/app.js`)).headers.get('content-type'), 'text/javascript; charset=utf-8');
      assert.equal((await fetch(`${base}/favicon.svg`)).headers.get('content-type'), 'image/svg+xml');
      assert.equal((await fetch(`${base}/nope.js`)).status, 404);
      assert.equal((await fetch(`${base}/..%2fpackage.json`)).status, 403, 'no way out of the root');
      const etag = (await fetch(`${base}/app.js`)).headers.get('etag');
      assert.equal((await fetch(`${base}/app.js`, { headers: { 'if-none-match': etag } })).status, 304);
    } finally {
      server.close();
    }
  }
});
