// Embeds: a blog-like host page on another origin (another port), not isolated, embeds two demos from a
// playground served without headers (as GitHub Pages would). Each iframe reports its height and is
// resized by embed.js, runs st, shows a result; the console stays clean; embed.js ignores messages that
// are not from its frames. Then the same from a host with dist/_headers (Document-Isolation-Policy).
// axe-core finds no serious or critical violation on the playground or on an embed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { settled } from '../support/browser.mjs';
import { usePlayground } from '../support/playground.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');

const { sites, open } = usePlayground({ plain: false, headers: true });

/** A host page on its own port: a post with two embedded demos and embed.js, like a blog. */
async function blog(playground) {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A post</title></head><body>
<h1>Floats lie</h1><p>Try it:</p>
<iframe id="one" src="${playground}embed.html?demo=float.repr&values=0.1&values=1e22" title="repr" width="100%" height="560" loading="lazy" style="border:0"></iframe>
<p>And memory:</p>
<iframe id="two" src="${playground}embed.html?demo=memory.lazy&n=1000&theme=dark" title="lazy" width="100%" height="560" loading="lazy" style="border:0"></iframe>
<script>window.seen = []; addEventListener('message', (e) => seen.push({ origin: e.origin, data: e.data }));</script>
<script src="${playground}embed.js" async></script>
</body></html>`;
  // /elsewhere: a page of the host's own origin that claims a height, for a frame that has navigated away.
  const elsewhere =
    '<!doctype html><title>elsewhere</title><script>parent.postMessage({ type: "llplay:resize", height: 321 }, "*")</script>';
  const server = http.createServer((request, response) =>
    response
      .writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
      .end(request.url === '/elsewhere' ? elsewhere : html),
  );
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://localhost:${server.address().port}/` }; // localhost: another origin
}

/**
 * The frame's demo, once it has finished its run. Chromium runs no animation frames in a cross-origin frame
 * that is off screen, so a requestAnimationFrame-polled wait there never checks again (frame two is pushed
 * below the fold as soon as frame one grows): scroll to the frame, as a reader would, and poll on a timer.
 */
async function frameOf(page, id) {
  const handle = await page.waitForSelector(`#${id}`);
  await handle.scrollIntoViewIfNeeded();
  const frame = await handle.contentFrame();
  await frame.waitForFunction(() => document.querySelector('article.demo')?.dataset.state === 'done', null, {
    polling: 100,
    timeout: 60000,
  });
  return frame;
}

