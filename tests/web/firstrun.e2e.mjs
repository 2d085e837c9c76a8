// What a reader sees first: each page loaded fresh, at its defaults or a linked input, and the first result's
// verdict checked. Timed comparisons give a verdict the spread supports (or say "too close to call"); a run
// too quick for the browser's clock still gives figures; a narrow embed shows its result first, within its width.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { settled } from '../support/browser.mjs';
import { usePlayground } from '../support/playground.mjs';

const { sites, open } = usePlayground({ mt: true, st: false });

test('decimal.cost at n=1000: calibrated repeats give finite figures and a graded claim on the first run', async () => {
  const page = await open(`${sites.st.url}?demo=decimal.cost&n=1000`);
  await settled(page, 'done', 120000);
  const text = await page.textContent('.result');
  assert.doesNotMatch(text, /NaN|Infinity|null/);
  const claims = await page.$$eval('.result tbody td:nth-child(5)', (tds) => tds.map((td) => td.textContent));
  assert.equal(claims.length, 2);
  for (const claim of claims) assert.match(claim, /^(within|below|above|too close to call)$/);
  assert.deepEqual(page.problems, []);
});

test('parallel.gil on a fresh load: a median over rounds, and a verdict the spread supports', async () => {
  const page = await open(`${sites.mt.url}?demo=parallel.gil&n=20000000`);
  await settled(page, 'done', 120000);
  const text = await page.textContent('.result');
  assert.match(text, /Median of 3 rounds/);
  const range = text.match(/allows ([\d.]+)× to ([\d.]+)×/);
  assert.ok(range, text);
  const [low, high] = [Number(range[1]), Number(range[2])];
  assert.ok(low <= high);
  assert.equal(/too close to call/.test(text), low <= 1 && high >= 1, text);
});

test('sql.write-penalty on a fresh load: each index count graded against no index from the spreads', async () => {
  const page = await open(`${sites.st.url}?demo=sql.write-penalty&rows=2000`);
  await settled(page, 'done', 120000);
  const verdicts = await page.$$eval('.result tbody td:nth-child(5)', (tds) => tds.map((td) => td.textContent));
  assert.equal(verdicts.length, 4);
  assert.equal(verdicts[0], '');
  for (const v of verdicts.slice(1)) assert.match(v, /^(slower|faster|too close to call)$/);
});

test('a narrow embed (300 px) shows its result first and nothing wider than its column', async () => {
  const page = await open(undefined);
  await page.setViewportSize({ width: 300, height: 560 });
  await page.goto(`${sites.st.url}embed.html?demo=float.fsum`);
  await settled(page);
  const layout = await page.evaluate(() => {
    const result = document.querySelector('.output').getBoundingClientRect();
    const form = document.querySelector('form.controls').getBoundingClientRect();
    return {
      resultTop: result.top,
      formTop: form.top,
      scrollWidth: document.documentElement.scrollWidth,
      inView: result.top < innerHeight,
    };
  });
  assert.ok(layout.resultTop < layout.formTop, 'the result comes before the form');
  assert.ok(layout.inView, 'the result starts within the first 560 px');
  assert.ok(layout.scrollWidth <= 300, `the page is ${layout.scrollWidth} px wide`);
  assert.match(await page.textContent('.result'), /1\.0/);
});
