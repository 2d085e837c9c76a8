// The page on localhost in headless Chromium, cold cache: time until window.llplay is ready, until the
// first demo's result is on screen, and the bytes transferred (gzip) by then, isolated (mt) and not (st).
import { launch, serveDist, openPage, settled } from '../../tests/support/browser.mjs';

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
      rows.push([`${variant}: first result shown after`, `${best('shown').toFixed(0)} ms`, 'float.repr, run on load (target: interactive within 1 s)']);
      rows.push([`${variant}: transferred by then`, `${(firstLoad / 1024).toFixed(0)} KB`, 'gzip, as the server sent it, page + worker + wasm (budget 500 KB)']);
    }
  } finally {
    await browser.close();
  }
  return rows;
}