test('two embeds in a post on another origin: heights reported and applied, st, results, clean console', async () => {
  const host = await blog(sites.plain.url);
  try {
    const page = await open(host.url);
    const one = await frameOf(page, 'one');
    const two = await frameOf(page, 'two');
    for (const frame of [one, two]) {
      const facts = await frame.evaluate(() => ({
        variant: window.llplay.variant,
        isolated: self.crossOriginIsolated,
        open: document.getElementById('open').href,
      }));
      assert.deepEqual([facts.variant, facts.isolated], ['st', false]);
      assert.match(facts.open, new RegExp(`^${sites.plain.url}\\?demo=`));
    }
    assert.match(await one.textContent('.result'), /1e\+22/);
    assert.match(await two.textContent('.result'), /depleted-generator trap/);
    assert.equal(await two.evaluate(() => document.documentElement.dataset.theme), 'dark');
    assert.match(
      await two.getAttribute('#open', 'href'),
      /demo=memory\.lazy.*theme=dark|theme=dark.*demo=memory\.lazy/,
    );

    // Each frame's last report is its content's height, and embed.js has sized the frame to it.
    // (Content still settles for a moment, e.g. when the highlighted source arrives: poll until they agree.
    // Chromium holds back a cross-origin frame's ResizeObserver while it is off screen, as a reader's
    // browser would until they scroll to it: so scroll to each.)
    for (const id of ['one', 'two']) await page.locator(`#${id}`).scrollIntoViewIfNeeded();
    let agreed = null;
    for (let tries = 0; tries < 100 && !agreed; tries++) {
      const content = [];
      for (const frame of [one, two])
        content.push(await frame.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height)));
      const reported = await page.evaluate(() =>
        ['one', 'two'].map((id) => Number(document.getElementById(id).dataset.llplayHeight)),
      );
      if (content.every((c, i) => c === reported[i])) agreed = content;
      else
        await page
          .locator(`#${content[0] === reported[0] ? 'two' : 'one'}`)
          .scrollIntoViewIfNeeded()
          .then(() => page.waitForTimeout(50));
    }
    assert.ok(agreed, 'each frame reports its content height');
    const frames = await page.evaluate(() =>
      ['one', 'two'].map((id) => {
        const f = document.getElementById(id);
        return { reported: Number(f.dataset.llplayHeight), styled: f.style.height, offset: f.offsetHeight };
      }),
    );
    const seen = await page.evaluate(() => window.seen.filter((m) => m.data?.type === 'llplay:resize'));
    for (const f of frames) {
      assert.equal(f.styled, `${f.reported}px`);
      assert.equal(f.offset, f.reported, 'the frame is as tall as its content: nothing cut off, no empty space');
      assert.ok(f.reported > 200 && f.reported < 5000, JSON.stringify(f));
    }
    assert.ok(
      seen.length >= 2 &&
        seen.every((m) => m.origin === sites.plain.url.slice(0, -1) && Number.isInteger(m.data.height)),
      JSON.stringify(seen),
    );

    // What embed.js does not act on: a message of the right shape from a window that is not one of its
    // frames; messages of the wrong shape from a frame; and a frame that has navigated to another origin.
    // A well-formed message from the frame, sent last, shows that the frame's messages do get through.
    const heights = () => page.evaluate(() => ['one', 'two'].map((id) => document.getElementById(id).style.height));
    await page.evaluate(() => window.postMessage({ type: 'llplay:resize', height: 377 }, '*'));
    await two.evaluate(() => {
      for (const height of ['900px', 12, 1e9, NaN, null]) parent.postMessage({ type: 'llplay:resize', height }, '*');
      parent.postMessage({ type: 'resize', height: 388 }, '*');
      parent.postMessage('llplay:resize 399', '*');
    });
    await page.waitForTimeout(300);
    assert.deepEqual(
      await heights(),
      frames.map((f) => f.styled),
    );
    await two.evaluate(() => parent.postMessage({ type: 'llplay:resize', height: 411 }, '*'));
    await page.waitForFunction(() => document.getElementById('two').style.height === '411px');
    assert.equal((await heights())[0], frames[0].styled);

    const problems = [...page.problems]; // the frame's own page stops below: its requests may be cut off
    await page.evaluate((url) => {
      document.getElementById('one').contentWindow.location = url;
    }, `${host.url}elsewhere`);
    await page.waitForFunction(() => window.seen.some((m) => m.data?.height === 321));
    await page.waitForTimeout(200);
    assert.deepEqual(
      await heights(),
      [frames[0].styled, '411px'],
      'the frame now shows another origin: its height is not taken',
    );
    assert.deepEqual(problems, []);
  } finally {
    host.server.close();
  }
});

test('served with dist/_headers, an embed in a non-isolated post is isolated on its own and runs mt (Document-Isolation-Policy)', async () => {
  const host = await blog(sites.headers.url);
  try {
    const page = await open(host.url);
    const frame = await frameOf(page, 'one');
    const facts = await frame.evaluate(() => ({ variant: window.llplay.variant, isolated: self.crossOriginIsolated }));
    // Chromium 137+ honours Document-Isolation-Policy: the frame is isolated on its own, and runs mt.
    assert.deepEqual(facts, { variant: 'mt', isolated: true });
    assert.equal(await page.evaluate(() => self.crossOriginIsolated), false, 'the host page itself is not isolated');
    assert.deepEqual(page.problems, []);
  } finally {
    host.server.close();
  }
});

