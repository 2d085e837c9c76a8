// The recursion lab in headless Chromium: recursion past the physical stack in both builds, then a
// run that succeeds; a pthread's own stack (mt) or NeedsIsolation (st); the stepper; the sweep chart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { settled } from '../support/browser.mjs';
import { usePlayground } from '../support/playground.mjs';

const { sites, open } = usePlayground();

for (const variant of ['mt', 'st']) {
  test(`${variant}: recursion past the physical stack stops with StackExhausted, and the next run works`, async () => {
    const page = await open(`${sites[variant].url}?demo=recursion.run&depth=1000000&limit=1000000`);
    await settled(page, 'waiting'); // a link asking for this much waits for the reader's Run
    await page.click('button.run');
    await settled(page, 'error');
    const text = await page.textContent('.result .error');
    assert.match(text, /^StackExhausted/);
    assert.match(
      text,
      /CPython 3.13 would not crash here: since 3.11 a call between Python functions does not use the C stack/,
    );
    for (const [frame, depth] of [
      ['4096', '100000'],
      ['0', '2000000'],
    ]) {
      // the shadow stack, then the engine's
      await page.fill('#param-frameBytes', frame);
      await page.fill('#param-depth', depth);
      await page.fill('#param-limit', depth);
      await page.click('button.run');
      await settled(page, 'error');
      assert.match(await page.textContent('.result .error'), /^StackExhausted/);
    }
    await page.fill('#param-depth', '900');
    await page.click('button.run');
    await settled(page);
    assert.match(await page.textContent('.result'), /Reached depth 900\./);
    assert.equal(await page.evaluate(() => window.llplay.restarts), 0, 'the guard caught it: no worker died');
    const soft = await page.evaluate(() =>
      window.llplay.run('recursion.run', { depth: 1001, limit: 1000 }).catch((e) => e.code),
    );
    assert.equal(soft, 'RecursionLimit');
    assert.deepEqual(page.problems, []);
  });
}

test('mt: a pthread has a stack of its own; st: a new thread needs isolation', async () => {
  const mt = await open(sites.mt.url);
  const onThread = await mt.evaluate(() =>
    window.llplay.ready.then(() => window.llplay.run('recursion.probe', { thread: 'new thread' })),
  );
  assert.match(onThread.thread, /pthread/);
  assert.ok(onThread.maxDepth > 1000, JSON.stringify(onThread));
  const st = await open(sites.st.url);
  const code = await st.evaluate(() =>
    window.llplay.ready.then(() =>
      window.llplay.run('recursion.probe', { thread: 'new thread' }).catch((e) => [e.code, e.message]),
    ),
  );
  assert.equal(code[0], 'NeedsIsolation');
  assert.match(code[1], /opts in to isolation/);
});

test('the probe measures, and says which stack runs out first', async () => {
  const page = await open(`${sites.mt.url}?demo=recursion.sweep`);
  await settled(page, 'done', 60000);
  await page.waitForSelector('figure.chart canvas');
  const rows = await page.$$eval('.result tbody tr', (trs) =>
    trs.map((tr) => [...tr.children].map((td) => td.textContent)),
  );
  assert.equal(rows.length, 10);
  assert.equal(rows[0][3], 'JavaScript engine stack', 'tiny frames: the browser stack runs out first');
  assert.equal(rows[9][3], 'wasm shadow stack', '4 KiB frames: the 5 MiB shadow stack runs out first');
  assert.equal(rows[9][1], '1,271'); // (5 MiB - 32 KiB kept free) / 4096 bytes
  assert.match(await page.textContent('figure.chart figcaption'), /against 5\.00 MiB configured/);
});

test('the stepper walks extract_emails frame by frame', async () => {
  const page = await open(`${sites.st.url}?demo=recursion.trace`);
  await settled(page);
  assert.equal(await page.$$eval('ol.frames li', (lis) => lis.length), 1);
  for (let i = 0; i < 5; i++) await page.click('text=next ▶');
  assert.match(await page.textContent('.stepper + .status'), /^Step 6 of \d+/);
  assert.ok((await page.$$eval('ol.frames li', (lis) => lis.length)) >= 2, 'frames pushed');
  await page.click('text=last');
  assert.match(await page.textContent('ol.frames'), /every frame has returned/);
  assert.deepEqual(page.problems, []);
});
