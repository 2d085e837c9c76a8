// The page shell in headless Chromium, isolated (mt) and not (st): a demo runs from the UI and through
// window.llplay, errors keep the module usable, cancel works, the main thread stays free, state lives in
// the URL, the C++ shown is the real source, and the console stays clean.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { settled } from '../support/browser.mjs';
import { usePlayground } from '../support/playground.mjs';

const { sites, open } = usePlayground();

for (const variant of ['mt', 'st']) {
  test(`${variant}: the page loads the ${variant} build, says why, and runs float.repr from the form`, async () => {
    const page = await open(`${sites[variant].url}?demo=float.repr`);
    await settled(page);
    assert.equal(await page.evaluate(() => window.llplay.variant), variant);
    assert.equal(await page.evaluate(() => self.crossOriginIsolated), variant === 'mt');
    assert.match(await page.textContent('#badge'), new RegExp(`^${variant}`));
    assert.match(
      await page.textContent('#badge-reason'),
      variant === 'mt' ? /cross-origin isolated/ : /not cross-origin isolated/,
    );

    await page.fill('#param-values', '0.1\n1e16\n0x1p-1074\n123456789012345678');
    await page.click('button.run');
    await page.waitForFunction(
      () =>
        document.querySelector('.result td:nth-child(2)')?.textContent === '0.1' &&
        document.querySelectorAll('.result tbody tr').length === 4,
    );
    const cells = await page.$$eval('.result tbody td:nth-child(2)', (tds) => tds.map((td) => td.textContent));
    assert.deepEqual(cells, ['0.1', '1e+16', '5e-324', '1.2345678901234568e+17']);
    assert.deepEqual(page.problems, []);
  });

  test(`${variant}: window.llplay follows the contract, and errors leave it working`, async () => {
    const page = await open(sites[variant].url);
    const out = await page.evaluate(async () => {
      await window.llplay.ready;
      const ids = window.llplay.list().map((d) => d.id);
      const ok = await window.llplay.run('float.repr', { values: ['0.1', '-0.0', 'inf'] });
      const errors = [];
      for (const [id, params] of [
        ['float.repr', { values: ['abc'] }],
        ['no.such', {}],
        ['float.drift', { n: 0 }],
      ]) {
        try {
          await window.llplay.run(id, params);
        } catch (e) {
          errors.push([e instanceof Error, e.code, e.message]);
        }
      }
      const again = await window.llplay.run('float.repr', { values: ['1e-5'] });
      return { ids, ok, errors, again };
    });
    assert.ok(out.ids.includes('float.repr') && out.ids.includes('float.drift'));
    assert.deepEqual(out.ok, { repr: ['0.1', '-0.0', 'inf'] });
    assert.deepEqual(
      out.errors.map(([isError, code]) => [isError, code]),
      [
        [true, 'BadParams'],
        [true, 'UnknownDemo'],
        [true, 'BadParams'],
      ],
    );
    assert.match(out.errors[0][2], /values\[0\]: "abc" is not a Python float literal/);
    assert.deepEqual(out.again, { repr: ['1e-05'] });
    assert.deepEqual(page.problems, []);
  });

  test(`${variant}: a long run reports progress every 250 ms, never blocks the page, and cancels`, async () => {
    const page = await open(`${sites[variant].url}?demo=float.drift&n=1000`);
    await settled(page);
    await page.waitForSelector('details.source .hljs-keyword', { state: 'attached' });
    await page.waitForTimeout(300); // page start-up (first layout, fonts) is over: now measure a run
    const out = await page.evaluate(async () => {
      const longTasks = [];
      new PerformanceObserver((list) => longTasks.push(...list.getEntries().map((e) => e.duration))).observe({
        type: 'longtask',
      });
      const controller = new AbortController();
      const times = [];
      const start = performance.now();
      const run = window.llplay.run(
        'float.drift',
        { n: 100000000 },
        {
          signal: controller.signal,
          onProgress: () => times.push(performance.now() - start),
        },
      );
      setTimeout(() => controller.abort(), 700);
      let code = null;
      try {
        await run;
      } catch (e) {
        code = e.code;
      }
      const cancelledAfter = performance.now() - start;
      const next = await window.llplay.run('float.drift', { n: 1000 });
      await new Promise((r) => setTimeout(r, 100)); // let the long-task observer report
      return { code, times, cancelledAfter, next: next.exactTotal, longTasks };
    });
    assert.equal(out.code, 'Cancelled');
    assert.ok(out.cancelledAfter < 700 + 600, `cancel took effect at ${out.cancelledAfter} ms`);
    const gaps = out.times.map((t, i) => t - (i ? out.times[i - 1] : 0));
    assert.ok(out.times.length >= 3, `progress events: ${out.times}`);
    // Reports come every 100 ms; a loaded 2-core machine can delay one, a stalled worker cannot report at all.
    assert.ok(Math.max(...gaps) <= 400, `largest gap between progress reports: ${Math.max(...gaps)} ms`);
    // The run takes 700 ms before the abort: on the main thread it would be one task that long.
    assert.ok(Math.max(0, ...out.longTasks) < 300, `main-thread tasks during the run: ${out.longTasks} ms`);
    assert.equal(out.next, '100.00', 'the next run works');
  });

  test(`${variant}: the Cancel button stops a run and the page shows it`, async () => {
    const page = await open(`${sites[variant].url}?demo=float.drift&n=1000`);
    await settled(page);
    await page.fill('#param-n', '100000000');
    await page.click('button.run');
    await page.waitForFunction(() => document.querySelector('progress')?.value > 0);
    await page.click('button.cancel');
    await settled(page, 'cancelled');
    assert.match(await page.textContent('.result .error'), /^Cancelled/);
    await page.fill('#param-n', '2000');
    await page.click('button.run');
    await settled(page);
    assert.match(await page.textContent('.result'), /The exact total is \$200\.00/);
    assert.deepEqual(page.problems, []);
  });
}

