// The site's own hardening (issue 21): the Content-Security-Policy and frame-ancestors from dist/_headers,
// with no violation on the playground and an embed; the service worker deleting only its own deployment's
// caches; embed.js sizing frames whether it is loaded as a classic script, as a module or pasted inline; and
// links whose params would run long waiting for the reader's click while defaults run on load.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import { settled } from '../support/browser.mjs';
import { usePlayground } from '../support/playground.mjs';

const { sites, open } = usePlayground({ mt: true, st: false });
const EMBED_JS = fs.readFileSync(new URL('../../dist/embed.js', import.meta.url), 'utf8');

/** Counts CSP violations on every page of the context, besides the console errors openPage records. */
async function watchViolations(page) {
  await page.context().addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
}

/** A server on another origin (localhost, another port) answering every path with `html`. */
async function host(html) {
  const server = http.createServer((request, response) =>
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html),
  );
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://localhost:${server.address().port}/` };
}

test('the playground and an embed send a Content-Security-Policy and run a demo with no violation', async () => {
  for (const path of ['', 'index.html', 'embed.html', 'errata.html']) {
    const response = await fetch(`${sites.mt.url}${path}`);
    const policy = response.headers.get('content-security-policy') ?? '';
    assert.match(policy, /script-src 'self' 'wasm-unsafe-eval'/, path);
    assert.match(policy, /object-src 'none'/, path);
    assert.match(policy, path === 'embed.html' ? /frame-ancestors \*/ : /frame-ancestors 'self'/, path);
  }
  for (const url of [
    `${sites.mt.url}?demo=float.anatomy`,
    `${sites.mt.url}embed.html?demo=float.repr`,
    `${sites.mt.url}?demo=memory.layout`,
  ]) {
    const page = await open();
    await watchViolations(page);
    await page.goto(url);
    await settled(page, 'done', 60000);
    assert.deepEqual(await page.evaluate(() => window.cspViolations), [], url);
    assert.deepEqual(page.problems, [], url);
  }
});

test('frame-ancestors: another site may frame an embed, not the playground', async () => {
  const site = await host(`<!doctype html><title>a post</title>
<iframe id="page" src="${sites.mt.url}?demo=float.repr"></iframe>
<iframe id="embed" src="${sites.mt.url}embed.html?demo=float.repr"></iframe>`);
  try {
    const page = await open(site.url);
    const embed = await (await page.waitForSelector('#embed')).contentFrame();
    await embed.waitForFunction(() => document.querySelector('article.demo')?.dataset.state === 'done', null, {
      polling: 100,
      timeout: 60000,
    });
    // The refused frame stays empty: no document of the playground's was let in.
    const framed = page.frames().find((f) => f.url().startsWith(sites.mt.url) && !f.url().includes('embed.html'));
    const loaded = framed
      ? await framed.evaluate(() => document.querySelector('main') !== null).catch(() => false)
      : false;
    assert.equal(loaded, false, 'the playground is not shown inside another site');
    assert.ok(
      page.problems.some((p) => /frame-ancestors/.test(p)),
      page.problems.join('\n'),
    );
  } finally {
    site.server.close();
  }
});

test("the service worker deletes its own older caches and no other deployment's", async () => {
  const page = await open(undefined, { serviceWorkers: 'allow' });
  await page.goto(`${sites.mt.url}favicon.svg`); // same origin, before the worker exists
  const scope = sites.mt.url;
  const others = ['llplay-0ther@http://127.0.0.1:1/another/', 'llplay-legacy', 'not-ours'];
  await page.evaluate(
    async (names) => Promise.all(names.map((n) => caches.open(n))),
    [...others, `llplay-stale@${scope}`],
  );
  await page.goto(`${sites.mt.url}?demo=float.repr`);
  await settled(page, 'done', 60000);
  await page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated', null, { timeout: 60000 });
  // Activation has deleted what it deletes once the worker controls the page; its own cache is the one precached.
  let keys = [];
  for (let tries = 0; tries < 240 && !keys.some((k) => /^llplay-[0-9a-f]{12}@/.test(k)); tries++) {
    await page.waitForTimeout(250);
    keys = await page.evaluate(() => caches.keys());
  }
  for (const name of others) assert.ok(keys.includes(name), `${name} kept: ${keys}`);
  assert.ok(!keys.includes(`llplay-stale@${scope}`), `its own stale cache deleted: ${keys}`);
  assert.ok(
    keys.some((k) => /^llplay-[0-9a-f]{12}@/.test(k) && k.endsWith(`@${scope}`)),
    `its own cache, named by scope: ${keys}`,
  );
});

for (const how of ['classic', 'module', 'inline']) {
  test(`embed.js works ${how === 'inline' ? 'pasted inline' : `as a ${how} script`}: the frame is sized, a foreign page's claim is not`, async () => {
    const tag =
      how === 'inline'
        ? `<script>${EMBED_JS}</script>`
        : `<script ${how === 'module' ? 'type="module"' : 'async'} src="${sites.mt.url}embed.js"></script>`;
    const site =
      await host(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>a post</title></head><body>
<iframe id="one" src="${sites.mt.url}embed.html?demo=float.repr" title="repr" width="100%" height="560" style="border:0"></iframe>
<iframe id="other" src="${sites.mt.url}favicon.svg" title="not an embed" width="100" height="100"></iframe>
${tag}</body></html>`);
    try {
      const page = await open(site.url);
      await page.waitForFunction(() => window.llplayEmbeds === true, null, { timeout: 60000, polling: 100 });
      const frame = await (await page.waitForSelector('#one')).contentFrame();
      await frame.waitForFunction(() => document.querySelector('article.demo')?.dataset.state === 'done', null, {
        polling: 100,
        timeout: 60000,
      });
      await page.waitForFunction(() => Number(document.getElementById('one').dataset.llplayHeight) > 200, null, {
        timeout: 60000,
        polling: 100,
      });
      // A same-origin page that is not an embed page (here the icon) claims a height: not taken.
      const other = await (await page.$('#other')).contentFrame();
      await other.evaluate(() => parent.postMessage({ type: 'llplay:resize', height: 333 }, '*')).catch(() => {});
      await page.waitForTimeout(300);
      assert.notEqual(await page.evaluate(() => document.getElementById('other').style.height), '333px');
      assert.deepEqual(
        page.problems.filter((p) => !/favicon/.test(p)),
        [],
      );
    } finally {
      site.server.close();
    }
  });
}

test('a link asking for far more than the defaults waits for Run; the defaults run at once', async () => {
  const page = await open(`${sites.mt.url}?demo=memory.lazy&n=100000000`);
  await page.waitForFunction(() => document.querySelector('article.demo')?.dataset.state === 'waiting', null, {
    timeout: 60000,
    polling: 100,
  });
  assert.match(await page.textContent('.result'), /more than 10 times its default.*runs when you press Run/s);
  assert.equal(await page.inputValue('#param-n'), '100000000', "the link's value stays in the form");
  await page.fill('#param-n', '1000');
  await page.click('button.run');
  await settled(page, 'done', 60000);

  const embed = await open(`${sites.mt.url}embed.html?demo=memory.lazy&n=100000000`);
  await embed.waitForFunction(() => document.querySelector('article.demo')?.dataset.state === 'waiting', null, {
    timeout: 60000,
    polling: 100,
  });

  const defaults = await open(`${sites.mt.url}?demo=memory.lazy`);
  await settled(defaults, 'done', 60000);
  assert.deepEqual([...page.problems, ...embed.problems, ...defaults.problems], []);
});
