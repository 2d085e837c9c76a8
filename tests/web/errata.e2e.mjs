// The errata page: every claim graded for CPython 3.10 to 3.13. Ten are recomputed through window.llplay, each
// verdict the one its demo returns (the per-version facts themselves are checked against each interpreter in
// tests/*/*_test.py); four come from web/errata-cpython.json, which tests/web/errata_cpython_test.py writes from
// CPython itself and checks against the interpreters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { wasmRequests } from '../support/browser.mjs';
import { usePlayground } from '../support/playground.mjs';

const fromCpython = JSON.parse(fs.readFileSync(new URL('../../web/errata-cpython.json', import.meta.url), 'utf8'));

const { sites, open } = usePlayground({ st: false });

test('the errata page grades each claim for every version, from the demos it names', async () => {
  const page = await open(`${sites.st.url}errata.html`);
  await page.waitForFunction(() => document.body.dataset.state === 'done', null, { timeout: 240000 });
  const rows = await page.$$eval('main table tbody tr', (trs) =>
    trs.map((tr) => [...tr.children].map((td) => td.querySelector('span')?.firstChild?.textContent ?? td.textContent)),
  );
  const byClaim = rows.map((r) => [r[1].slice(0, 24), r.slice(2, 6)]);
  assert.equal(rows.length, 14, JSON.stringify(byClaim));
  // Each claim's verdicts, by the demo that decides it and a word of the claim.
  const verdicts = (demo, word) => {
    const row = rows.find((r) => r.at(-1) === demo && r[1].includes(word));
    assert.ok(row, `${demo}: ${word}`);
    return row.slice(2, 6);
  };
  assert.deepEqual(
    verdicts('float.fsum', 'sum()'),
    ['reproduced', 'reproduced', 'wrong', 'wrong'],
    'compensated since 3.12',
  );
  assert.deepEqual(
    verdicts('float.claims', 'variance'),
    ['wrong', 'wrong', 'wrong', 'wrong'],
    'salary variance and stdev',
  );
  assert.deepEqual(
    verdicts('memory.lazy', '104'),
    ['reproduced', 'wrong', 'wrong', 'wrong'],
    'the generator: 3.10 only',
  );
  assert.deepEqual(
    verdicts('recursion.run', 'segmentation'),
    ['reproduced', 'wrong', 'wrong', 'wrong'],
    'the segfault',
  );
  // __slots__ with 3 attributes: 96 bytes saved in 3.10 (a dict per instance), 40, 32 and 40 after.
  assert.deepEqual(verdicts('memory.layouts', '__slots__'), ['reproduced', 'wrong', 'wrong', 'wrong'], '__slots__');
  // Content-Length: 53 for a 12-byte body: http.client raises IncompleteRead in every version.
  assert.deepEqual(verdicts('http.response', 'Content-Length'), ['wrong', 'wrong', 'wrong', 'wrong'], 'HTTP');
  // json.loads stops a 1,001-deep payload before the walker up to 3.11; 3.12 and 3.13 parse it.
  assert.deepEqual(verdicts('recursion.trace', '1,001'), ['wrong', 'wrong', 'reproduced', 'reproduced'], 'JSON');
  // SQLite's B-tree at 1,000,000 rows, read from the file sql.js writes: a few levels, not ~20.
  assert.deepEqual(verdicts('sql.index', '~20 steps'), ['wrong', 'wrong', 'wrong', 'wrong'], 'the B-tree');
  // += under cProfile (profile.concat): linear bare in every version; only 3.11's profiler makes each += copy.
  assert.deepEqual(verdicts('profile.concat', '185'), ['wrong', 'wrong', 'wrong', 'wrong'], 'the concat trap');
  const concat = await page.$$eval('main table tbody tr', (trs) =>
    [...(trs.find((tr) => tr.textContent.includes('185'))?.children ?? [])].map((td) => td.textContent),
  );
  assert.match(concat[3], /only under cProfile does every \+= copy it/, '3.11');
  for (const cell of [concat[2], concat[4], concat[5]]) assert.match(cell, /the string grows in place/);
  const why = await page.$$eval('main table tbody tr', (trs) =>
    trs.map((tr) => tr.textContent).find((t) => t.includes('B-tree has')),
  );
  assert.match(why, /the index's B-tree has [2-4] levels/);
  // The four claims CPython itself grades: the verdicts the interpreters gave, each cell showing the file's why.
  const whys = await page.$$eval('main table tbody tr', (trs) =>
    trs.map((tr) => [...tr.children].slice(2, 6).map((td) => td.querySelector('small')?.textContent.trim() ?? '')),
  );
  const cpythonRow = (demo, word, claim) => {
    const i = rows.findIndex((r) => r.at(-1) === demo && r[1].includes(word));
    assert.ok(i >= 0, `${demo}: ${word}`);
    assert.deepEqual(
      whys[i],
      ['3.10', '3.11', '3.12', '3.13'].map((v) => fromCpython.claims[claim][v].why),
      `${claim}: the page shows the file's why`,
    );
    return rows[i].slice(2, 6);
  };
  // Decimal against float under timeit: a few times slower in every version, not 10x to 100x.
  assert.deepEqual(cpythonRow('decimal.cost', '100x', 'decimal-cost'), ['wrong', 'wrong', 'wrong', 'wrong']);
  for (const v of ['3.10', '3.11', '3.12', '3.13'])
    assert.match(fromCpython.claims['decimal-cost'][v].why, /^under 10×: timeit gave [\d.]+× for \+, [\d.]+× for \*/);
  // The threaded counter: the GIL never splits += in 3.10 to 3.13, so every run prints 4,000,000.
  assert.deepEqual(cpythonRow('parallel.race', 'lose updates', 'race'), ['wrong', 'wrong', 'wrong', 'wrong']);
  // with sqlite3.connect() commits (or rolls back) and leaves the connection open.
  assert.deepEqual(cpythonRow('sql.bank', 'closes', 'sqlite-with'), ['wrong', 'wrong', 'wrong', 'wrong']);
  // execute() refuses the second statement (sqlite3.Warning in 3.10, ProgrammingError from 3.11); executescript drops.
  assert.deepEqual(cpythonRow('sql.injection', 'DROP TABLE', 'sqlite-injection'), ['wrong', 'wrong', 'wrong', 'wrong']);
  const injection = fromCpython.claims['sqlite-injection'];
  assert.match(injection['3.10'].why, /raises sqlite3\.Warning: You can only execute one statement at a time/);
  for (const v of ['3.11', '3.12', '3.13'])
    assert.match(injection[v].why, /raises sqlite3\.ProgrammingError: You can only execute one statement at a time/);
  const note = await page.$eval('main', (m) => m.textContent);
  assert.match(note, /tests\/web\/errata_cpython_test\.py fails when they disagree/);
  // The one claim a page cannot show says so, with its reason.
  const skipped = await page.$$eval('main ul.notes li', (lis) => lis.map((li) => li.textContent));
  assert.equal(skipped.length, 1, JSON.stringify(skipped));
  assert.ok(skipped[0].includes('yappi') && skipped[0].includes('process_time'));
  assert.deepEqual(page.problems, []);
});

const cells = (page) =>
  page.$$eval('main table tbody tr', (trs) =>
    trs.map((tr) => [...tr.children].map((td) => td.querySelector('span')?.firstChild?.textContent ?? td.textContent)),
  );

test("one post's claims: errata.html?post=<slug>, with the snippet that embeds them", async () => {
  const page = await open(`${sites.st.url}errata.html?post=day-19-ieee-754`);
  await page.waitForFunction(() => document.body.dataset.state === 'done', null, { timeout: 120000 });
  const rows = await cells(page);
  assert.deepEqual(
    rows.map((r) => r.at(-1).split(' ')[0]),
    ['float.fsum', 'float.claims', 'decimal.cost'],
  );
  assert.deepEqual(rows[0].slice(2, 6), ['reproduced', 'reproduced', 'wrong', 'wrong'], 'sum() of ten 0.1s');
  assert.match(await page.textContent('h1'), /errata: Day 19 \(IEEE-754\)/);
  assert.equal(await page.$$eval('main ul.notes li', (lis) => lis.length), 0, 'yappi belongs to Day 15');
  await page.click('details.embed summary');
  const snippet = await page.inputValue('details.embed textarea');
  assert.match(
    snippet,
    /^<iframe src="http:\/\/[^"]+\/embed\.html\?errata=day-19-ieee-754" title="Day 19 \(IEEE-754\):/,
  );
  // Every post's cell in the full table links to its own page.
  const all = await open(`${sites.st.url}errata.html?post=nothing-here`);
  await all.waitForSelector('.error');
  assert.match(await all.textContent('.error'), /BadParams.*"nothing-here".*day-18-sqlite-i/s);
  assert.deepEqual(page.problems, []);
});

test("an embed of one post's errata downloads that post's lab only, or none where CPython graded every claim", async () => {
  for (const [post, labs, count] of [
    ['day-18-sqlite-i', [], 2],
    ['day-16-generators', ['memory'], 1],
  ]) {
    const page = await open();
    const requested = wasmRequests(page);
    await page.goto(`${sites.st.url}embed.html?errata=${post}`);
    await page.waitForFunction(() => document.body.dataset.state === 'done', null, { timeout: 120000 });
    const rows = await cells(page);
    assert.equal(rows.length, count, post);
    for (const row of rows) for (const v of row.slice(2, 6)) assert.match(v, /^(reproduced|wrong)$/, `${post}: ${row}`);
    assert.deepEqual([...new Set(requested.map((f) => f.match(/llplay-(\w+)\./)?.[1]))], labs, post);
    assert.ok(await page.evaluate(() => document.documentElement.classList.contains('embedded')));
    assert.match(await page.getAttribute('#open', 'href'), new RegExp(`errata\\.html\\?post=${post}$`));
    assert.deepEqual(page.problems, []);
  }
});