test('state lives in the URL: a copied link reproduces the run', async () => {
  const page = await open(`${sites.mt.url}?demo=float.repr`);
  await settled(page);
  await page.fill('#param-values', '2.5e-7\n0x1.8p3');
  await page.click('button.run');
  await page.waitForFunction(() => document.querySelectorAll('.result tbody tr').length === 2);
  const link = page.url();
  assert.match(link, /demo=float\.repr&values=2\.5e-7&values=0x1\.8p3/);
  const copy = await open(link);
  await settled(copy);
  const cells = await copy.$$eval('.result tbody td:nth-child(2)', (tds) => tds.map((td) => td.textContent));
  assert.deepEqual(cells, ['2.5e-07', '12.0']);
  assert.equal(await copy.inputValue('#param-values'), '2.5e-7\n0x1.8p3');
});

test('the page shows the real C++ source and the Python snippet, highlighted', async () => {
  const page = await open(`${sites.mt.url}?demo=float.repr`);
  await settled(page);
  await page.waitForSelector('details.source .hljs-keyword');
  const source = await page.textContent('details.source .code');
  assert.match(source, /core\/float_text\.cpp, line \d+/);
  assert.match(source, /std::string python_repr\(double x\)/);
  await page.click('details.source:nth-of-type(2) summary');
  assert.match(await page.textContent('details.source:nth-of-type(2)'), /float\.fromhex/);
  assert.deepEqual(page.problems, []);
});

test('typed input is shown as text, never parsed as HTML', async () => {
  const page = await open(`${sites.st.url}?demo=float.repr`);
  await settled(page);
  await page.fill('#param-values', '<img src=x onerror="window.owned=1">');
  await page.click('button.run');
  await settled(page, 'error');
  assert.match(await page.textContent('.result .error'), /<img src=x onerror/);
  assert.equal(await page.evaluate(() => window.owned), undefined);
  assert.equal(await page.$('.result img'), null);
});

test('keyboard and theme: Tab reaches the controls, Ctrl+Enter runs, the theme toggles', async () => {
  const page = await open(`${sites.mt.url}?demo=float.repr&theme=dark`);
  await settled(page);
  assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
  await page.click('#theme');
  assert.equal(await page.getAttribute('html', 'data-theme'), 'auto');
  await page.focus('#param-values');
  await page.keyboard.press('Control+a');
  await page.keyboard.type('1e22');
  await page.keyboard.press('Control+Enter');
  await page.waitForFunction(() => document.querySelector('.result tbody td:nth-child(2)')?.textContent === '1e+22');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'run');
  assert.deepEqual(page.problems, []);
});

for (const variant of ['mt', 'st']) {
  test(`${variant}: when the worker dies, the bridge starts a fresh one and the next run works`, async () => {
    const page = await open(`${sites[variant].url}?demo=float.repr`);
    await settled(page);
    const worker = page.workers().find((w) => w.url().endsWith('/worker.js'));
    assert.ok(worker, 'the module runs in a dedicated worker');
    // A real uncaught error in the worker's own event loop: the page's Worker gets an error event.
    await worker.evaluate(() =>
      setTimeout(() => {
        throw new Error('simulated worker failure');
      }, 0),
    );
    await page.waitForFunction(() => window.llplay.restarts === 1);
    const out = await page.evaluate(() => window.llplay.run('float.repr', { values: ['0.1'] }));
    assert.deepEqual(out, { repr: ['0.1'] });
    assert.ok(
      page.workers().some((w) => w.url().endsWith('/worker.js') && w !== worker),
      'a fresh worker',
    );
  });
}
