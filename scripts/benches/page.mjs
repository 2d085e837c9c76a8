// What a reader downloads and waits for, per lab, on localhost in headless Chromium with a cold cache:
// the lab's module (gzip), and the time from navigation to the first result of one of its demos, in an
// embed (what a blog post shows) and on the playground page, isolated (mt) and not (st), best of 3, with
// everything the server sent by then (gzip). Then the front page, and the service worker's precache.
// Targets: an embed <= 250 KB gzip in all and its first result <= 1 s; the front page <= 300 KB and <= 1 s;
// a lab's first load holds no other lab's module.
import fs from 'node:fs';
import zlib from 'node:zlib';
import { launch, serveDist, openPage, settled, precached } from '../../tests/support/browser.mjs';

const root = new URL('../../', import.meta.url).pathname;
const gzipKB = (file) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length / 1024;

/** One quick demo per lab: what an embed would show. */
const DEMOS = {
  floats: 'float.fsum',
  memory: 'memory.lazy',
  recursion: 'recursion.fib',
  json: 'json.validate',
  parallel: 'parallel.kernel',
  sql: 'sql.joins',
  chance: 'random.draw',
  async: 'async.loop',
  files: 'path.pure',
  network: 'http.request',
  profile: 'profile.ncalls',
};

/** Cold loads of `path`: {ms: best time to the first result, kb: what the server sent by then}. */
async function coldLoads(browser, site, path, sent) {
  let ms = Infinity,
    kb = 0;
  for (let i = 0; i < 3; i++) {
    const page = await openPage(browser); // a new context each time: a cold cache
    sent.bytes = 0;
    sent.labs = new Set();
    await page.goto(`${site.url}${path}`);
    await settled(page, 'done', 60000).catch(async (error) => {
      const state = await page.evaluate(() => [
        document.querySelector('article.demo')?.dataset.state,
        document.querySelector('main')?.innerText.slice(0, 300),
      ]);
      throw new Error(`${path}: no result (${state}; ${page.problems}): ${error.message}`);
    });
    const shown = await page.evaluate(() => performance.getEntriesByName('llplay:result')[0].startTime);
    if (shown < ms) ms = shown;
    kb = sent.bytes / 1024;
    await page.context().close();
  }
  return { ms, kb, labs: [...sent.labs] };
}

const verdict = (ms, kb, maxKB) =>
  `${ms <= 1000 ? 'meets' : 'MISSES'} ≤ 1 s; ${kb <= maxKB ? 'meets' : 'MISSES'} ≤ ${maxKB} KB`;

export default async function page() {
  const registry = JSON.parse(fs.readFileSync(`${root}dist/registry.json`, 'utf8'));
  const missing = registry.labs.filter((lab) => !DEMOS[lab.id]).map((lab) => lab.id);
  if (missing.length) throw new Error(`scripts/benches/page.mjs: no demo chosen for lab ${missing.join(', ')}`);
  const rows = [];
  for (const lab of registry.labs) {
    for (const variant of lab.variants) {
      const files = fs.readdirSync(`${root}dist/wasm/${variant}`).filter((f) => f.startsWith(`llplay-${lab.id}.`));
      const kb = files.reduce((sum, f) => sum + gzipKB(`${root}dist/wasm/${variant}/${f}`), 0);
      rows.push([`${lab.id}: module (${variant})`, `${kb.toFixed(0)} KB`, `gzip -9: ${files.join(' + ')}`]);
    }
  }

  const browser = await launch();
  try {
    for (const [variant, isolation] of [
      ['st', false],
      ['mt', true],
    ]) {
      const sent = { bytes: 0, labs: new Set() };
      const site = await serveDist({
        isolation,
        onSent: (file, size) => {
          sent.bytes += size;
          const m = file.match(/wasm\/\w+\/llplay-(\w+)\./);
          if (m) sent.labs.add(m[1]);
        },
      });
      try {
        for (const lab of registry.labs) {
          const demo = DEMOS[lab.id];
          for (const [where, path, maxKB] of [
            ['embed', `embed.html?demo=${demo}`, 250],
            ['page', `?demo=${demo}`, 300],
          ]) {
            const r = await coldLoads(browser, site, path, sent);
            const others = r.labs.filter((l) => l !== lab.id);
            rows.push([
              `${lab.id}: ${where} ${variant}, ${demo}`,
              `${r.ms.toFixed(0)} ms`,
              `${r.kb.toFixed(0)} KB sent; ${verdict(r.ms, r.kb, maxKB)}${others.length ? `; ALSO LOADED ${others}` : ''}`,
            ]);
          }
        }
        const front = await coldLoads(browser, site, '', sent);
        rows.push([
          `front page ${variant}`,
          `${front.ms.toFixed(0)} ms`,
          `${front.kb.toFixed(0)} KB sent; ${verdict(front.ms, front.kb, 300)}`,
        ]);
      } finally {
        site.server.close();
      }
    }

    // What the service worker then fetches in the background, for offline use (not part of the first load).
    {
      let bytes = 0;
      const site = await serveDist({
        isolation: true,
        onSent: (file, size) => {
          bytes += size;
        },
      });
      const p = await openPage(browser, site.url, { serviceWorkers: 'allow' });
      await settled(p);
      const firstLoad = bytes;
      await precached(p);
      rows.push([
        'service worker precache, after the first load',
        `${((bytes - firstLoad) / 1024).toFixed(0)} KB`,
        'gzip; every lab, so the site works offline',
      ]);
      await p.context().close();
      site.server.close();
    }
  } finally {
    await browser.close();
  }
  return rows;
}
