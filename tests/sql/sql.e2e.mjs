// The SQL lab in headless Chromium: sql.js loads only with the lab, in its own worker; the contract ids
// through window.llplay in both builds; cancel, then a working run; progress from a long run; every
// demo's page; the injection form with reset, and the console after it; the console with download and
// open; hostile text shown as text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { settled } from '../support/browser.mjs';
import { usePlayground } from '../support/playground.mjs';

const { sites, open } = usePlayground();

const DROP = "x'; DROP TABLE users; --";

test('sql.js is fetched only when the SQL lab is used', async () => {
  const page = await open();
  const fetched = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  await page.goto(`${sites.mt.url}?demo=float.anatomy`);
  await settled(page);
  assert.equal(fetched.filter((p) => p.includes('sqljs')).length, 0, fetched.join(' '));
  await page.click('#labs a[data-lab="sql"]');
  await page.waitForSelector('article.demo[data-demo^="sql."]'); // the lab's module loads first
  await settled(page, 'done', 60000);
  assert.deepEqual(fetched.filter((p) => p.includes('sqljs')).sort(), [
    '/vendor/sqljs/sql-wasm-browser.wasm',
    '/vendor/sqljs/sql-wasm.mjs',
  ]);
  assert.deepEqual(page.problems, []);
});

for (const variant of ['mt', 'st']) {
  test(`${variant}: the contract ids through window.llplay, and bad params refused in C++`, async () => {
    const page = await open(sites[variant].url);
    const out = await page.evaluate(async (drop) => {
      await window.llplay.ready;
      const call = (id, params) => window.llplay.run(id, params).catch((e) => ({ code: e.code, message: e.message }));
      return {
        listed: window.llplay
          .list()
          .filter((d) => d.lab === 'sql')
          .map((d) => [d.id, d.needs]),
        nPlusOne: await call('sql.n-plus-one', { users: 300 }),
        index: await call('sql.index', { rows: 5000 }),
        param: await call('sql.injection', { mode: 'param', input: drop }),
        concat: await call('sql.injection', { mode: 'concat', input: drop }),
        afterDrop: await call('sql.console', { sql: 'SELECT COUNT(*) FROM users' }),
        badRows: await call('sql.index', { rows: 5 }),
        badMode: await call('sql.injection', { mode: 'eval', input: 'x' }),
        missing: await call('sql.injection', { mode: 'param', input: 'x'.repeat(201) }),
      };
    }, DROP);
    assert.ok(
      out.listed.length >= 10 && out.listed.every(([, needs]) => needs === 'sqljs'),
      JSON.stringify(out.listed),
    );
    assert.equal(out.nPlusOne.loop.queries, 301);
    assert.equal(out.nPlusOne.join.queries, 1);
    assert.equal(out.nPlusOne.same, true);
    assert.deepEqual(out.index.before.plan, ['SCAN people']);
    assert.deepEqual(out.index.after.plan, ['SEARCH people USING INDEX people_by_email (email=?)']);
    assert.equal(out.param.usersTableSurvived, true);
    assert.deepEqual(out.param.statements[0].bound, [DROP, '']);
    assert.equal(out.concat.usersTableSurvived, false);
    assert.deepEqual(
      out.concat.statements.map((s) => s.sql),
      ["SELECT id, name FROM users WHERE name = 'x';", 'DROP TABLE users;'],
    );
    assert.equal(out.afterDrop.results[0].error, 'no such table: users');
    assert.equal(out.badRows.code, 'BadParams');
    assert.match(out.badRows.message, /rows/);
    assert.equal(out.badMode.code, 'BadParams');
    assert.match(out.badMode.message, /concat/);
    assert.equal(out.missing.code, 'BadParams');
    assert.deepEqual(page.problems, []);
  });
}

test('cancel stops a long run; the next run works on a fresh worker', async () => {
  const page = await open(`${sites.st.url}?demo=sql.index&rows=1000000`);
  await page.waitForFunction(() => document.querySelector('article.demo')?.dataset.state === 'running');
  await page.waitForTimeout(300);
  await page.click('button.cancel');
  await settled(page, 'cancelled');
  await page.fill('#param-rows', '2000');
  await page.click('button.run');
  await settled(page, 'done', 60000);
  assert.match(await page.textContent('.result'), /faster with the index/);
  assert.match(
    await page.textContent('.result'),
    /has neither dbstat nor sqlite_dbpage \(both are compile-time options\)/,
  );
  assert.deepEqual(page.problems, []);
});

