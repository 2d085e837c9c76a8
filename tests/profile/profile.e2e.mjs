// The profile lab in headless Chromium, in both builds: the three profiles of one kernel with a flame graph
// drawn as SVG, the sampler a thread in mt and checkpoints in st, cProfile's counts, the concat trap per
// version, cancel, a coded error for a bad size, and the inputs in the URL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { settled } from '../support/browser.mjs';
import { usePlayground } from '../support/playground.mjs';

const { sites, open } = usePlayground({ mt: true, st: false });

for (const [variant, sampler] of [
  ['mt', /a second thread reads the shadow stack/],
  ['st', /checkpoints in the kernel/],
]) {
  test(`${variant}: bare, traced and sampled runs of fib, both tables and two flame graphs`, async () => {
    const page = await open(`${sites[variant].url}?demo=profile.compare&fibN=22&runs=3`);
    await settled(page);
    const text = await page.textContent('.result');
    assert.match(text, /fib\(22\): 57,313 calls, 22 deep\. Tracing: /);
    assert.match(text, /57313\/1/); // cProfile's ncalls for fib(22)
    assert.match(text, sampler);
    const flames = await page.$$eval('.result svg.prof-flame', (svgs) =>
      svgs.map((s) => ({ bars: s.querySelectorAll('rect').length, label: s.getAttribute('aria-label') })),
    );
    assert.equal(flames.length, 2);
    assert.ok(flames[0].bars >= 10, JSON.stringify(flames));
    assert.match(flames[0].label, /under fib/);
    // The result says how much tracing cost, measured: a percentage or "too close to call".
    assert.match(text, /traced \(every call and return\)[^]*?(\+[\d,]+%|too close to call)/);
    assert.deepEqual(page.problems, []);
  });
}

test('the kernel choice shows its own size, and the inputs live in the URL', async () => {
  const page = await open(`${sites.mt.url}?demo=profile.compare&kernel=walk&nodes=3000&seed=4&runs=1`);
  await settled(page);
  assert.equal(await page.isVisible('#param-nodes'), true);
  assert.equal(await page.isVisible('#param-fibN'), false);
  assert.match(await page.textContent('.result'), /walk\(3,000\): /);
  await page.fill('#param-nodes', '2000');
  await page.click('button.run');
  await settled(page);
  assert.match(page.url(), /nodes=2000/);
  assert.match(page.url(), /kernel=walk/);
  assert.deepEqual(page.problems, []);
});

test("cProfile's ncalls for the mutual recursion, and a coded error for a size past the limit", async () => {
  const page = await open(`${sites.st.url}?demo=profile.ncalls&kernel=mutual&mutualN=10`);
  await settled(page);
  assert.match(await page.textContent('.result .big'), /count_even: 1 · is_even: 30\/10 · is_odd: 25\/9/);
  // The Python beside it is the program the C++ returned, with the counts of this run.
  await page.waitForFunction(() => /def is_odd/.test(document.querySelectorAll('details.source')[1].textContent));
  const python = await page.$$eval('details.source', (d) => d[1].textContent);
  assert.match(python, /cProfile\.run\("count_even\(10\)"\)/);
  assert.match(python, /30\/10 is_even/);
  await page.fill('#param-mutualN', '1001');
  await page.click('button.run');
  await settled(page, 'error');
  assert.match(await page.textContent('.result .error'), /^BadParams/);
  assert.deepEqual(page.problems, []);
});

test('the concat trap: quadratic under cProfile on 3.11 only', async () => {
  const page = await open(`${sites.mt.url}?demo=profile.concat&n=4000&python=3.11`);
  await settled(page);
  assert.match(await page.textContent('.result .big'), /CPython 3\.11 under cProfile: every \+= copies/);
  assert.match(await page.textContent('.result'), /4,000 copies/);
  assert.match(await page.textContent('.result'), /185×/);
  await page.selectOption('#param-python', '3.12');
  await page.click('button.run');
  await settled(page);
  assert.match(await page.textContent('.result .big'), /CPython 3\.12 under cProfile: \+= still resizes in place/);
  assert.deepEqual(page.problems, []);
});

for (const variant of ['mt', 'st']) {
  test(`${variant}: a long profile is cancelled, and the next run works`, async () => {
    const page = await open(`${sites[variant].url}?demo=profile.compare&fibN=32&runs=15`);
    await page.click('button.run'); // a link this big waits for Run
    await page.waitForFunction(() => document.querySelector('article.demo').dataset.state === 'running');
    await page.waitForTimeout(300);
    await page.click('button.cancel');
    await settled(page, 'cancelled');
    await page.fill('#param-fibN', '12');
    await page.fill('#param-runs', '1');
    await page.click('button.run');
    await settled(page);
    assert.match(await page.textContent('.result .big'), /fib\(12\): 465 calls/);
  });
}

test('wall time against CPU time: the browser says it has no CPU clock', async () => {
  const page = await open(`${sites.st.url}?demo=profile.clocks&waitMs=100&fibN=20`);
  await settled(page);
  const text = await page.textContent('.result');
  assert.match(text, /CPU time: this platform has no clock for it/);
  assert.match(text, /CLOCK_PROCESS_CPUTIME_ID\) with EINVAL/);
  assert.match(text, /cProfile\.Profile\(time\.process_time\)/);
  assert.deepEqual(page.problems, []);
});
