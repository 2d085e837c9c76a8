// The SQL lab's query module (web/labs/sql/queries.js, the one its worker runs) against sql.js directly:
// counts, plans, B-tree depths, rollback, injection in both modes, the console, and opening a file.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import initSqlJs from 'sql.js';
import { createLab, generate, btreeDepths, JOINS } from '../../web/labs/sql/queries.js';

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
    const out = db.exec('SELECT group_concat(name || email || password) FROM users; SELECT COUNT(*), SUM(done) FROM tasks').map((r) => r.values);
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

test('N+1 makes N+1 queries, the JOIN one, and they fetch the same rows', () => {
  const r = lab.run('sql.n-plus-one', { users: 500, tasksPerUser: 2, seed: 3 });
  assert.equal(r.loop.queries, 501);
  assert.equal(r.join.queries, 1);
  assert.equal(r.loop.rows, r.tasks);
  assert.equal(r.join.rows, r.tasks);
  assert.equal(r.loop.checksum, r.join.checksum);
  assert.equal(r.same, true);
  const sweep = lab.run('sql.n-plus-one-sweep', { maxUsers: 1000 });
  assert.deepEqual(sweep.rows.map((row) => [row.users, row.loopQueries, row.same]), [[10, 11, true], [100, 101, true], [1000, 1001, true]]);
});

test('an index turns SCAN into SEARCH, and the B-trees are read from the file', () => {
  const r = lab.run('sql.index', { rows: 20000, lookups: 50 });
  assert.deepEqual(r.before.plan, ['SCAN people']);
  assert.deepEqual(r.after.plan, ['SEARCH people USING INDEX people_by_email (email=?)']);
  assert.equal(r.before.found, r.before.lookups);
  assert.equal(r.after.found, 50);
  assert.ok(r.speedup > 5, `the index is faster: ${r.speedup}`);
  assert.equal(r.dbstat, false, 'sql.js 1.16 is built without dbstat: the page says so');
  assert.deepEqual(r.depthsBefore.trees.map((t) => t.name), ['people']);
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
  db.run("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000) INSERT INTO t SELECT printf('%040d', i) FROM n");
  assert.equal(btreeDepths(db).trees[0].depth, 3);
  db.close();
});

test('writes are timed with 0, 1, 2 and 4 indexes; one transaction beats autocommit', () => {
  const w = lab.run('sql.write-penalty', { rows: 5000 });
  assert.deepEqual(w.results.map((x) => x.indexes), [0, 1, 2, 4]);
  // At a few thousand rows four indexes cost only a few per cent, within one run's noise, so the penalty
  // itself is scripts/bench's figure (at 20,000 rows). Here: each of the four runs was timed.
  for (const x of w.results) assert.ok(x.ms > 0 && Math.abs(x.rowsPerSecond - (5000 / x.ms) * 1000) < 1e-6 * x.rowsPerSecond, JSON.stringify(x));
  const t = lab.run('sql.transactions', { inserts: 500 });
  assert.equal(t.autocommit.rows, 500);
  assert.equal(t.oneTransaction.rows, 500);
  assert.ok(t.ratio > 2, `autocommit pays a journal per insert: ${t.ratio}`);
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
  assert.deepEqual(safe.statements.map((s) => s.sql), ['SELECT id, name FROM users WHERE name = ? AND password = ?']);
  assert.deepEqual(safe.statements[0].bound, [DROP, '']);
  const bypass = lab.run('sql.injection', { mode: 'concat', input: "' OR '1'='1' --", password: 'wrong' });
  assert.equal(bypass.loggedInAs, 'Gus1');
  assert.equal(bypass.statements[0].rowCount, 1000);
  assert.equal(bypass.statements[0].rows.length, 20);
  const dropped = lab.run('sql.injection', { mode: 'concat', input: DROP, password: '' });
  assert.deepEqual(dropped.statements.map((s) => s.sql), ["SELECT id, name FROM users WHERE name = 'x';", 'DROP TABLE users;']);
  assert.equal(dropped.usersTableSurvived, false);
  const after = lab.run('sql.injection', { mode: 'param', input: 'Gus1', password: '' });
  assert.equal(after.error, 'no such table: users');
  lab.reset();
  assert.equal(lab.run('sql.injection', { mode: 'param', input: 'Gus1', password: '' }).usersTableSurvived, true);
});

test('joins: every kind, with the rows each keeps', () => {
  const r = lab.run('sql.joins', { join: 'all' });
  assert.match(r.sqliteVersion, /^3\.\d+\.\d+$/);
  assert.deepEqual(Object.keys(r.joins), Object.keys(JOINS));
  assert.deepEqual(r.joins.inner.rows, [['Aragorn', 'Sword'], ['Legolas', 'Bow'], ['Gimli', 'Axe']]);
  assert.deepEqual(r.joins.left.rows.at(-1), ['Frodo', null]);
  assert.deepEqual(r.joins.right.rows.at(-1), [null, 'Staff']);
  assert.equal(r.joins.full.rows.length, 5);
});

test('the console: statements in turn, their times, and SQLite\'s own error', () => {
  lab.reset();
  const r = lab.run('sql.console', { sql: "INSERT INTO weapons (name, damage) VALUES ('Whip', 3); SELECT name FROM weapons WHERE name = 'Whip'; SELEC 1; SELECT 2" });
  assert.equal(r.results.length, 3);
  assert.equal(r.results[0].changes, 1);
  assert.deepEqual(r.results[1].rows, [['Whip']]);
  assert.ok(r.results[1].ms >= 0);
  assert.equal(r.results[2].error, 'near "SELEC": syntax error');
  // Rows changed are each statement's own: DDL after an INSERT changes none.
  const ddl = lab.run('sql.console', { sql: "INSERT INTO weapons (name, damage) VALUES ('A', 1), ('B', 2); CREATE TABLE t (x); DELETE FROM weapons WHERE name IN ('A', 'B', 'Whip')" });
  assert.deepEqual(ddl.results.map((x) => x.changes), [2, 0, 3]);
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
  assert.throws(() => lab.openDatabase(new TextEncoder().encode('not a database'.repeat(100))), { code: 'ParseError', message: /not an SQLite database/ });
  const corrupt = bytes.slice();
  corrupt.fill(0xff, 100);
  assert.throws(() => lab.openDatabase(corrupt), { code: 'ParseError' });
  assert.deepEqual(lab.run('sql.console', { sql: 'SELECT t FROM notes' }).results[0].rows, [['kept']], 'a refused file leaves the database as it was');
});