test('a million-user sql.generate reports progress early; cancelling it leaves a working lab', async () => {
  const page = await open(sites.st.url);
  const out = await page.evaluate(async () => {
    await window.llplay.ready;
    const stop = new AbortController();
    const t0 = performance.now();
    let first = null;
    const run = window.llplay
      .run(
        'sql.generate',
        { users: 1000000 },
        {
          signal: stop.signal,
          onProgress: (fraction) => {
            first ??= { fraction, ms: performance.now() - t0 };
            stop.abort();
          },
        },
      )
      .then(
        () => ({ code: 'finished' }),
        (e) => ({ code: e.code }),
      );
    const ended = await run;
    const after = await window.llplay.run('sql.console', { sql: 'SELECT COUNT(*) FROM users' });
    return { first, ended, users: after.results[0].rows[0][0] };
  });
  assert.ok(out.first && out.first.fraction > 0 && out.first.fraction < 0.1, JSON.stringify(out));
  assert.equal(out.ended.code, 'Cancelled');
  assert.equal(out.users, 1000, 'a fresh worker, with the default lab database');
  assert.deepEqual(page.problems, []);
});

test('every demo page runs and shows its figures, charts in words', async () => {
  const page = await open();
  const expectations = [
    ['sql.generate&users=3000', /3,000 users, [\d,]+ tasks, 3,000 warriors, 8 weapons/],
    ['sql.n-plus-one-sweep&maxUsers=1000', /N\+1 \/ JOIN/],
    ['sql.index-sweep&maxRows=10000', /with index/],
    ['sql.write-penalty&rows=2000', /of no index/],
    ['sql.transactions&inserts=300', /One transaction: [\d.,]+× faster/],
    ['sql.bank&mode=autocommit', /100 vanished: the debit was committed on its own/],
    ['sql.bank', /ROLLBACK undid the debit: the books balance/],
    ['sql.joins', /FULL OUTER JOIN/],
  ];
  for (const [query, text] of expectations) {
    await page.goto(`${sites.mt.url}?demo=${query}`);
    await settled(page, 'done', 60000);
    assert.match(await page.textContent('.result'), text, query);
    // "The code that ran" is the JavaScript that ran on sql.js.
    await page.waitForSelector('details.source .source-file');
    assert.match(
      await page.textContent('details.source .source-file'),
      /^web\/labs\/sql\/(database|demos)\.js, line \d+$/,
      query,
    );
  }
  await page.goto(`${sites.mt.url}?demo=sql.n-plus-one&users=200`);
  await settled(page, 'done', 60000);
  const cells = await page.$$eval('.result table tbody tr', (rows) =>
    rows.map((r) => [...r.cells].slice(0, 2).map((c) => c.textContent)),
  );
  assert.deepEqual(cells, [
    ['N+1: the users, then a query per user', '201'],
    ['one JOIN', '1'],
  ]);
  assert.match(await page.textContent('.result table thead'), /200 users, [\d,]+ tasks/);
  assert.match(await page.textContent('.result'), /Same answer, [\d.]+× the time/);
  await page.goto(`${sites.mt.url}?demo=sql.index-sweep&maxRows=10000`);
  await settled(page, 'done', 60000);
  assert.match(
    await page.textContent('figure.chart figcaption'),
    /100 rows: scan [\d.,]+ µs, index [\d.,]+ µs; 1,000 rows/,
  );
  assert.match(
    await page.textContent('figure.chart figcaption'),
    /From 100 to 10,000 rows \(×100\), the time per lookup grew ×[\d.,]+ with a scan and ×[\d.,]+ with the index\.$/,
  );
  await page.goto(`${sites.mt.url}?demo=sql.joins&join=full`);
  await settled(page);
  assert.equal(
    await page.getAttribute('.join-diagram', 'aria-label'),
    'full: warriors kept: Aragorn, Legolas, Gimli, Frodo; weapons kept: Sword, Bow, Axe, Staff',
  );
  assert.deepEqual(page.problems, []);
});

