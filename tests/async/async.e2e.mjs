// The async lab in headless Chromium: the default program's output and the loop drawn (timeline, stepper,
// ready queue, timer heap, tasks); a preset that blocks the loop shows the frozen gap; an uncaught
// exception through window.llplay keeps its output; bad input answers with coded errors and the page
// keeps working; typed text never becomes HTML.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { settled } from '../support/browser.mjs';
import { usePlayground } from '../support/playground.mjs';

const { sites, open } = usePlayground({ st: false });

test('the loop at its defaults: output, timeline and a stepper over every callback', async () => {
  const page = await open(`${sites.st.url}?demo=async.loop`);
  await settled(page);
  const output = await page.textContent('.aio-output pre');
  assert.equal(
    output,
    'Fetching 1... 0.0\nFetching 2... 0.0\nFetching 3... 0.0\nDone 1 1.0\nDone 2 1.0\nDone 3 1.0\n[10, 20, 30] after 1.0 seconds',
  );
  assert.ok((await page.$$('.timeline .lane')).length >= 4, 'a lane per task, and the axis');
  assert.match(
    await page.textContent('.stepper + .status'),
    /Callback 1 of \d+: loop iteration 1, t = 0\.0 s: Task-1: step/,
  );
  await page.click('.stepper button:has-text("last")');
  assert.match(await page.textContent('.stepper + .status'), /shutdown|stop/);
  await page.click('.stepper button:has-text("first")');
  await page.click('.stepper button:has-text("next")');
  assert.match(await page.textContent('.result'), /Ready queue/);
  assert.match(await page.textContent('.result table'), /fetch_data/);
  assert.deepEqual(page.problems, []);
});

test('the blocking preset shows the gap where nothing else ran', async () => {
  const page = await open(`${sites.st.url}?demo=async.loop`);
  await settled(page);
  await page.click('.aio-presets button:has-text("time.sleep freezes every task")');
  await settled(page);
  assert.match(
    await page.textContent('.aio-output pre'),
    /handler calls time\.sleep\(2\) at 0\.6\nhandler returns at 2\.6\nA tick 2 at 2\.6/,
  );
  assert.match(await page.textContent('.result'), /Task-3 blocked the loop for 2 s from t = 0\.6: no other task ran/);
  assert.equal((await page.$$('.aio-frozen')).length > 0, true);
  await page.click('.stepper button:has-text("the blocking call")');
  assert.match(
    await page.textContent('.stepper + .status'),
    /t = 0\.6 s: Task-3: wakeup, blocked in time\.sleep for 2\.0 s/,
  );
  assert.deepEqual(page.problems, []);
});

test('window.llplay: async.run, an uncaught exception with its output, coded errors, and the next run', async () => {
  const page = await open(`${sites.st.url}?demo=async.run`);
  await settled(page);
  const out = await page.evaluate(async () => {
    const llplay = await window.llplay.ready;
    const run = (program, python = '3.13') =>
      llplay.run('async.run', { program, python }).then(
        (r) => r,
        (e) => ({ code: e.code, message: e.message, output: e.output }),
      );
    return {
      ok: await run(
        'import asyncio\nasync def main():\n    await asyncio.sleep(2)\n    print(now())\nasyncio.run(main())\n',
      ),
      raised: await run(
        'import asyncio\nasync def main():\n    print("a")\n    await asyncio.sleep(1)\n    raise ValueError("boom")\nasyncio.run(main())\n',
      ),
      group310: await run(
        'import asyncio\nasync def main():\n    async with asyncio.TaskGroup() as tg:\n        pass\nasyncio.run(main())\n',
        '3.10',
      ),
      syntax: await run('x = (1,\n'),
      forever: await run('while True:\n    pass\n'),
      tasks: await run(
        'import asyncio\nasync def f():\n    await asyncio.sleep(1)\nasync def main():\n    await asyncio.gather(*[f() for i in range(1000000)])\nasyncio.run(main())\n',
      ),
      after: await run('print("still here")\n'),
    };
  });
  assert.deepEqual(out.ok.output, ['2.0']);
  assert.equal(out.raised.code, 'ValueError');
  assert.equal(out.raised.message, 'boom');
  assert.deepEqual(out.raised.output, ['a']);
  assert.equal(out.group310.code, 'AttributeError');
  assert.equal(out.syntax.code, 'SyntaxError');
  assert.equal(out.forever.code, 'LimitExceeded');
  assert.equal(out.tasks.code, 'LimitExceeded');
  assert.deepEqual(out.after.output, ['still here']);
  assert.deepEqual(page.problems, []);
});

test('typed text is shown as text, never as HTML', async () => {
  const page = await open(
    `${sites.st.url}?demo=async.loop&program=${encodeURIComponent('print("<img src=x onerror=alert(1)>")\n')}`,
  );
  await settled(page);
  assert.equal(await page.textContent('.aio-output pre'), '<img src=x onerror=alert(1)>');
  assert.equal(await page.$('.result img'), null);
  assert.deepEqual(page.problems, []);
});