test('an embed with no demo, or an unknown one, says so', async () => {
  const page = await open(`${sites.plain.url}embed.html?demo=no.such`);
  await page.waitForSelector('[role=alert]');
  assert.match(await page.textContent('[role=alert]'), /UnknownDemo no demo has the id 'no\.such'/);
});

test('"Embed this" gives an iframe snippet and a link with the demo\'s current state', async () => {
  const page = await open(`${sites.headers.url}?demo=float.anatomy&value=0.3`);
  await settled(page);
  await page.click('details.embed summary');
  const snippet = await page.inputValue('details.embed textarea');
  assert.match(
    snippet,
    new RegExp(
      `^<iframe src="${sites.headers.url}embed\\.html\\?demo=float\\.anatomy&amp;value=0\\.3" title="Anatomy of a double: a Logic &amp; Legacy Playground demo" width="100%" height="560" loading="lazy"`,
    ),
  );
  assert.match(snippet, new RegExp(`<script src="${sites.headers.url}embed\\.js" async></script>$`));
  assert.equal(await page.inputValue('details.embed input'), `${sites.headers.url}?demo=float.anatomy&value=0.3`);
  await page
    .context()
    .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: sites.headers.url.slice(0, -1) });
  await page.click('details.embed button:text-is("Copy the link")');
  await page.waitForFunction(
    () => document.querySelector('details.embed [role=status]').textContent === 'The link copied.',
  );
  assert.equal(
    await page.evaluate(() => navigator.clipboard.readText()),
    `${sites.headers.url}?demo=float.anatomy&value=0.3`,
  );
  await page.click('details.embed button:text-is("Copy the iframe")');
  await page.waitForFunction(
    () => document.querySelector('details.embed [role=status]').textContent === 'The iframe snippet copied.',
  );
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), snippet);
  // The snippet works: its embed shows the same state.
  const src = snippet.match(/src="([^"]+)"/)[1].replace(/&amp;/g, '&');
  const embed = await open(src);
  await settled(embed);
  assert.equal(await embed.inputValue('#param-value'), '0.3');
});

async function axe(page) {
  // Evaluated by the test harness: an added inline <script> would be refused by the page's Content-Security-Policy.
  await page.evaluate(fs.readFileSync(AXE, 'utf8'));
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    );
}

test('axe-core: no serious or critical violations on the playground and on an embed', async () => {
  const page = await open();
  for (const query of [
    '?demo=float.drift&n=100000',
    '?demo=memory.sandbox',
    '?demo=json.compare',
    '?demo=sql.joins',
    '?demo=parallel.speedup&maxThreads=2&n=1000000',
  ]) {
    for (const theme of ['light', 'dark']) {
      await page.goto(`${sites.headers.url}${query}&theme=${theme}`);
      await settled(page, 'done', 60000);
      await page.click('details.embed summary');
      assert.deepEqual(await axe(page), [], `${query} ${theme}`);
    }
  }
  await page.goto(`${sites.plain.url}embed.html?demo=memory.lazy-sweep&maxN=10000`);
  await settled(page, 'done', 60000);
  assert.deepEqual(await axe(page), [], 'embed');
  assert.deepEqual(page.problems, []);
});

test('a thread demo embedded on a host without isolation: the sum runs on workers, the GIL demo opens the playground in a new tab', async () => {
  const sum = await open(`${sites.plain.url}embed.html?demo=parallel.sum&n=1000003&threads=2`);
  await settled(sum, 'done', 60000);
  assert.equal(await sum.inputValue('#param-model'), 'isolated', 'the model that runs here is the default here');
  assert.match(await sum.textContent('.result'), /Exact: the formula/);
  const gil = await open(`${sites.plain.url}embed.html?demo=parallel.gil`);
  await settled(gil, 'error', 60000);
  assert.match(await gil.textContent('.result .error'), /^NeedsIsolation/);
  const link = await gil.$('.result .error a');
  assert.deepEqual(
    [await link.getAttribute('target'), await link.getAttribute('href')],
    ['_blank', './?demo=parallel.gil'],
  );
  assert.doesNotMatch(await gil.textContent('.result'), /COOP|COEP|mt build|SharedArrayBuffer/);
});
