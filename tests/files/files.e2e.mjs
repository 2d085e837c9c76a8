// The files lab in headless Chromium: path.pure at its defaults prints the REPL line CPython prints, the
// surprises answer for every version, a CPython exception and a budget show as coded errors and the page keeps
// working, the contract id through window.llplay, typed text never becoming HTML, and the with and crash views.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { settled } from '../support/browser.mjs';
import { usePlayground } from '../support/playground.mjs';

const { sites, open } = usePlayground();

test('path.pure at its defaults: the parents of a Windows path, as CPython 3.13 prints them', async () => {
  const page = await open(`${sites.st.url}?demo=path.pure`);
  await settled(page);
  assert.equal(
    await page.textContent('.result pre.repl'),
    ">>> tuple(PureWindowsPath('C:/Users/Ana/../report.tar.gz').parents)\n" +
      "(PureWindowsPath('C:/Users/Ana/..'), PureWindowsPath('C:/Users/Ana'), PureWindowsPath('C:/Users'), PureWindowsPath('C:/'))",
  );

  await page.selectOption('#param-op', 'relative_to');
  await page.fill('#param-arg', 'D:/');
  await page.click('button.run');
  await settled(page, 'error');
  assert.match(await page.textContent('.result'), /ValueError.*is not in the subpath of 'D:\\\\'/s);

  await page.fill('#param-path', 'a/'.repeat(20000));
  await page.click('button.run');
  await settled(page, 'error');
  assert.match(await page.textContent('.result'), /LimitExceeded/);

  await page.fill('#param-path', 'C:/a/d:b');
  await page.fill('#param-arg', 'C:/');
  await page.selectOption('#param-python', '3.12');
  await page.click('button.run');
  await settled(page);
  assert.match(await page.textContent('.result pre.repl'), /PureWindowsPath\('d:b'\)$/);
  assert.deepEqual(page.problems, []);
});

test('the surprises table: every version, and the ones that changed', async () => {
  const page = await open(`${sites.mt.url}?demo=path.surprises`);
  await settled(page);
  const blocks = await page.$$eval('.result .surprise', (divs) =>
    divs.map((div) => ({
      expr: div.querySelector('pre').textContent.replace(/^>>> /, ''),
      rows: [...div.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((td) => td.textContent)),
    })),
  );
  const rows = (expr) => blocks.find((b) => b.expr === expr).rows;
  assert.deepEqual(rows("PurePosixPath('/a').joinpath('/b')"), [['3.10 – 3.13', "PurePosixPath('/b')"]]);
  assert.deepEqual(rows("PurePosixPath('a/b').match('a[!x]b')"), [
    ['3.10 – 3.11', 'False'],
    ['3.12', 'True'],
    ['3.13', 'False'],
  ]);
  assert.match(
    rows("PurePosixPath('a/b.txt').with_stem('')")[1][1],
    /^ValueError: PurePosixPath\('a\/b.txt'\) has a non-empty suffix$/,
  );
  assert.deepEqual(page.problems, []);
});

test('the contract id through window.llplay, and typed text never becomes HTML', async () => {
  const page = await open(`${sites.st.url}?demo=path.pieces`);
  await settled(page);
  const out = await page.evaluate(async () => {
    const llplay = await window.llplay.ready;
    const code = (p) =>
      p.then(
        () => 'ok',
        (e) => e.code,
      );
    return {
      unc: await llplay.run('path.pure', { flavour: 'windows', path: '//server/share/x', op: 'parts' }),
      raised: await code(llplay.run('path.pure', { flavour: 'posix', path: 'a', op: 'with_suffix', arg: 'txt' })),
      bad: await code(llplay.run('path.pure', { flavour: 'mac', path: 'a', op: 'str' })),
      after: (await llplay.run('path.pure', { flavour: 'posix', path: '//x', op: 'root', python: '3.10' })).result,
    };
  });
  assert.deepEqual(out.unc.result, ['\\\\server\\share\\', 'x']);
  assert.equal(out.unc.python, '3.13');
  assert.equal(out.raised, 'ValueError');
  assert.equal(out.bad, 'BadParams');
  assert.equal(out.after, '//');

  await page.fill('#param-path', '<img src=x onerror=window.pwned=1>/b.txt');
  await page.click('button.run');
  await settled(page);
  assert.match(await page.textContent('.result'), /<img src=x onerror=window.pwned=1>/);
  assert.equal(await page.$$eval('.result img', (imgs) => imgs.length), 0);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  assert.deepEqual(page.problems, []);
});

