// The JSON lab in headless Chromium, both builds: the exploit stops the recursive engine (soft limit,
// then the physical stack) while the others and JSON.parse finish, and the page keeps working;
// the contract ids through window.llplay; JSONTestSuite run on the page; a file that is not UTF-8;
// typed text never becoming HTML.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { settled } from '../support/browser.mjs';
import { usePlayground } from '../support/playground.mjs';

const SUITE = new URL('../../../shared/conformance/JSONTestSuite/test_parsing/', import.meta.url).pathname;

const { sites, open } = usePlayground();

/** The engines table as {engine: [cells...]}. */
async function engineTable(page) {
  const rows = await page.$$eval('.result table tbody tr', (trs) =>
    trs.map((tr) => [...tr.children].map((td) => td.textContent)),
  );
  return Object.fromEntries(rows.map((cells) => [cells[0], cells.slice(1)]));
}

for (const variant of ['mt', 'st']) {
  test(`${variant}: the exploit stops the recursive engine twice, the others finish, and the page keeps working`, async () => {
    const page = await open(`${sites[variant].url}?demo=json.compare&source=exploit&depth=1000000`);
    assert.equal(await page.evaluate(() => window.llplay.ready.then((l) => l.variant)), variant);
    await settled(page, 'done', 60000);
    let rows = await engineTable(page);
    assert.equal(rows.recursive[0], 'stopped: RecursionLimit');
    for (const engine of ['iterative', 'streaming', 'JSON.parse + JavaScript walk']) {
      assert.equal(rows[engine][0], '0 found', engine);
      assert.equal(rows[engine][2], '1,000,000', `${engine}: deepest`);
    }
    assert.match(await page.textContent('.gave-up'), /RecursionLimit.*maxDepth=1000.*500/s);

    await page.fill('#param-maxDepth', '10000000'); // past the soft limit: the physical stack
    await page.click('button.run');
    await settled(page, 'done', 60000);
    rows = await engineTable(page);
    assert.equal(rows.recursive[0], 'stopped: StackExhausted');
    assert.match(await page.textContent('.gave-up'), /the interpreter crashes/);
    assert.equal(await page.evaluate(() => window.llplay.restarts), 0, 'the guard stopped it: no worker died');

    await page.selectOption('#param-source', 'webhook');
    await page.click('button.run');
    await settled(page);
    rows = await engineTable(page);
    for (const engine of ['recursive', 'iterative', 'streaming', 'JSON.parse + JavaScript walk'])
      assert.equal(rows[engine][0], '3 found', engine);
    assert.match(await page.textContent('.result'), /JSON\.parse plus the walk found the same values/);
    assert.deepEqual(page.problems, []);
  });
}

test('the contract ids through window.llplay: order, duplicates, escapes, big numbers and errors', async () => {
  const page = await open(`${sites.st.url}?demo=json.validate`);
  const out = await page.evaluate(async () => {
    const llplay = await window.llplay.ready;
    const doc = '{"user_email": {"user_email": 1}, "x": [{"user\\u005femail": 1e400}], "user_email": "b"}';
    const results = {};
    for (const engine of ['recursive', 'iterative', 'streaming'])
      results[engine] = (await llplay.run('json.extract', { doc, engine })).matches;
    const code = (p) =>
      p.then(
        () => 'ok',
        (e) => e.code,
      );
    return {
      results,
      invalid: await llplay.run('json.validate', { doc: '{\n  "a": [1, 2,]\n}' }),
      parseError: await code(llplay.run('json.extract', { doc: '[1,' })),
      limit: await code(llplay.run('json.extract', { doc: '[[[[1]]]]', engine: 'recursive', maxDepth: 2 })),
      badParam: await code(llplay.run('json.extract', { doc: '[]', engine: 'magic' })),
      after: (await llplay.run('json.extract', { doc: '{"user_email": "next"}' })).matches,
    };
  });
  for (const engine of ['recursive', 'iterative', 'streaming']) {
    assert.deepEqual(out.results[engine], [{ user_email: 1 }, 1, '1e400', 'b'], engine);
  }
  assert.deepEqual(out.invalid, { valid: false, error: 'line 2, column 14: Invalid value.', bytes: 18 });
  assert.equal(out.parseError, 'ParseError');
  assert.equal(out.limit, 'RecursionLimit');
  assert.equal(out.badParam, 'BadParams');
  assert.deepEqual(out.after, ['next']);
});

test('JSONTestSuite runs on the page: every y_ accepted, every n_ rejected, nothing crashes', async () => {
  const files = fs.readdirSync(SUITE).filter((f) => f.endsWith('.json'));
  const count = (k) => String(files.filter((f) => f.startsWith(`${k}_`)).length);
  const page = await open(`${sites.mt.url}?demo=json.validate`);
  await settled(page); // the default document has a trailing comma: valid is false
  await page.click('text=Run JSONTestSuite');
  await page.waitForFunction(() => document.querySelector('.lab-section')?.dataset.state === 'done', null, {
    timeout: 120000,
  });
  const summary = await page.$$eval('.suite-result table:first-of-type tbody tr', (trs) =>
    trs.map((tr) => [...tr.children].map((td) => td.textContent)),
  );
  assert.deepEqual(summary[0], ['y_ (must accept)', count('y'), count('y'), '0', '0']);
  assert.deepEqual(summary[1], ['n_ (must reject)', count('n'), '0', count('n'), '0']);
  assert.equal(summary[2][4], '0');
  assert.match(await page.textContent('.suite-result'), /Every verdict is right/);
  assert.equal(await page.evaluate(() => window.llplay.restarts), 0);
  assert.deepEqual(page.problems, []);
});

test('a file that is not UTF-8 is sent as its bytes, and typed text never becomes HTML', async () => {
  const page = await open(`${sites.st.url}?demo=json.validate`);
  await settled(page);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'llplay-json-')), 'latin1.json');
  fs.writeFileSync(file, Buffer.from([0x5b, 0x22, 0x63, 0x61, 0x66, 0xe9, 0x22, 0x5d])); // ["café"] in Latin-1
  await page.setInputFiles('input[type=file]', file);
  await page.waitForFunction(() => document.querySelector('#param-docEncoding').value === 'base64');
  await page.click('button.run');
  await settled(page);
  assert.match(await page.textContent('.result'), /Not JSON: line 1, column 6: Invalid encoding in string\./);

  const hostile = '{"a": "<img src=x onerror=window.pwned=1>", }';
  await page.selectOption('#param-docEncoding', 'text');
  await page.fill('#param-doc', hostile);
  await page.click('button.run');
  await settled(page);
  assert.match(await page.textContent('.result'), /line 1, column 45: Missing a name for object member\./);
  assert.equal(await page.$$eval('.result img', (imgs) => imgs.length), 0);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  assert.match(await page.textContent('.result pre.caret'), /<img src=x/);
  assert.deepEqual(page.problems, []);
});