test('injection: the form drops the table, reset brings it back, param keeps it; hostile text stays text', async () => {
  const page = await open(`${sites.mt.url}?demo=sql.injection`);
  await settled(page, 'done', 60000);
  assert.match(await page.textContent('.result'), /The users table is gone/);
  assert.deepEqual(await page.$$eval('.result pre.sql', (p) => p.map((x) => x.textContent)), [
    "SELECT id, name FROM users WHERE name = 'x';",
    'DROP TABLE users;',
  ]);
  // The console, reached from here, says why its default query fails and offers the reset.
  await page.click('nav.tabs a:text-is("Console")');
  await page.waitForSelector('article.demo[data-demo="sql.console"]');
  await settled(page);
  assert.match(await page.textContent('.result .error'), /no such table: users/);
  assert.match(
    await page.textContent('.result .dropped'),
    /The users table is gone: the SQL injection demo ran its attacker's DROP TABLE users/,
  );
  await page.click('.result .dropped button:text-is("Reset the database")');
  await page.waitForFunction(() =>
    /back: 1,000 users/.test(document.querySelector('.result [role=status]')?.textContent),
  );
  await page.click('button.run');
  await settled(page);
  assert.equal(await page.$$eval('.result table tbody tr', (r) => r.length), 5);
  assert.equal(await page.$('.result .dropped'), null);
  await page.goBack();
  await page.waitForSelector('article.demo[data-demo="sql.injection"]');
  await settled(page); // the attack ran again on the fresh database
  assert.match(await page.textContent('.result'), /The users table is gone/);
  // Switching to "param" runs on the lab's own login table again: the earlier DROP does not leak into it.
  await page.selectOption('#param-mode', 'param');
  await page.click('button.run');
  await settled(page);
  assert.match(await page.textContent('.result'), /The users table survived \(1,000 users\)/);
  assert.match(page.url(), /mode=param/);

  const hostile = "<img src=x onerror=window.pwned=1>' OR 1=1 --";
  await page.selectOption('#param-mode', 'concat');
  await page.fill('#param-input', hostile);
  await page.click('button.run');
  await settled(page);
  assert.equal(
    await page.textContent('.result pre.sql'),
    `SELECT id, name FROM users WHERE name = '${hostile}' AND password = ''`,
  );
  assert.match(await page.textContent('.result'), /Logged in as Gus1, without knowing Gus1's password/);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  assert.equal(await page.$$eval('.result img', (i) => i.length), 0);
  assert.deepEqual(page.problems, []);
});

test('console: statements with times and errors; download the database and open it again', async () => {
  const page = await open(`${sites.st.url}?demo=sql.console`);
  await settled(page, 'done', 60000);
  assert.equal(await page.$$eval('.result table tbody tr', (r) => r.length), 5);
  await page.fill(
    '#param-sql',
    "CREATE TABLE notes (t TEXT); INSERT INTO notes VALUES ('<b>kept</b>'); SELECT t FROM notes; SELEC 1",
  );
  await page.click('button.run');
  await settled(page);
  assert.deepEqual(await page.$$eval('.result .statement td', (td) => td.map((x) => x.textContent)), ['<b>kept</b>']);
  assert.match(await page.textContent('.result .error'), /SQLite near "SELEC": syntax error/);
  assert.match(await page.textContent('.result'), /1 row\(s\) changed/);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click('text=Download the database (.sqlite)'),
  ]);
  const file = await download.path();
  const bytes = fs.readFileSync(file);
  assert.equal(bytes.subarray(0, 15).toString('latin1'), 'SQLite format 3');
  await page.click('.lab-section button:text-is("Reset")');
  await page.waitForFunction(() =>
    /Reset: 1,000 users/.test(document.querySelector('.lab-section [role=status]')?.textContent),
  );
  await page.fill('#param-sql', 'SELECT t FROM notes');
  await page.click('button.run');
  await settled(page);
  assert.match(await page.textContent('.result .error'), /no such table: notes/);
  await page.setInputFiles('.lab-section input[type=file]', {
    name: 'warriors.sqlite',
    mimeType: 'application/vnd.sqlite3',
    buffer: bytes,
  });
  await page.waitForFunction(() =>
    /Opened warriors\.sqlite: tables .*notes/.test(document.querySelector('.lab-section [role=status]')?.textContent),
  );
  await page.click('button.run');
  await settled(page);
  assert.deepEqual(await page.$$eval('.result .statement td', (td) => td.map((x) => x.textContent)), ['<b>kept</b>']);
  await page.setInputFiles('.lab-section input[type=file]', {
    name: 'notes.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('hello'.repeat(200)),
  });
  await page.waitForFunction(() =>
    /Could not open notes\.txt: this file is not an SQLite database/.test(
      document.querySelector('.lab-section [role=status]')?.textContent,
    ),
  );
  assert.deepEqual(page.problems, []);
});
