// Assembles the deployable static site in dist/: the page (web/), every lab's wasm module (wasm/st/ and,
// for threaded labs, wasm/mt/), registry.json (every lab and demo, as the modules themselves list them),
// the pinned vendor libraries from node_modules, JSONTestSuite from ../shared/conformance, and
// sources/<id>.json (each demo's C++ as marked in core/).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const dist = path.join(root, 'dist');
const from = (...parts) => path.join(root, ...parts);

function copy(source, target) {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.cpSync(source, target, { recursive: true });
}

/**
 * Every `// llplay:source <id>` … `// llplay:end` region, by demo id, in file order, in the .cpp, .hpp
 * and .js files under `dir`: core/'s C++, or web/labs/'s JavaScript for demos that run partly in the page
 * (the SQL lab's queries.js, the parallel lab's isolated workers).
 * Each part is {file, line, code}, `file` relative to the repository.
 */
export function extractSources(dir, prefix = 'core') {
  const regions = {};
  const files = fs
    .readdirSync(dir, { recursive: true })
    .filter((f) => /\.(cpp|hpp|js)$/.test(f))
    .sort();
  for (const file of files) {
    const lines = fs.readFileSync(path.join(dir, file), 'utf8').split('\n');
    let open = null;
    lines.forEach((line, i) => {
      const start = line.match(/^\s*\/\/ llplay:source ([\w.-]+(?:\s+[\w.-]+)*)\s*$/);
      if (start) {
        if (open) throw new Error(`${prefix}/${file}:${i + 1}: region opened inside another`);
        open = { ids: start[1].split(/\s+/), line: i + 2, code: [] };
      } else if (/^\s*\/\/ llplay:end\s*$/.test(line)) {
        if (!open) throw new Error(`${prefix}/${file}:${i + 1}: llplay:end without llplay:source`);
        for (const id of open.ids)
          (regions[id] ??= []).push({ file: `${prefix}/${file}`, line: open.line, code: open.code.join('\n') });
        open = null;
      } else if (open) {
        open.code.push(line);
      }
    });
    if (open) throw new Error(`${prefix}/${file}: region for ${open.ids} is never closed`);
  }
  return regions;
}

/** A lab's module of `variant` from build/wasm-<variant>/, instantiated under Node. */
export function loadModule(lab, variant = 'st') {
  const file = from('build', `wasm-${variant}`, `llplay-${lab}`);
  // Node 20's fetch cannot read file paths, so the module gets its bytes directly.
  return createRequire(import.meta.url)(`${file}.js`)({ wasmBinary: fs.readFileSync(`${file}.wasm`) });
}

/**
 * The registry as the page reads it: the labs in the CLI's order, each with the builds its module exists
 * in, and every demo as its own lab's st module lists it (each module holds its own lab only).
 */
export async function buildRegistry() {
  const order = JSON.parse(execFileSync(from('build', 'native', 'bin', 'llplay'), ['labs'], { encoding: 'utf8' }));
  const labs = [];
  const demos = [];
  for (const { id, title } of order) {
    const M = await loadModule(id);
    const own = JSON.parse(M.labs());
    if (own.length !== 1 || own[0].id !== id)
      throw new Error(`llplay-${id}: registers ${JSON.stringify(own)}, not the ${id} lab alone`);
    const variants = ['st', 'mt'].filter((v) => fs.existsSync(from('build', `wasm-${v}`, `llplay-${id}.wasm`)));
    labs.push({ id, title, variants });
    demos.push(...JSON.parse(M.list()));
  }
  return { labs, demos };
}

/**
 * The <head> lines every page shares (charset, viewport, icon, stylesheet) live once, in web/head.html: each
 * page in `dir` says where they go with `<!-- llplay:head ... -->`, and this puts them there (head.html itself
 * is not a page: it is removed). Every page must also have its Content-Security-Policy in _headers (the
 * policy is sent as a header, never as a <meta>, so it holds for the page's first byte).
 */
export function sharePageHead(dir) {
  const head = fs.readFileSync(path.join(dir, 'head.html'), 'utf8');
  fs.rmSync(path.join(dir, 'head.html'));
  const headers = fs.readFileSync(path.join(dir, '_headers'), 'utf8');
  for (const page of fs.readdirSync(dir).filter((f) => f.endsWith('.html'))) {
    const file = path.join(dir, page);
    const html = fs.readFileSync(file, 'utf8');
    const marker = /^[ \t]*<!-- llplay:head\b[^>]*-->\n/m;
    if (!marker.test(html)) throw new Error(`web/${page}: no <!-- llplay:head --> line for the shared <head>`);
    fs.writeFileSync(
      file,
      html.replace(marker, () => head),
    );
    const rule = new RegExp(`^/${page.replace('.', '\\.')}\n(?:[ \t]+.*\n)*?[ \t]+Content-Security-Policy: `, 'm');
    if (!rule.test(headers)) throw new Error(`web/_headers: no Content-Security-Policy for /${page}`);
  }
}

