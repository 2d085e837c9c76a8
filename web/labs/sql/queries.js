// The SQL lab on sql.js (SQLite compiled to wasm). The lab's worker runs these, and the Node
// tests run the same module against sql.js directly. Params arrive already validated by the C++ registry.
//
// createLab(SQL) keeps one "lab database" (the Warriors database) that the injection demo and the
// console use; every other demo builds a fresh database of its own, so its figures depend only on its
// params. `progress(fraction)` reports how far a long run is.

import { generate, query, scalar, hasTable } from './database.js';
import {
  nPlusOne,
  nPlusOneSweep,
  indexDemo,
  indexSweep,
  writePenalty,
  transactions,
  bank,
  login,
  joins,
  console_,
} from './demos.js';

// What the Node tests use.
export { random, generate, btreeDepths, pageTables, plan, SCHEMA } from './database.js';
export { insertLog, LOG_SCHEMA, JOINS, login, console_, nPlusOneLoop, joinOnce, JOIN_SQL } from './demos.js';

/** The file bytes of an SQLite database begin with this. */
const MAGIC = 'SQLite format 3\0';

export const LAB_DATABASE = { users: 1000, tasksPerUser: 3, seed: 1 };

/** The lab: the lab database, and every demo by id. */
export function createLab(SQL) {
  let db = null;
  let injected = false; // the injection demo dropped this lab database's users table
  /** Makes `next` the lab database, in place of the one before. */
  const use = (next) => {
    db?.close();
    db = next;
    injected = false;
  };
  /** Every demo by id: (params, progress) -> result. */
  const demos = {
    'sql.generate': (params, progress) => {
      use(new SQL.Database());
      const made = generate(db, params, progress);
      return {
        ...made,
        sqliteVersion: lab.sqliteVersion,
        sample: query(
          db,
          'SELECT users.id, users.name, users.email, COUNT(tasks.id) AS tasks FROM users LEFT JOIN tasks ON tasks.user_id = users.id GROUP BY users.id ORDER BY users.id LIMIT 5',
        ),
        fileBytes: scalar(db, 'SELECT page_count * page_size FROM pragma_page_count, pragma_page_size'),
      };
    },
    'sql.n-plus-one': (params, progress) => nPlusOne(SQL, params, progress),
    'sql.n-plus-one-sweep': (params, progress) => nPlusOneSweep(SQL, params, progress),
    'sql.index': (params, progress) => indexDemo(SQL, params, progress),
    'sql.index-sweep': (params, progress) => indexSweep(SQL, params, progress),
    'sql.write-penalty': (params, progress) => writePenalty(SQL, params, progress),
    'sql.transactions': (params, progress) => transactions(SQL, params, progress),
    'sql.bank': (params) => bank(SQL, params),
    // Each run starts from the lab's own login table: a fresh lab database (the DROP of an earlier run is undone),
    // which the console then shows as this run left it.
    'sql.injection': (params) => {
      lab.reset();
      const r = login(db, params);
      if (!r.usersTableSurvived) injected = true;
      return r;
    },
    'sql.joins': (params) => joins(SQL, params),
    'sql.console': (params) => {
      const r = console_(db, params);
      // The console's default query reads users: say why it is gone, rather than only "no such table".
      if (injected && !hasTable(db, 'users')) r.usersDroppedByInjection = true;
      return r;
    },
  };
  const lab = {
    sqliteVersion: null,
    reset(params = LAB_DATABASE) {
      use(new SQL.Database());
      const made = generate(db, params);
      lab.sqliteVersion = scalar(db, 'SELECT sqlite_version()');
      return { ...made, reset: true };
    },
    exportDatabase: () => db.export(),
    openDatabase(bytes) {
      const head = new TextDecoder('latin1').decode(bytes.subarray(0, 16));
      if (bytes.length < 512 || head !== MAGIC)
        throw Object.assign(
          new Error('this file is not an SQLite database (it does not begin with "SQLite format 3")'),
          { code: 'ParseError' },
        );
      const opened = new SQL.Database(bytes);
      try {
        const tables = query(opened, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").rows.map(
          (r) => r[0],
        );
        use(opened);
        return { tables, bytes: bytes.length };
      } catch (error) {
        opened.close();
        throw Object.assign(new Error(`SQLite could not read this file: ${error.message}`), { code: 'ParseError' });
      }
    },
    run(id, params, progress = () => {}) {
      const demo = demos[id];
      if (!demo) throw Object.assign(new Error(`no SQL demo has the id '${id}'`), { code: 'UnknownDemo' });
      return demo(params, progress);
    },
  };
  lab.reset();
  return lab;
}
