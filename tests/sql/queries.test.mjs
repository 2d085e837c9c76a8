// The SQL lab's query module (web/labs/sql/queries.js, the one its worker runs) against sql.js directly:
// counts, plans, B-tree depths, rollback, injection in both modes, the console, and opening a file.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import initSqlJs from 'sql.js';
import {
  createLab,
  generate,
  btreeDepths,
  pageTables,
  insertLog,
  LOG_SCHEMA,
  JOINS,
} from '../../web/labs/sql/queries.js';

let SQL;
let lab;
before(async () => {
  SQL = await initSqlJs();
  lab = createLab(SQL);
});

const DROP = "x'; DROP TABLE users; --";

test('the generated database is the same for the same seed, and differs for another', () => {
  const dump = (seed) => {
    const db = new SQL.Database();
    generate(db, { users: 300, tasksPerUser: 3, seed });
    const out = db
      .exec('SELECT group_concat(name || email || password) FROM users; SELECT COUNT(*), SUM(done) FROM tasks')
      .map((r) => r.values);
    db.close();
    return out;
  };
  assert.deepEqual(dump(5), dump(5));
  assert.notDeepEqual(dump(5), dump(6));
  const made = lab.run('sql.generate', { users: 2000, tasksPerUser: 3, seed: 1 });
  assert.equal(made.users, 2000);
  assert.ok(made.tasks > 5000 && made.tasks < 7000, `about 3 tasks per user: ${made.tasks}`);
  assert.equal(lab.run('sql.console', { sql: 'SELECT COUNT(*) FROM tasks' }).results[0].rows[0][0], made.tasks);
});

test('long runs report their progress as they go', () => {
  const seen = (id, params) => {
    const fractions = [];
    lab.run(id, params, (f) => fractions.push(f));
    return fractions;
  };
  assert.deepEqual(seen('sql.generate', { users: 30000, tasksPerUser: 1, seed: 1 }), [1 / 3, 2 / 3, 1]);
  // sql.index: while the 50,000 rows go in (every 10,000), then at each step after.
  const index = seen('sql.index', { rows: 50000, lookups: 10 });
  assert.deepEqual(
    index.slice(0, 5).map((f) => +f.toFixed(2)),
    [0.06, 0.12, 0.18, 0.24, 0.3],
  );
  assert.ok(
    index.length >= 8 && index.every((f, i) => f > 0 && f < 1 && (i === 0 || f >= index[i - 1])),
    index.join(' '),
  );
  const sweep = seen('sql.index-sweep', { maxRows: 100000 });
  assert.ok(sweep.length >= 10 && sweep.every((f, i) => i === 0 || f >= sweep[i - 1]), sweep.join(' '));
  assert.equal(sweep.at(-1), 1);
  assert.ok(seen('sql.write-penalty', { rows: 20000 }).length >= 8);
});

test('N+1 makes N+1 queries, the JOIN one, and they fetch the same rows', () => {
  const r = lab.run('sql.n-plus-one', { users: 500, tasksPerUser: 2, seed: 3 });
  assert.equal(r.loop.queries, 501);
  assert.equal(r.join.queries, 1);
  assert.equal(r.loop.rows, r.tasks);
  assert.equal(r.join.rows, r.tasks);
  assert.equal(r.loop.checksum, r.join.checksum);
  assert.equal(r.same, true);
  const sweep = lab.run('sql.n-plus-one-sweep', { maxUsers: 1000 });
  assert.deepEqual(
    sweep.rows.map((row) => [row.users, row.loopQueries, row.same]),
    [
      [10, 11, true],
      [100, 101, true],
      [1000, 1001, true],
    ],
  );
});

