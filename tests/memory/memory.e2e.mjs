// The memory lab in headless Chromium, both builds: the contract ids, a request past the wasm heap's limit
// (an error, then a working run), the sandbox's stepper, graph and typed lines, the collector freeing a
// leaked cycle, the charts' text, and hostile text shown as text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { settled } from '../support/browser.mjs';
import { usePlayground } from '../support/playground.mjs';

const { sites, open } = usePlayground();

const sumOfSquares = (n) => String((BigInt(n - 1) * BigInt(n) * BigInt(2 * n - 1)) / 6n);

for (const variant of ['mt', 'st']) {
  test(`${variant}: memory.lazy and memory.layout measure, and bad input is refused`, async () => {
    const page = await open(sites[variant].url);
    const out = await page.evaluate(async () => {
      await window.llplay.ready;
      const call = (id, params) => window.llplay.run(id, params).catch((e) => ({ code: e.code, message: e.message }));
      return {
        variant: window.llplay.variant,
        lazy: await call('memory.lazy', { n: 1000000 }),
        dict: await call('memory.layout', { n: 20000, layout: 'dict' }),
        slots: await call('memory.layout', { n: 20000, layout: 'slots' }),
        badN: await call('memory.lazy', { n: 'a million' }),
        badLayout: await call('memory.layout', { n: 10, layout: 'tuple' }),
      };
    });
    assert.equal(out.variant, variant);
    // 1,000,000 squares of 8 bytes in a vector of capacity 2^20, grown from 2^19: both buffers at the peak.
    assert.equal(out.lazy.eager.peakBytes, (1 << 20) * 8 + (1 << 19) * 8);
    assert.ok(out.lazy.lazy.peakBytes > 0 && out.lazy.lazy.peakBytes < 512, JSON.stringify(out.lazy.lazy));
    assert.equal(out.lazy.eager.sum, sumOfSquares(1000000));
    assert.equal(out.lazy.lazy.sum, sumOfSquares(1000000));
    assert.equal(out.lazy.lazy.secondPass, '0');
    assert.equal(out.lazy.cpython.eager.listBytes, 8448728);
    assert.ok(out.dict.bytesPerObject > out.slots.bytesPerObject * 2, JSON.stringify([out.dict, out.slots]));
    assert.equal(out.slots.cpython.bytesPerObject, 56);
    assert.equal(out.dict.cpython.bytesPerObject, 96);
    assert.equal(out.badN.code, 'BadParams');
    assert.match(out.badN.message, /n/);
    assert.equal(out.badLayout.code, 'BadParams');
    assert.match(out.badLayout.message, /dict.*slots|slots.*dict/);
  });

  test(`${variant}: asking for more than the wasm heap can hold is an error, and the next run works`, async () => {
    const page = await open(`${sites[variant].url}?demo=memory.heap&pattern=big&bigMB=8192`);
    await settled(page, 'waiting'); // a link asking for this much waits for the reader's Run
    await page.click('button.run');
    await settled(page, 'error');
    const text = await page.textContent('.result .error');
    assert.match(text, /^OutOfMemory/);
    assert.match(text, /8589934592/);
    await page.selectOption('#param-pattern', 'grow');
    await page.click('button.run');
    await settled(page);
    assert.ok((await page.$$eval('.heap-strip .block', (b) => b.length)) > 0);
    assert.match(await page.getAttribute('.heap-strip', 'aria-label'), /Wasm memory: [\d,]+ pages of 64 KiB/);
    assert.equal(await page.evaluate(() => window.llplay.restarts), 0, 'no worker died');
    assert.deepEqual(page.problems, []);
  });
}

test("sticky notes: the prompt's answers, the graph, and typed lines (a bad one changes nothing)", async () => {
  const page = await open(`${sites.mt.url}?demo=memory.sandbox`);
  await settled(page);
  const outputs = await page.$$eval('ol.transcript li', (lis) =>
    lis.map((li) => [li.querySelector('code').textContent, li.querySelector('pre')?.textContent ?? '']),
  );
  const answer = (line) => outputs.filter(([code]) => code === `>>> ${line}`).map(([, out]) => out);
  assert.deepEqual(answer('a is b'), ['True']);
  assert.deepEqual(answer('a is c'), ['False']);
  assert.deepEqual(answer('sys.getrefcount(a)'), ['3']);
  assert.deepEqual(answer('x is y'), ['True', 'False']); // 256 is cached; 257 on two lines is two objects
  assert.deepEqual(answer('x = 257; y = 257; x is y'), ['True']);
  const notes = await page.$$eval('svg.heap-graph .note-tag text', (t) => t.map((x) => x.textContent));
  assert.deepEqual(notes.sort(), ['b', 'c', 's', 't', 'x', 'y']);

  const lines = outputs.length;
  await page.fill('form.add-line input', 'for x in y');
  await page.click('form.add-line button');
  await page.waitForFunction(() => document.querySelector('.sandbox [role=alert]')?.textContent);
  assert.match(await page.textContent('.sandbox [role=alert]'), /'for' cannot start an expression.*Nothing was added/);
  assert.equal(await page.$$eval('ol.transcript li', (lis) => lis.length), lines);

  await page.fill('form.add-line input', 'd = [b, b]');
  await page.click('form.add-line button');
  await page.waitForFunction((n) => document.querySelectorAll('ol.transcript li').length === n, lines + 1);
  await settled(page);
  assert.match(page.url(), /script=d\+%3D\+%5Bb%2C\+b%5D|script=d%20%3D%20%5Bb%2C%20b%5D/);
  const row = await page.$$eval('details.heap-words tbody tr', (trs) =>
    trs
      .map((tr) => [...tr.children].map((td) => td.textContent))
      .find((r) => r[2] === '[1, 2, 3]' && /name b/.test(r[4])),
  );
  assert.equal(row[3], '3', 'b and two slots of d');
  assert.equal(row[6], '88', 'sys.getsizeof([1, 2, 3]) is 88: a display of constants gets 4 slots');
  const headings = await page.$$eval('details.heap-words thead th', (ths) => ths.map((th) => th.textContent));
  assert.ok(headings.includes('id (simulated address)'), headings.join(' | '));

  await page.click('button.example:text-is("b.append(b)")');
  await page.waitForFunction((n) => document.querySelectorAll('ol.transcript li').length === n, lines + 2);
  assert.deepEqual(page.problems, []);
});

