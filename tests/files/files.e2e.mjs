// The files lab in headless Chromium: path.pure at its defaults prints the REPL line CPython prints, the
// surprises table answers for every version, a CPython exception and a budget show as coded errors and the
// page keeps working, the contract id through window.llplay, and typed text never becoming HTML.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { settled } from '../support/browser.mjs';
import { usePlayground } from '../support/playground.mjs';

const { sites, open } = usePlayground();

test('path.pure at its defaults: the parents of a Windows path, as CPython 3.13 prints them', async () => {
  const page = await open(`${sites.st.url}?demo=path.pure`);
  await settled(page);
  assert.equal(await page.textContent('.result pre.repl'),
    ">>> tuple(PureWindowsPath('C:/Users/Ana/../report.tar.gz').parents)\n" +
    "(PureWindowsPath('C:/Users/Ana/..'), PureWindowsPath('C:/Users/Ana'), PureWindowsPath('C:/Users'), PureWindowsPath('C:/'))");

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
  const rows = await page.$$eval('.result table tbody tr', (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
  const row = (expr) => rows.find((cells) => cells[0] === expr);
  assert.deepEqual(row("PurePosixPath('/a').joinpath('/b')").slice(1, 5), Array(4).fill("PurePosixPath('/b')"));
  assert.deepEqual(row("PurePosixPath('a/b').match('a[!x]b')").slice(1, 5), ['False', 'False', 'True', 'False']);
  assert.match(row("PurePosixPath('a/b.txt').with_stem('')")[4], /^ValueError: PurePosixPath\('a\/b.txt'\) has a non-empty suffix$/);
  assert.deepEqual(page.problems, []);
});

test('the contract id through window.llplay, and typed text never becomes HTML', async () => {
  const page = await open(`${sites.st.url}?demo=path.pieces`);
  await settled(page);
  const out = await page.evaluate(async () => {
    const llplay = await window.llplay.ready;
    const code = (p) => p.then(() => 'ok', (e) => e.code);
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