/** Both: the C++ first, then the page's JavaScript. */
export function allSources() {
  const sources = extractSources(from('core'));
  for (const [id, parts] of Object.entries(extractSources(from('web', 'labs'), 'web/labs')))
    (sources[id] ??= []).push(...parts);
  return sources;
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  fs.rmSync(dist, { recursive: true, force: true });
  // web/img holds the README's screenshot: the page does not use it, so visitors do not download it.
  fs.cpSync(from('web'), dist, {
    recursive: true,
    filter: (src) => path.basename(src) !== 'package.json' && src !== from('web', 'img'),
  });
  sharePageHead(dist);
  const registry = await buildRegistry();
  fs.writeFileSync(path.join(dist, 'registry.json'), JSON.stringify(registry));
  for (const lab of registry.labs) {
    for (const variant of lab.variants) {
      const build = from('build', `wasm-${variant}`);
      for (const file of fs
        .readdirSync(build)
        .filter((f) => f.startsWith(`llplay-${lab.id}.`) && /\.(js|wasm)$/.test(f))) {
        copy(path.join(build, file), path.join(dist, 'wasm', variant, file));
      }
    }
  }
  const vendor = [
    ['uplot/dist/uPlot.esm.js', 'uplot/uPlot.esm.js'],
    ['uplot/dist/uPlot.min.css', 'uplot/uPlot.min.css'],
    ['uplot/LICENSE', 'uplot/LICENSE'],
    ['@highlightjs/cdn-assets/es/core.min.js', 'highlight/core.min.js'],
    ['@highlightjs/cdn-assets/es/languages/cpp.min.js', 'highlight/languages/cpp.min.js'],
    ['@highlightjs/cdn-assets/es/languages/python.min.js', 'highlight/languages/python.min.js'],
    ['@highlightjs/cdn-assets/es/languages/javascript.min.js', 'highlight/languages/javascript.min.js'],
    ['@highlightjs/cdn-assets/LICENSE', 'highlight/LICENSE'],
    ['sql.js/dist/sql-wasm-browser.wasm', 'sqljs/sql-wasm-browser.wasm'],
    ['sql.js/LICENSE', 'sqljs/LICENSE'],
    ['coi-serviceworker/coi-serviceworker.js', 'coi-serviceworker/coi-serviceworker.js'],
    ['coi-serviceworker/LICENSE', 'coi-serviceworker/LICENSE'],
  ];
  for (const [source, target] of vendor) copy(from('node_modules', source), path.join(dist, 'vendor', target));
  // sql.js ships a script that defines a global; the SQL lab's module worker imports it as a module.
  // (It assigns `module = undefined`, which strict module code may only do to a declared variable.)
  const sqljs = fs.readFileSync(from('node_modules', 'sql.js/dist/sql-wasm-browser.js'), 'utf8');
  fs.writeFileSync(
    path.join(dist, 'vendor', 'sqljs', 'sql-wasm.mjs'),
    `var module;\n${sqljs}\nexport default initSqlJs;\n`,
  );
  // JSONTestSuite for the JSON lab's conformance section, from ../shared/conformance (never copied
  // into the repository), with an index of its cases so the page can fetch them one by one.
  const suite = path.join(root, '..', 'shared', 'conformance', 'JSONTestSuite');
  const cases = fs
    .readdirSync(path.join(suite, 'test_parsing'))
    .filter((f) => f.endsWith('.json'))
    .sort();
  copy(path.join(suite, 'test_parsing'), path.join(dist, 'conformance', 'JSONTestSuite', 'test_parsing'));
  copy(path.join(suite, 'LICENSE'), path.join(dist, 'conformance', 'JSONTestSuite', 'LICENSE'));
  fs.writeFileSync(path.join(dist, 'conformance', 'JSONTestSuite', 'index.json'), JSON.stringify(cases));
  // One file per demo, so a page fetches only the source of the demo it shows.
  fs.mkdirSync(path.join(dist, 'sources'), { recursive: true });
  for (const [id, parts] of Object.entries(allSources()))
    fs.writeFileSync(path.join(dist, 'sources', `${id}.json`), JSON.stringify(parts));
  // What the service worker caches at install, so the site works offline after one visit: everything
  // but the JSONTestSuite files and sql.js, which are cached when first used.
  const precache = ['./'];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      const url = path.relative(dist, file).split(path.sep).join('/');
      if (entry.isDirectory()) {
        if (!['conformance', 'vendor/sqljs'].includes(url)) walk(file);
      } else if (!['_headers', 'sw.js', 'precache.json'].includes(url)) {
        precache.push(url);
      }
    }
  };
  walk(dist);
  fs.writeFileSync(path.join(dist, 'precache.json'), JSON.stringify(precache.sort()));
  // The service worker's cache is named after what it caches: a new deploy is a new worker.
  const hash = crypto.createHash('sha256');
  for (const file of precache.filter((f) => f !== './'))
    hash.update(file).update(fs.readFileSync(path.join(dist, file)));
  const sw = path.join(dist, 'sw.js');
  const stamped = fs
    .readFileSync(sw, 'utf8')
    .replace("const CACHE = 'llplay-dev';", `const CACHE = 'llplay-${hash.digest('hex').slice(0, 12)}';`);
  if (!stamped.includes("const CACHE = 'llplay-") || stamped.includes('llplay-dev'))
    throw new Error('sw.js: CACHE not stamped');
  fs.writeFileSync(sw, stamped);
  console.log(`dist/ assembled: ${fs.readdirSync(dist, { recursive: true }).length} entries`);
}
