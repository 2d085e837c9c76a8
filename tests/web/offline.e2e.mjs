// The service worker (web/sw.js): after one visit the site works with the server stopped, and on a server
// that sends no headers (as GitHub Pages) it makes the playground cross-origin isolated after one reload,
// telling the visitor. With dist/_headers served (as Netlify, Cloudflare Pages) no reload is needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, settled, precached } from '../support/browser.mjs';
import { usePlayground } from '../support/playground.mjs';

const { open } = usePlayground({}); // each test serves dist/ itself, to stop the server midway

const stop = (site) => {
  site.server.close();
  site.server.closeAllConnections();
};

test('after one visit the site works offline: the server stops, a reload still runs a demo', async () => {
  const site = await serveDist({ isolation: true });
  const page = await open(`${site.url}?demo=float.anatomy`, { serviceWorkers: 'allow' });
  await settled(page);
  await precached(page);
  await page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated', null, { timeout: 30000 });
  stop(site);
  assert.equal(
    await page.evaluate(
      (url) =>
        fetch(`${url}nope.txt`).then(
          () => 'answered',
          () => 'no server',
        ),
      site.url,
    ),
    'no server',
  );
  await page.goto(`${site.url}?demo=memory.lazy&n=1000`);
  await settled(page, 'done', 60000);
  assert.match(await page.textContent('.result'), /depleted-generator trap/);
  assert.equal(await page.evaluate(() => self.crossOriginIsolated), true);
  assert.equal(await page.evaluate(() => window.llplay.variant), 'mt');
  const sum = await page.evaluate(() => window.llplay.run('float.fsum', { values: ['0.1', '0.2', '0.3'] }));
  assert.equal(sum.fsum, '0.6');
});

test('on a server that sends no headers, the service worker isolates the page after one announced reload', async () => {
  const site = await serveDist({ isolation: false });
  try {
    const page = await open(undefined, { serviceWorkers: 'allow' });
    let loads = 0;
    page.on('load', () => loads++);
    await page.goto(`${site.url}?demo=float.anatomy`);
    assert.equal(await page.evaluate(() => self.crossOriginIsolated), false);
    // The page reloads soon after the notice shows, so read it in the same step that finds it.
    await page.waitForFunction(
      () => /service worker adds them: reloading once/.test(document.querySelector('.notice')?.textContent ?? ''),
      null,
      { timeout: 60000 },
    );
    await page.waitForFunction(() => self.crossOriginIsolated === true, null, { timeout: 60000 });
    await settled(page);
    assert.equal(await page.evaluate(() => window.llplay.variant), 'mt');
    assert.match(
      await page.textContent('#badge-reason'),
      /the host sends no isolation headers, so the site's service worker adds them/,
    );
    const headers = await page.evaluate(async () => Object.fromEntries((await fetch('index.html')).headers));
    assert.equal(headers['cross-origin-embedder-policy'], 'require-corp');
    // It reloads once, not again.
    await page.waitForTimeout(1500);
    assert.equal(loads, 2, 'the first visit and one reload');
    assert.deepEqual(page.problems, []);
  } finally {
    stop(site);
  }
});

test('a reader who has already typed is never reloaded: the page offers the switch instead', async () => {
  const site = await serveDist({ isolation: false });
  try {
    const page = await open(undefined, { serviceWorkers: 'allow' });
    // The reader presses a key before the service worker is ready.
    await page.addInitScript(() =>
      addEventListener('DOMContentLoaded', () => dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }))),
    );
    let loads = 0;
    page.on('load', () => loads++);
    await page.goto(`${site.url}?demo=float.anatomy`);
    await page.waitForFunction(
      () => /Threads can be turned on here/.test(document.querySelector('.notice')?.textContent ?? ''),
      null,
      { timeout: 60000 },
    );
    await page.waitForTimeout(1500);
    assert.equal(loads, 1, 'no reload under the reader');
    // The reload's page can be isolated before its load event fires: wait for that event, then count.
    await Promise.all([
      page.waitForEvent('load', { timeout: 60000 }),
      page.click('.notice button:text-is("Reload with threads")'),
    ]);
    assert.equal(await page.evaluate(() => self.crossOriginIsolated), true);
    assert.equal(loads, 2);
  } finally {
    stop(site);
  }
});

test('served with dist/_headers the page is isolated at once, and the service worker does not reload it', async () => {
  const site = await serveDist({ isolation: true });
  try {
    const page = await open(undefined, { serviceWorkers: 'allow' });
    let loads = 0;
    page.on('load', () => loads++);
    await page.goto(`${site.url}?demo=float.anatomy`);
    assert.equal(await page.evaluate(() => self.crossOriginIsolated), true);
    await settled(page);
    await precached(page); // the service worker now controls the page: had it wanted a reload, it would have asked
    await page.waitForTimeout(1500);
    assert.equal(loads, 1, 'one load, no reload');
    assert.equal(await page.$('.notice'), null);
    assert.deepEqual(page.problems, []);
  } finally {
    stop(site);
  }
});
