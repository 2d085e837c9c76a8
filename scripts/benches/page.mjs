// The page on localhost in headless Chromium, cold cache: time until window.llplay is ready, until the
// first demo's result is on screen, and the bytes transferred (gzip) by then, isolated (mt) and not (st).
import { launch, serveDist, openPage, settled, precached } from '../../tests/support/browser.mjs';

export default async function page() {
  const browser = await launch();
  const rows = [];
  try {
    for (const [variant, isolation] of [['mt', true], ['st', false]]) {
      let bytes = 0;
      const site = await serveDist({ isolation, onSent: (file, size) => { bytes += size; } });
      const times = [];
      let firstLoad = 0;
      for (let i = 0; i < 3; i++) {
        const p = await openPage(browser);  // a new context each time: a cold cache
        await p.addInitScript(() => {
          window.addEventListener('DOMContentLoaded', () => window.llplay.ready.then(() => { window.readyAt = performance.now(); }));
        });
        bytes = 0;
        await p.goto(site.url);
        await settled(p);
        times.push(await p.evaluate(() => ({ ready: window.readyAt, shown: performance.getEntriesByName('llplay:result')[0].startTime })));
        firstLoad = bytes;  // everything the server sent: page, worker, wasm, pthread workers
        await p.context().close();
      }
      site.server.close();
      const best = (key) => Math.min(...times.map((t) => t[key]));
      rows.push([`${variant}: llplay.ready after`, `${best('ready').toFixed(0)} ms`, 'best of 3, from navigation start']);
      rows.push([`${variant}: first result shown after`, `${best('shown').toFixed(0)} ms`, 'the first demo (float.anatomy), run on load (target: interactive within 1 s)']);
      rows.push([`${variant}: transferred by then`, `${(firstLoad / 1024).toFixed(0)} KB`, 'gzip, as the server sent it, page + worker + wasm (budget 500 KB)']);
    }

    // An embed as a blog shows it: served without headers, so st; cold cache.
    {
      let bytes = 0;
      const site = await serveDist({ isolation: false, onSent: (file, size) => { bytes += size; } });
      const shown = [];
      for (let i = 0; i < 3; i++) {
        bytes = 0;
        const p = await openPage(browser, `${site.url}embed.html?demo=float.repr`);
        await settled(p);
        shown.push(await p.evaluate(() => performance.getEntriesByName('llplay:result')[0].startTime));
        await p.context().close();
      }
      site.server.close();
      rows.push(['embed (st): first result shown after', `${Math.min(...shown).toFixed(0)} ms`, `best of 3, cold cache; ${(bytes / 1024).toFixed(0)} KB transferred`]);
    }

    // What the service worker then fetches in the background, for offline use (not part of the first load).
    {
      let bytes = 0;
      const site = await serveDist({ isolation: true, onSent: (file, size) => { bytes += size; } });
      const p = await openPage(browser, site.url, { serviceWorkers: 'allow' });
      await settled(p);
      const firstLoad = bytes;
      await precached(p);
      rows.push(['service worker precache, after the first load', `${((bytes - firstLoad) / 1024).toFixed(0)} KB`, 'gzip; both wasm builds and every lab, so the site works offline']);
      await p.context().close();
      site.server.close();
    }
  } finally {
    await browser.close();
  }
  return rows;
}