test('with, descriptors and crashes at their defaults', async () => {
  const page = await open(`${sites.st.url}?demo=with.order`);
  await settled(page);
  assert.match(await page.textContent('.result .big'), /Out of the with: RuntimeError\('B: exit failed'\)/);
  assert.match(
    await page.textContent('.result pre.repl'),
    /C\.__exit__\(ValueError\('body failed'\)\)\nB\.__exit__\(None\)/,
  );
  // The Python shown is the program the C++ returned with the trace (the one copy), for these managers.
  await page.waitForFunction(() => /class CM:/.test(document.querySelectorAll('details.source')[1].textContent));
  const shown = await page.$$eval('details.source', (d) => d[1].textContent);
  assert.match(shown, /with CM\("A", "ok"\) as a, CM\("B", "exit"\) as b, CM\("C", "suppress"\) as c:/);

  await page.goto(`${sites.st.url}?demo=with.leak`);
  await settled(page);
  assert.match(
    await page.textContent('.result .big'),
    /Opened 1,021 files, then file 1,022 raised OSError: \[Errno 24\] Too many open files/,
  );
  // Its Python is the program the C++ returned (the one the CPython test runs), at the page's limit and count.
  await page.waitForFunction(() => /RLIMIT_NOFILE/.test(document.querySelectorAll('details.source')[1].textContent));
  assert.match(await page.$$eval('details.source', (d) => d[1].textContent), /\(1024, 1024\)[\s\S]*n = 2000/);
  await page.selectOption('#param-holding', 'rebind');
  await page.click('button.run');
  await settled(page);
  assert.match(await page.textContent('.result'), /reference counting closes it/);

  await page.goto(`${sites.st.url}?demo=files.crash&method=in_place`);
  await settled(page);
  assert.match(await page.textContent('.result .big'), /crash points can leave data\.txt empty, torn or missing/);
  await page.goto(`${sites.st.url}?demo=files.crash&tmpOn=other`);
  await settled(page);
  assert.match(await page.textContent('.result'), /Invalid cross-device link.*does not fall back to copying/s);
  assert.deepEqual(page.problems, []);
});

test('walking a tree: the table of calls, the chart, the programs, and the version that changes rglob', async () => {
  const page = await open(`${sites.st.url}?demo=files.walk&links=3&python=3.10`);
  await settled(page);
  const rows = await page.$$eval('.result tbody tr', (trs) =>
    trs.map((tr) => [...tr.children].map((td) => td.textContent)),
  );
  assert.deepEqual(
    rows.map((row) => row[0]),
    ['os.walk', 'os.scandir', 'Path.rglob'],
  );
  const out = await page.evaluate(async () => {
    const llplay = await window.llplay.ready;
    const shape = { depth: 3, fanout: 10, files: 20, links: 3 };
    const rglob = async (python) => (await llplay.run('files.walk', { ...shape, python })).walkers[2];
    return { old: await rglob('3.10'), now: await rglob('3.13') };
  });
  // 3.10's rglob stats the top and every link (1,111 directories × 3 links); 3.13's stats nothing.
  assert.equal(out.old.stat, 1 + 1111 * 3);
  assert.equal(out.now.stat, 0);
  assert.equal(rows[2][5], (1 + 1111 * 3).toLocaleString('en'));
  assert.equal(await page.$$eval('figure.chart .plot', (plots) => plots.length), 1);
  await page.waitForFunction(() => /# Path\.rglob\n/.test(document.querySelectorAll('details.source')[1].textContent));
  assert.match(
    await page.$$eval('details.source', (d) => d[1].textContent),
    /with os\.scandir\(stack\.pop\(\)\) as it:/,
  );

  await page.fill('#param-depth', '6');
  await page.click('button.run');
  await settled(page, 'error');
  assert.match(await page.textContent('.result'), /LimitExceeded/);
  assert.deepEqual(page.problems, []);
});

test('reading a large file: whole against chunks', async () => {
  const page = await open(`${sites.mt.url}?demo=files.stream`);
  await settled(page);
  assert.match(
    await page.textContent('.result .big'),
    /Reading 10\.00 GiB: f\.read\(\) holds 10\.00 GiB at its peak; chunks of 64\.0 KiB hold 132\.0 KiB, in 163,841 read calls/,
  );
  await page.fill('#param-chunk', '10000');
  await page.click('button.run');
  await settled(page, 'error');
  assert.match(await page.textContent('.result'), /BadParams.*multiple of 8,192/s);
  assert.deepEqual(page.problems, []);
});