test('an index turns SCAN into SEARCH, and the B-trees are read from the file', () => {
  const r = lab.run('sql.index', { rows: 20000, lookups: 50 });
  assert.deepEqual(r.before.plan, ['SCAN people']);
  assert.deepEqual(r.after.plan, ['SEARCH people USING INDEX people_by_email (email=?)']);
  assert.equal(r.before.found, r.before.lookups);
  assert.equal(r.after.found, 50);
  assert.ok(r.speedup > 5, `the index is faster: ${r.speedup}`);
  // The probes answer what this build was compiled with (the page says what they found).
  const options = lab.run('sql.console', { sql: 'PRAGMA compile_options' }).results[0].rows.map((row) => row[0]);
  assert.deepEqual(r.pageTables, {
    dbstat: options.includes('ENABLE_DBSTAT_VTAB'),
    sqlite_dbpage: options.includes('ENABLE_DBPAGE_VTAB'),
  });
  assert.deepEqual(r.pageTables, { dbstat: false, sqlite_dbpage: false }, 'sql.js 1.16 has neither');
  assert.deepEqual(pageTables(new SQL.Database()), r.pageTables);
  assert.deepEqual(
    r.depthsBefore.trees.map((t) => t.name),
    ['people'],
  );
  assert.deepEqual(r.depthsAfter.trees.map((t) => t.name).sort(), ['people', 'people_by_email']);
  // The table's interior cells are a child pointer and a rowid (about 6 bytes), so one interior page
  // over ~220 leaves is enough; the index's interior cells carry whole emails (~30 bytes), so ~130 fit
  // in a page and its ~220 leaves need a second interior level.
  const depth = Object.fromEntries(r.depthsAfter.trees.map((t) => [t.name, t.depth]));
  assert.deepEqual(depth, { people: 2, people_by_email: 3 });
  // A tiny table is one leaf; a bigger one needs more levels.
  const db = new SQL.Database();
  db.run('CREATE TABLE t (x TEXT)');
  assert.equal(btreeDepths(db).trees[0].depth, 1);
  db.run(
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000) INSERT INTO t SELECT printf('%040d', i) FROM n",
  );
  assert.equal(btreeDepths(db).trees[0].depth, 3);
  db.close();
});

test('writes go into tables with 0, 1, 2 and 4 indexes; autocommit commits every insert, one transaction once', () => {
  // Speed is scripts/bench's figure (timing asserts fail on a busy machine). Here: what each phase really
  // wrote, read back from the database: its indexes in sqlite_master, its rows, and an entry per row in each index.
  const w = lab.run('sql.write-penalty', { rows: 5000 });
  assert.deepEqual(
    w.results.map((x) => [x.indexes, x.indexesPresent, x.rowsInserted, x.indexEntries]),
    [
      [0, 0, 5000, []],
      [1, 1, 5000, [5000]],
      [2, 2, 5000, [5000, 5000]],
      [4, 4, 5000, [5000, 5000, 5000, 5000]],
    ],
  );
  // Each count timed in every round after a warm-up; the figure is the median, with the spread beside it.
  assert.equal(w.rounds, 3);
  for (const x of w.results)
    assert.ok(x.time.runs === 3 && x.time.minMs <= x.ms && x.ms <= x.time.maxMs, JSON.stringify(x.time));
  const t = lab.run('sql.transactions', { inserts: 500 });
  assert.equal(t.autocommit.rows, 500);
  assert.equal(t.oneTransaction.rows, 500);
  assert.equal(t.autocommit.journalMode, 'delete', 'a rollback journal, written and deleted by each commit');
  // The demo's own insert loop, watched by a second connection to the same file: PRAGMA data_version
  // changes each time another connection has committed since the last look.
  const commits = (oneTransaction) => {
    const db = new SQL.Database();
    const watcher = new SQL.Database();
    try {
      db.run(LOG_SCHEMA);
      watcher.run(`ATTACH DATABASE '${db.filename}' AS lab`);
      const version = () => watcher.exec('PRAGMA lab.data_version')[0].values[0][0];
      let last = version();
      let seen = 0;
      const look = () => {
        const v = version();
        if (v !== last) (seen++, (last = v));
      };
      insertLog(db, 200, oneTransaction, look);
      look();
      assert.equal(watcher.exec('SELECT COUNT(*) FROM lab.log')[0].values[0][0], 200);
      return seen;
    } finally {
      watcher.close();
      db.close();
    }
  };
  assert.equal(commits(false), 200, 'autocommit: every INSERT is a transaction of its own');
  assert.equal(commits(true), 1, 'BEGIN … COMMIT: one transaction');
});

