// The service worker (web/sw.js): after one visit the site works with the server stopped, and on a server
// that sends no headers (as GitHub Pages) it makes the playground cross-origin isolated after one reload,
// telling the visitor. With dist/_headers served (as Netlify, Cloudflare Pages) no reload is needed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, serveDist, openPage, settled } from '../support/browser.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(() => browser?.close());

const stop = (site) => {
  site.server.close();
  site.server.closeAllConnections();
};

/** Waits until the service worker controls the page and has cached every file in precache.json. */
async function precached(page) {
  for (let tries = 0; tries < 240; tries++) {
    const done = await page.evaluate(async () => {
      if (!navigator.serviceWorker.controller) return false;
      const files = await (await fetch('precache.json')).json();
      const name = (await caches.keys()).find((k) => k.startsWith('llplay-'));
      return name !== undefined && (await (await caches.open(name)).keys()).length >= files.length;
    });
    if (done) return;
    await page.waitForTimeout(250);
  }
  throw new Error('the service worker did not take control and precache within 60 s');
}

test('after one visit the site works offline: the server stops, a reload still runs a demo', async () => {
  const site = await serveDist({ isolation: true });
  const page = await openPage(browser, `${site.url}?demo=float.anatomy`, { serviceWorkers: 'allow' });
  await settled(page);
  await precached(page);
  assert.equal(await page.evaluate(() => navigator.serviceWorker.controller.state), 'activated');
  stop(site);
  assert.equal((await page.evaluate((url) => fetch(`${url}nope.txt`).then(() => 'answered', () => 'no server'), site.url)), 'no server');
  await page.goto(`${site.url}?demo=memory.lazy&n=1000`);
  await settled(page, 'done', 60000);
  assert.match(await page.textContent('.result'), /depleted-generator trap/);
  assert.equal(await page.evaluate(() => self.crossOriginIsolated), true);
  assert.equal(await page.evaluate(() => window.llplay.variant), 'mt');
  const sum = await page.evaluate(() => window.llplay.run('float.fsum', { values: ['0.1', '0.2', '0.3'] }));
  assert.equal(sum.fsum, '0.6');
  await page.context().close();
});

test('on a server that sends no headers, the service worker isolates the page after one announced reload', async () => {
  const site = await serveDist({ isolation: false });
  try {
    const page = await openPage(browser, undefined, { serviceWorkers: 'allow' });
    let loads = 0;
    page.on('load', () => loads++);
    await page.goto(`${site.url}?demo=float.anatomy`);
    assert.equal(await page.evaluate(() => self.crossOriginIsolated), false);
    await page.waitForSelector('.notice', { timeout: 60000 });
    assert.match(await page.textContent('.notice'), /service worker adds them: reloading once/);
    await page.waitForFunction(() => self.crossOriginIsolated === true, null, { timeout: 60000 });
    await settled(page);
    assert.equal(await page.evaluate(() => window.llplay.variant), 'mt');
    assert.match(await page.textContent('#badge-reason'), /the host sends no isolation headers, so the site's service worker adds them/);
    const headers = await page.evaluate(async () => Object.fromEntries((await fetch('index.html')).headers));
    assert.equal(headers['cross-origin-embedder-policy'], 'require-corp');
    // It reloads once, not again.
    await page.waitForTimeout(1500);
    assert.equal(loads, 2, 'the first visit and one reload');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  } finally {
    stop(site);
  }
});

test('served with dist/_headers the page is isolated at once, and the service worker does not reload it', async () => {
  const site = await serveDist({ isolation: true });
  try {
    const page = await openPage(browser, `${site.url}?demo=float.anatomy`, { serviceWorkers: 'allow' });
    assert.equal(await page.evaluate(() => self.crossOriginIsolated), true);
    await settled(page);
    await precached(page);
    assert.equal(await page.$('.notice'), null);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  } finally {
    stop(site);
  }
});