test('the collector: a cycle leaks under reference counting, gc.collect() frees it, weakrefs die', async () => {
  const page = await open(`${sites.st.url}?demo=memory.cycles&python=3.11`);
  await settled(page);
  const lines = await page.$$eval('ol.transcript li code', (c) => c.map((x) => x.textContent));
  const step = async (line) => {
    await page.click(`ol.transcript li:nth-child(${lines.indexOf(`>>> ${line}`) + 1})`);
  };
  await step('del a, b');
  assert.equal(await page.$$eval('svg.heap-graph .obj.leaked', (g) => g.length), 2);
  await step('gc.collect()');
  assert.equal(await page.$$eval('svg.heap-graph .obj.leaked', (g) => g.length), 0);
  assert.match(await page.textContent('ul.events'), /weak reference 0x[0-9a-f]+ is now dead/);
  const gen2 = await page.$$eval('.sandbox .gc tbody tr', (trs) => [...trs[2].children].map((td) => td.textContent));
  assert.deepEqual(gen2.slice(0, 1).concat(gen2.slice(3)), ['2', '1', '2']);
  const answers = await page.$$eval('ol.transcript li', (lis) =>
    lis.map((li) => li.querySelector('pre')?.textContent ?? ''),
  );
  assert.equal(answers[lines.indexOf('>>> gc.get_count()')], '(100, 1, 0)', '3.11: collected at 701');
  assert.match(await page.textContent('ol.transcript'), /Phoenix/);
  // 3.13's first threshold is 2000: the 800 nodes set off no collection.
  await page.selectOption('#param-python', '3.13');
  await page.click('button.run');
  await settled(page);
  const after = await page.$$eval('ol.transcript li', (lis) =>
    lis.map((li) => li.querySelector('pre')?.textContent ?? ''),
  );
  assert.equal(after[lines.indexOf('>>> gc.get_count()')], '(801, 0, 0)');
  const gen0 = await page.$$eval('.sandbox .gc tbody tr', (trs) => [...trs[0].children].map((td) => td.textContent));
  assert.ok(gen0.includes('2000'), gen0.join(' | '));
  assert.deepEqual(page.problems, []);
});

test('charts and tables have their figures in words; hostile text stays text', async () => {
  const page = await open(`${sites.mt.url}?demo=memory.lazy-sweep&maxN=1000000`);
  await settled(page, 'done', 60000);
  await page.waitForSelector('figure.chart canvas');
  const caption = await page.textContent('figure.chart figcaption');
  assert.match(caption, /n = 1,000,000: eager 12\.58 MB here, 40\.32 MB in CPython/);
  assert.match(caption, /8\.00 MB eager, 104 bytes lazy/);

  await page.goto(`${sites.mt.url}?demo=memory.layouts&n=10000`);
  await settled(page);
  assert.match(await page.textContent('.result'), /CPython 3\.13 saves 40 bytes \(42%\)/);
  await page.goto(`${sites.mt.url}?demo=memory.layouts&n=1000&attrs=30`);
  await settled(page);
  assert.match(
    await page.textContent('.result'),
    /CPython 3\.13 saves 1,632 bytes \(86%\) per object with 30 attributes: above the series' "40-50%"/,
  );
  await page.goto(`${sites.mt.url}?demo=memory.lazy&n=1000`);
  await settled(page);
  assert.match(await page.textContent('.result'), /every square above 256 is an int object of its own, 28 bytes each/);

  const hostile = "s = '<img src=x onerror=window.pwned=1>'";
  await page.goto(`${sites.mt.url}?demo=memory.sandbox&script=${encodeURIComponent(hostile)}&script=s`);
  await settled(page);
  assert.equal(await page.$$eval('ol.transcript pre', (p) => p[0].textContent), "'<img src=x onerror=window.pwned=1>'");
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  assert.equal(await page.$$eval('.result img', (i) => i.length), 0);
  assert.deepEqual(page.problems, []);
});

test('the version picker: from 3.12 small ints are immortal, up to 3.11 they are counted', async () => {
  const page = await open(`${sites.st.url}?demo=memory.sandbox&python=3.11`);
  await settled(page);
  const smallOne = () =>
    page.$$eval('details.heap-words tbody tr', (trs) =>
      trs.map((tr) => [...tr.children].map((td) => td.textContent)).find((r) => r[1] === 'int' && r[2] === '1'),
    );
  assert.equal(await page.inputValue('#param-python'), '3.11');
  assert.match(await smallOne().then((r) => r[3]), /^\d+$/, 'a count in 3.11');
  assert.match(await page.textContent('.result'), /Modelled on CPython 3\.11, 64-bit/);
  await page.selectOption('#param-python', '3.12');
  await page.click('button.run');
  await settled(page);
  assert.equal((await smallOne())[3], 'immortal');
  assert.match(
    await page.textContent('.result'),
    /Modelled on CPython 3\.12, 64-bit.*immortal \(PEP 683, since 3\.12\)/s,
  );
  assert.match(page.url(), /python=3\.12/);
  assert.deepEqual(page.problems, []);
});