test('the bank transfer: money vanishes without a transaction, and rolls back with one', () => {
  const lost = lab.run('sql.bank', { mode: 'autocommit', amount: 100, crash: true });
  assert.deepEqual(lost.after, { Alice: 400, Bob: 500 });
  assert.equal(lost.vanished, 100);
  const kept = lab.run('sql.bank', { mode: 'transaction', amount: 100, crash: true });
  assert.deepEqual(kept.after, { Alice: 500, Bob: 500 });
  assert.equal(kept.vanished, 0);
  assert.deepEqual(kept.ran.at(-1), 'ROLLBACK');
  const done = lab.run('sql.bank', { mode: 'transaction', amount: 250, crash: false });
  assert.deepEqual(done.after, { Alice: 250, Bob: 750 });
});

test('injection: concatenated text runs as SQL; a parameter is only data', () => {
  lab.reset();
  const safe = lab.run('sql.injection', { mode: 'param', input: DROP, password: '' });
  assert.equal(safe.usersTableSurvived, true);
  assert.deepEqual(
    safe.statements.map((s) => s.sql),
    ['SELECT id, name FROM users WHERE name = ? AND password = ?'],
  );
  assert.deepEqual(safe.statements[0].bound, [DROP, '']);
  const bypass = lab.run('sql.injection', { mode: 'concat', input: "' OR '1'='1' --", password: 'wrong' });
  assert.equal(bypass.loggedInAs, 'Gus1');
  assert.equal(bypass.bypassed, true);
  // The right password logs in without a bypass, in both modes; a name with its quote-dash trick does not.
  const password = lab.run('sql.console', { sql: "SELECT password FROM users WHERE name = 'Gus1'" }).results[0]
    .rows[0][0];
  for (const mode of ['concat', 'param']) {
    const honest = lab.run('sql.injection', { mode, input: 'Gus1', password });
    assert.deepEqual([honest.loggedInAs, honest.bypassed], ['Gus1', false], mode);
    assert.deepEqual(lab.run('sql.injection', { mode, input: 'Gus1', password: 'wrong' }).loggedInAs, null, mode);
  }
  const comment = lab.run('sql.injection', { mode: 'concat', input: "Gus1' --", password: 'wrong' });
  assert.deepEqual([comment.loggedInAs, comment.bypassed], ['Gus1', true]);
  assert.equal(bypass.statements[0].rowCount, 1000);
  assert.equal(bypass.statements[0].rows.length, 20);
  const dropped = lab.run('sql.injection', { mode: 'concat', input: DROP, password: '' });
  assert.deepEqual(
    dropped.statements.map((s) => s.sql),
    ["SELECT id, name FROM users WHERE name = 'x';", 'DROP TABLE users;'],
  );
  assert.equal(dropped.usersTableSurvived, false);
  // The console says why its default query fails, until the table is back.
  const console1 = lab.run('sql.console', { sql: 'SELECT COUNT(*) FROM users' });
  assert.deepEqual([console1.results[0].error, console1.usersDroppedByInjection], ['no such table: users', true]);
  // Each injection run starts from the lab's login table: the DROP of the run before is undone.
  const after = lab.run('sql.injection', { mode: 'param', input: 'Gus1', password: '' });
  assert.deepEqual([after.error, after.usersTableSurvived], [null, true]);
  lab.run('sql.injection', { mode: 'concat', input: DROP, password: '' });
  lab.run('sql.console', { sql: 'CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)' });
  assert.equal(lab.run('sql.console', { sql: 'SELECT COUNT(*) FROM users' }).usersDroppedByInjection, undefined);
  lab.reset();
  assert.equal(
    lab.run('sql.console', { sql: 'DROP TABLE users; SELECT * FROM users' }).usersDroppedByInjection,
    undefined,
    'dropped by hand: no note',
  );
  lab.reset();
  assert.equal(lab.run('sql.injection', { mode: 'param', input: 'Gus1', password: '' }).usersTableSurvived, true);
});

