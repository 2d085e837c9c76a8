// The SQL lab on localhost in headless Chromium, cold cache: how long until sql.js is loaded and the
// first SQL result is shown, what sql.js costs to transfer, the SQLite it bundles, and the lab's
// headline figures side by side.
import { launch, serveDist, openPage, settled } from '../../tests/support/browser.mjs';

export default async function sql() {
  const browser = await launch();
  const rows = [];
  try {
    const sent = new Map();
    const site = await serveDist({ isolation: true, onSent: (file, size) => sent.set(file, size) });
    const shown = [];
    const started = [];
    for (let i = 0; i < 3; i++) {
      const page = await openPage(browser); // a new context each time: a cold cache
      await page.goto(`${site.url}?demo=sql.joins`);
      await settled(page, 'done', 60000);
      shown.push(await page.evaluate(() => performance.getEntriesByName('llplay:result')[0].startTime));
      // The SQL worker's own 'ready' message: the time from its init to sql.js loaded and the lab database made.
      started.push(
        await page.evaluate(async () => {
          const { sqlWorker } = await import(new URL('labs/sql/host.js', document.baseURI).href);
          return (await sqlWorker().ready).startMs;
        }),
      );
      await page.context().close();
    }
    const sqljs = [...sent].filter(([file]) => file.includes('sqljs'));
    rows.push([
      'SQL lab: sql.js ready in its worker after',
      `${Math.min(...started).toFixed(0)} ms`,
      'best of 3, cold cache: fetch and compile sql.js, make the 1,000-user lab database (measured in the worker)',
    ]);
    rows.push([
      'SQL lab: first result shown after',
      `${Math.min(...shown).toFixed(0)} ms`,
      'best of 3, cold cache, from navigation start (sql.joins, mt page)',
    ]);
    rows.push([
      'sql.js transferred',
      `${(sqljs.reduce((a, [, s]) => a + s, 0) / 1024).toFixed(0)} KB`,
      sqljs.map(([f, s]) => `${f.split('/').pop()} ${(s / 1024).toFixed(0)} KB`).join(', ') +
        ' (gzip where compressible)',
    ]);

    const page = await openPage(browser, `${site.url}?demo=float.anatomy`);
    await settled(page);
    const figures = await page.evaluate(async () => {
      const run = (id, params) => window.llplay.run(id, params);
      const version = (await run('sql.console', { sql: 'SELECT sqlite_version()' })).results[0].rows[0][0];
      const n1 = await run('sql.n-plus-one', { users: 10000 });
      const ix = await run('sql.index', { rows: 100000, lookups: 1000 });
      const tx = await run('sql.transactions', { inserts: 10000 });
      const wp = await run('sql.write-penalty', { rows: 20000 });
      return { version, n1, ix, tx, wp };
    });
    const { version, n1, ix, tx, wp } = figures;
    rows.push(['SQLite bundled with sql.js', version, 'SELECT sqlite_version() through window.llplay.run']);
    rows.push([
      `N+1 vs JOIN, ${n1.users.toLocaleString('en')} users`,
      `${(n1.loop.ms / n1.join.ms).toFixed(1)}×`,
      `${n1.loop.ms.toFixed(0)} ms for ${n1.loop.queries.toLocaleString('en')} queries (${n1.loop.perQueryUs.toFixed(1)} µs each) against ${n1.join.ms.toFixed(1)} ms for the JOIN (${n1.join.queries} query)`,
    ]);
    rows.push([
      'index lookup, 100,000 rows',
      `${ix.speedup.toFixed(0)}×`,
      `${ix.before.perLookupUs.toFixed(0)} µs scan against ${ix.after.perLookupUs.toFixed(1)} µs search; B-tree depths ${ix.depthsAfter.trees.map((t) => `${t.name} ${t.depth}`).join(', ')}`,
    ]);
    rows.push([
      '10,000 inserts: autocommit / one transaction',
      `${tx.ratio.toFixed(0)}×`,
      `${tx.autocommit.ms.toFixed(0)} ms against ${tx.oneTransaction.ms.toFixed(0)} ms`,
    ]);
    rows.push([
      'insert throughput with 4 indexes',
      `${((100 * wp.results[3].rowsPerSecond) / wp.results[0].rowsPerSecond).toFixed(0)}% of none`,
      wp.results.map((r) => `${r.indexes}: ${(r.rowsPerSecond / 1000).toFixed(0)}k rows/s`).join(', '),
    ]);
    site.server.close();
  } finally {
    await browser.close();
  }
  return rows;
}
