// The errata page: every claim recomputed through window.llplay for CPython 3.10 to 3.13, each verdict the
// one its demo returns (the per-version facts themselves are checked against each interpreter in tests/*/*_test.py).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { usePlayground } from '../support/playground.mjs';

const { sites, open } = usePlayground({ st: false });

test('the errata page grades each claim for every version, from the demos it names', async () => {
  const page = await open(`${sites.st.url}errata.html`);
  await page.waitForFunction(() => document.body.dataset.state === 'done', null, { timeout: 120000 });
  const rows = await page.$$eval('main table tbody tr', (trs) =>
    trs.map((tr) => [...tr.children].map((td) => td.querySelector('span')?.firstChild?.textContent ?? td.textContent)),
  );
  const verdicts = Object.fromEntries(rows.map((r) => [r.at(-1), r.slice(2, 6)]));
  const byClaim = rows.map((r) => [r[1].slice(0, 20), r.slice(2, 6)]);
  assert.equal(rows.length, 5, JSON.stringify(byClaim));
  assert.deepEqual(byClaim[0][1], ['reproduced', 'reproduced', 'wrong', 'wrong'], 'sum(): compensated since 3.12');
  assert.deepEqual(byClaim[1][1], ['wrong', 'wrong', 'wrong', 'wrong'], 'the salary variance and stdev');
  assert.deepEqual(byClaim[3][1], ['reproduced', 'wrong', 'wrong', 'wrong'], 'the generator: 104 bytes on 3.10 only');
  assert.deepEqual(byClaim[4][1], ['reproduced', 'wrong', 'wrong', 'wrong'], 'the segfault: 3.10 only');
  assert.ok(verdicts['float.fsum']);
  assert.deepEqual(page.problems, []);
});