test('joins: every kind, with the rows each keeps', () => {
  const r = lab.run('sql.joins', { join: 'all' });
  assert.match(r.sqliteVersion, /^3\.\d+\.\d+$/);
  assert.deepEqual(Object.keys(r.joins), Object.keys(JOINS));
  assert.deepEqual(r.joins.inner.rows, [
    ['Aragorn', 'Sword'],
    ['Legolas', 'Bow'],
    ['Gimli', 'Axe'],
  ]);
  assert.deepEqual(r.joins.left.rows.at(-1), ['Frodo', null]);
  assert.deepEqual(r.joins.right.rows.at(-1), [null, 'Staff']);
  assert.equal(r.joins.full.rows.length, 5);
});

test("the console: statements in turn, their times, and SQLite's own error", () => {
  lab.reset();
  const r = lab.run('sql.console', {
    sql: "INSERT INTO weapons (name, damage) VALUES ('Whip', 3); SELECT name FROM weapons WHERE name = 'Whip'; SELEC 1; SELECT 2",
  });
  assert.equal(r.results.length, 3);
  assert.equal(r.results[0].changes, 1);
  assert.deepEqual(r.results[1], {
    sql: "SELECT name FROM weapons WHERE name = 'Whip';",
    columns: ['name'],
    rows: [['Whip']],
    rowCount: 1,
    truncated: false,
    changes: null,
    ms: r.results[1].ms,
  });
  assert.ok(Number.isFinite(r.results[1].ms), 'each statement is timed');
  const many = lab.run('sql.console', { sql: 'SELECT id FROM users' }).results[0];
  assert.deepEqual([many.rowCount, many.rows.length, many.truncated, many.rows.at(-1)], [1000, 500, true, [500]]);
  assert.equal(r.results[2].error, 'near "SELEC": syntax error');
  // Rows changed are each statement's own: DDL after an INSERT changes none.
  const ddl = lab.run('sql.console', {
    sql: "INSERT INTO weapons (name, damage) VALUES ('A', 1), ('B', 2); CREATE TABLE t (x); DELETE FROM weapons WHERE name IN ('A', 'B', 'Whip')",
  });
  assert.deepEqual(
    ddl.results.map((x) => x.changes),
    [2, 0, 3],
  );
});

test('export and open round-trip the lab database; other bytes are refused', () => {
  lab.reset();
  lab.run('sql.console', { sql: "CREATE TABLE notes (t TEXT); INSERT INTO notes VALUES ('kept')" });
  const bytes = lab.exportDatabase();
  assert.equal(new TextDecoder().decode(bytes.subarray(0, 15)), 'SQLite format 3');
  lab.reset();
  assert.equal(lab.run('sql.console', { sql: 'SELECT t FROM notes' }).results[0].error, 'no such table: notes');
  assert.ok(lab.openDatabase(bytes).tables.includes('notes'));
  assert.deepEqual(lab.run('sql.console', { sql: 'SELECT t FROM notes' }).results[0].rows, [['kept']]);
  assert.throws(() => lab.openDatabase(new TextEncoder().encode('not a database'.repeat(100))), {
    code: 'ParseError',
    message: /not an SQLite database/,
  });
  const corrupt = bytes.slice();
  corrupt.fill(0xff, 100);
  assert.throws(() => lab.openDatabase(corrupt), { code: 'ParseError' });
  assert.deepEqual(
    lab.run('sql.console', { sql: 'SELECT t FROM notes' }).results[0].rows,
    [['kept']],
    'a refused file leaves the database as it was',
  );
});
