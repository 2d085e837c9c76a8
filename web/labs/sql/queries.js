// The SQL lab's queries, on sql.js (SQLite compiled to wasm). The lab's worker runs these, and the Node
// tests run the same module against sql.js directly. Params arrive already validated by the C++ registry.
//
// createLab(SQL) keeps one "lab database" (the Warriors database) that the injection demo and the
// console use; every other demo builds a fresh database of its own, so its figures depend only on its
// params. `progress(fraction)` reports how far a long run is.

const now = () => performance.now();

/** A small deterministic PRNG (mulberry32): the same seed gives the same database. */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['Ana', 'Bo', 'Chen', 'Dara', 'Eli', 'Femi', 'Gus', 'Hana', 'Ivo', 'Juno', 'Kai', 'Lea', 'Milo', 'Nia', 'Omar', 'Pia'];
const TASKS = ['write tests', 'fix bug', 'review PR', 'deploy', 'update docs', 'refactor', 'profile', 'plan sprint'];
const WEAPONS = ['Sword', 'Bow', 'Axe', 'Staff', 'Dagger', 'Spear', 'Hammer', 'Sling'];

/** Runs `fn` inside BEGIN … COMMIT (ROLLBACK if it throws). */
function inTransaction(db, fn) {
  db.run('BEGIN');
  try {
    const out = fn();
    db.run('COMMIT');
    return out;
  } catch (error) {
    db.run('ROLLBACK');
    throw error;
  }
}

/** Rows of a query as arrays, with its column names. */
function query(db, sql, params = []) {
  const stmt = db.prepare(sql);
  try {
    stmt.bind(params);
    const rows = [];
    while (stmt.step()) rows.push(stmt.get());
    return { columns: stmt.getColumnNames(), rows };
  } finally {
    stmt.free();
  }
}

const scalar = (db, sql, params) => query(db, sql, params).rows[0]?.[0];

export const SCHEMA = `CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL, password TEXT NOT NULL);
CREATE TABLE tasks (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id), title TEXT NOT NULL, done INTEGER NOT NULL);
CREATE INDEX tasks_by_user ON tasks(user_id);
CREATE TABLE weapons (id INTEGER PRIMARY KEY, name TEXT NOT NULL, damage INTEGER NOT NULL);
CREATE TABLE warriors (id INTEGER PRIMARY KEY, name TEXT NOT NULL, weapon_id INTEGER REFERENCES weapons(id));`;

// llplay:source sql.generate sql.n-plus-one sql.n-plus-one-sweep
/** The series' schema with `users` users and about `tasksPerUser` tasks each, deterministic from `seed`. */
export function generate(db, { users, tasksPerUser, seed }, progress = () => {}) {
  const rnd = random(seed);
  const t0 = now();
  db.run(SCHEMA);
  let tasks = 0;
  inTransaction(db, () => {
    const user = db.prepare('INSERT INTO users (id, name, email, password) VALUES (?, ?, ?, ?)');
    const task = db.prepare('INSERT INTO tasks (user_id, title, done) VALUES (?, ?, ?)');
    const warrior = db.prepare('INSERT INTO warriors (id, name, weapon_id) VALUES (?, ?, ?)');
    WEAPONS.forEach((name, i) => db.run('INSERT INTO weapons (id, name, damage) VALUES (?, ?, ?)', [i + 1, name, 5 + Math.floor(rnd() * 20)]));
    for (let id = 1; id <= users; id++) {
      const name = `${FIRST[Math.floor(rnd() * FIRST.length)]}${id}`;
      user.run([id, name, `${name.toLowerCase()}@example.com`, Math.floor(rnd() * 2 ** 32).toString(16)]);
      const count = Math.floor(rnd() * (2 * tasksPerUser + 1));  // 0 … 2k tasks: k on average
      for (let k = 0; k < count; k++, tasks++) task.run([id, TASKS[Math.floor(rnd() * TASKS.length)], rnd() < 0.5 ? 1 : 0]);
      // A warrior per user; one in eight unarmed, and the last weapons are never picked.
      warrior.run([id, name, rnd() < 0.125 ? null : 1 + Math.floor(rnd() * (WEAPONS.length - 2))]);
      if (id % 10000 === 0) progress(id / users);
    }
    for (const stmt of [user, task, warrior]) stmt.free();
  });
  return { users, tasks, weapons: WEAPONS.length, warriors: users, ms: now() - t0 };
}

/** The N+1 crime: the users, then one more query per user for their tasks. */
export function nPlusOneLoop(db, progress = () => {}) {
  const t0 = now();
  const users = query(db, 'SELECT id, name FROM users ORDER BY id').rows;  // query 1
  const tasksOf = db.prepare('SELECT title, done FROM tasks WHERE user_id = ? ORDER BY id');
  let queries = 1, rows = 0, checksum = 0;
  for (const [id] of users) {
    tasksOf.bind([id]);  // queries 2 … N+1: one round trip each
    while (tasksOf.step()) rows++, checksum = (checksum + id * 31 + tasksOf.get()[1]) % 1e9;
    tasksOf.reset();
    queries++;
    if (queries % 5000 === 0) progress(queries / users.length);
  }
  tasksOf.free();
  return { queries, rows, checksum, users: users.length, ms: now() - t0 };
}

/** The same data in one query: a JOIN. */
export function joinOnce(db) {
  const t0 = now();
  const stmt = db.prepare(JOIN_SQL);
  let rows = 0, checksum = 0;
  while (stmt.step()) {
    const [id, , , done] = stmt.get();
    if (done !== null) rows++, checksum = (checksum + id * 31 + done) % 1e9;
  }
  stmt.free();
  return { queries: 1, rows, checksum, ms: now() - t0 };
}
export const JOIN_SQL = 'SELECT users.id, users.name, tasks.title, tasks.done FROM users LEFT JOIN tasks ON tasks.user_id = users.id ORDER BY users.id, tasks.id';
// llplay:end

function nPlusOne(SQL, params, progress) {
  const db = new SQL.Database();
  try {
    const data = generate(db, params, (f) => progress(0.5 * f));
    const loop = nPlusOneLoop(db, (f) => progress(0.5 + 0.45 * f));
    const join = joinOnce(db);
    return {
      users: data.users, tasks: data.tasks, generateMs: data.ms,
      loop: { ...loop, perQueryUs: (1000 * loop.ms) / loop.queries },
      join,
      same: loop.rows === join.rows && loop.checksum === join.checksum,
      sql: { first: 'SELECT id, name FROM users ORDER BY id', each: 'SELECT title, done FROM tasks WHERE user_id = ? ORDER BY id', join: JOIN_SQL },
    };
  } finally {
    db.close();
  }
}

function nPlusOneSweep(SQL, { maxUsers }, progress) {
  const sizes = [];
  for (let n = 10; n <= maxUsers; n *= 10) sizes.push(n);
  const total = sizes.reduce((a, b) => a + b, 0);
  let done = 0;
  const rows = sizes.map((users) => {
    const r = nPlusOne(SQL, { users, tasksPerUser: 3, seed: 1 }, (f) => progress((done + f * users) / total));
    done += users;
    return { users, loopMs: r.loop.ms, joinMs: r.join.ms, loopQueries: r.loop.queries, perQueryUs: r.loop.perQueryUs, same: r.same };
  });
  return { rows };
}

// ------------------------------------------------------------------------------------------------
// Indexes

/** EXPLAIN QUERY PLAN's `detail` lines, e.g. "SCAN people" or "SEARCH people USING INDEX … (email=?)". */
export function plan(db, sql) {
  return query(db, `EXPLAIN QUERY PLAN ${sql}`).rows.map((row) => row[3]);
}

/**
 * How deep each B-tree is, read from the database file itself: from its root page follow the
 * right-most child pointer of each interior page (SQLite's file format, section 1.6) down to a leaf.
 */
export function btreeDepths(db) {
  const file = db.export();  // closes and reopens the database: prepared statements do not survive it
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const pageSize = view.getUint16(16) === 1 ? 65536 : view.getUint16(16);
  const depth = (root) => {
    let levels = 0;
    for (let page = root; ; levels++) {
      const at = (page - 1) * pageSize + (page === 1 ? 100 : 0);
      const type = view.getUint8(at);
      if (type === 0x0d || type === 0x0a) return levels + 1;  // a leaf of a table or of an index
      if (type !== 0x05 && type !== 0x02) throw new Error(`page ${page} is not a B-tree page (type ${type})`);
      page = view.getUint32(at + 8);
    }
  };
  const trees = query(db, "SELECT type, name, rootpage FROM sqlite_master WHERE rootpage > 0 ORDER BY rootpage").rows
    .map(([type, name, root]) => ({ type, name, depth: depth(root) }));
  return { pageSize, pages: file.byteLength / pageSize, trees };
}

/** Whether this database has a table (or virtual table) by that name. */
function hasTable(db, name) {
  try {
    db.exec(`SELECT 1 FROM ${name} LIMIT 1`);
    return true;
  } catch (error) {
    if (/^no such table/.test(error.message)) return false;
    throw error;
  }
}

/**
 * Which of SQLite's two page-reading virtual tables this build has: dbstat (each page's B-tree and
 * depth) and sqlite_dbpage (each page's raw bytes). Both are compile-time options.
 */
export function pageTables(db) {
  return { dbstat: hasTable(db, 'dbstat'), sqlite_dbpage: hasTable(db, 'sqlite_dbpage') };
}

/** Rows `from` … `to` of the people table, in one transaction; `progress(fraction)` every 10,000 rows. */
function fillPeople(db, from, to, rnd, progress = () => {}) {
  inTransaction(db, () => {
    const insert = db.prepare('INSERT INTO people (id, email, name) VALUES (?, ?, ?)');
    for (let id = from; id <= to; id++) {
      insert.run([id, `user${id}.${Math.floor(rnd() * 1e6)}@example.com`, `${FIRST[id % FIRST.length]}${id}`]);
      if (id % 10000 === 0) progress((id - from + 1) / (to - from + 1));
    }
    insert.free();
  });
}

// llplay:source sql.index sql.index-sweep
const LOOKUP = 'SELECT id, name FROM people WHERE email = ?';

/** Times `count` lookups by email (ones that exist, picked at random): µs per lookup. */
function timeLookups(db, count, rnd, rows) {
  const emails = [];
  for (let i = 0; i < count; i++) emails.push(scalar(db, 'SELECT email FROM people WHERE id = ?', [1 + Math.floor(rnd() * rows)]));
  const stmt = db.prepare(LOOKUP);
  for (const email of emails.slice(0, 20)) stmt.bind([email]), stmt.step(), stmt.reset();  // warm up, untimed
  let found = 0;
  const t0 = now();
  for (const email of emails) {
    stmt.bind([email]);
    while (stmt.step()) found++;
    stmt.reset();
  }
  const ms = now() - t0;
  stmt.free();
  return { ms, perLookupUs: (1000 * ms) / count, found };
}

function indexDemo(SQL, { rows, lookups }, progress) {
  const db = new SQL.Database();
  try {
    const rnd = random(7);
    db.run('CREATE TABLE people (id INTEGER PRIMARY KEY, email TEXT NOT NULL, name TEXT NOT NULL)');
    fillPeople(db, 1, rows, rnd, (f) => progress(0.3 * f));
    progress(0.3);
    // A scan reads every row: past a few million rows read in all, fewer lookups time it well enough.
    const scans = Math.min(lookups, Math.max(5, Math.floor(2e6 / rows)));
    const before = { plan: plan(db, LOOKUP), lookups: scans, ...timeLookups(db, scans, rnd, rows) };
    progress(0.5);
    const depthsBefore = btreeDepths(db);
    progress(0.6);
    const t0 = now();
    db.run('CREATE INDEX people_by_email ON people(email)');
    const createIndexMs = now() - t0;
    progress(0.8);
    const after = { plan: plan(db, LOOKUP), lookups, ...timeLookups(db, lookups, rnd, rows) };
    progress(0.9);
    return {
      rows, lookups, sql: LOOKUP, before, after, createIndexMs,
      speedup: before.perLookupUs / after.perLookupUs,
      pageTables: pageTables(db), depthsBefore, depthsAfter: btreeDepths(db),
      sqliteVersion: scalar(db, 'SELECT sqlite_version()'),
    };
  } finally {
    db.close();
  }
}

function indexSweep(SQL, { maxRows }, progress) {
  const db = new SQL.Database();
  try {
    const rnd = random(7);
    db.run('CREATE TABLE people (id INTEGER PRIMARY KEY, email TEXT NOT NULL, name TEXT NOT NULL)');
    const out = [];
    let have = 0;
    const sizes = [];
    for (let n = 100; n <= maxRows; n *= 10) sizes.push(n);
    const largest = sizes.at(-1);
    for (const rows of sizes) {
      // Time goes mostly with the rows filled and scanned: the largest table is most of the run.
      fillPeople(db, have + 1, rows, rnd, (f) => progress((0.9 * (have + f * (rows - have))) / largest));
      have = rows;
      const scans = Math.max(3, Math.min(300, Math.floor(3e6 / rows)));  // enough to time, not too slow
      const scan = timeLookups(db, scans, rnd, rows);
      db.run('CREATE INDEX people_by_email ON people(email)');
      const search = timeLookups(db, 2000, rnd, rows);
      db.run('DROP INDEX people_by_email');
      out.push({ rows, scanUs: scan.perLookupUs, indexUs: search.perLookupUs });
      progress(rows / largest);
    }
    return { rows: out };
  } finally {
    db.close();
  }
}
// llplay:end

// llplay:source sql.write-penalty
function writePenalty(SQL, { rows }, progress) {
  const columns = ['a', 'b', 'c', 'd', 'e'];
  const results = [0, 1, 2, 4].map((indexes, i) => {
    const db = new SQL.Database();
    try {
      const rnd = random(3);
      db.run(`CREATE TABLE t (id INTEGER PRIMARY KEY, ${columns.map((c) => `${c} INTEGER`).join(', ')})`);
      for (let k = 0; k < indexes; k++) db.run(`CREATE INDEX t_${columns[k]} ON t(${columns[k]})`);
      const t0 = now();
      inTransaction(db, () => {
        const insert = db.prepare('INSERT INTO t (a, b, c, d, e) VALUES (?, ?, ?, ?, ?)');
        for (let r = 1; r <= rows; r++) {
          insert.run(columns.map(() => Math.floor(rnd() * 1e9)));
          if (r % 10000 === 0) progress((i + r / rows) / 4);
        }
        insert.free();
      });
      const ms = now() - t0;
      progress((i + 1) / 4);
      return {
        indexes, ms, rowsPerSecond: (rows / ms) * 1000,
        // What the database holds afterwards: the indexes on t, and the rows in the table and in each index.
        indexesPresent: scalar(db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 't'"),
        rowsInserted: scalar(db, 'SELECT COUNT(*) FROM t'),
        indexEntries: columns.slice(0, indexes).map((c) => scalar(db, `SELECT COUNT(*) FROM t INDEXED BY t_${c} WHERE ${c} IS NOT NULL`)),
      };
    } finally {
      db.close();
    }
  });
  return { rows, results };
}
// llplay:end

// llplay:source sql.transactions
export const LOG_SCHEMA = 'CREATE TABLE log (id INTEGER PRIMARY KEY, message TEXT NOT NULL)';

/** `inserts` rows into the log: each in a transaction of its own (autocommit), or all in one. `after(i)` follows insert i. */
export function insertLog(db, inserts, oneTransaction, after = () => {}) {
  const insert = db.prepare('INSERT INTO log (message) VALUES (?)');
  if (oneTransaction) db.run('BEGIN');
  for (let i = 0; i < inserts; i++) {
    insert.run([`event ${i}`]);  // in autocommit mode, each is a transaction of its own
    after(i);
  }
  if (oneTransaction) db.run('COMMIT');
  insert.free();
}

function transactions(SQL, { inserts }, progress) {
  const run = (oneTransaction) => {
    const db = new SQL.Database();
    try {
      db.run(LOG_SCHEMA);
      const t0 = now();
      insertLog(db, inserts, oneTransaction, (i) => {
        if (!oneTransaction && i % 500 === 0) progress((0.9 * i) / inserts);
      });
      const ms = now() - t0;
      return { ms, rows: scalar(db, 'SELECT COUNT(*) FROM log'), journalMode: scalar(db, 'PRAGMA journal_mode') };
    } finally {
      db.close();
    }
  };
  const autocommit = run(false);
  const one = run(true);
  return { inserts, autocommit, oneTransaction: one, ratio: autocommit.ms / one.ms };
}
// llplay:end

// llplay:source sql.bank
/** Moves `amount` from Alice to Bob, and (if `crash`) dies between the debit and the credit. */
function bank(SQL, { mode, amount, crash }) {
  const db = new SQL.Database();
  try {
    db.run("CREATE TABLE accounts (name TEXT PRIMARY KEY, balance INTEGER NOT NULL); INSERT INTO accounts VALUES ('Alice', 500), ('Bob', 500)");
    const balances = () => Object.fromEntries(query(db, 'SELECT name, balance FROM accounts ORDER BY name').rows);
    const before = balances();
    const ran = [];
    const exec = (sql, params) => {
      ran.push(params ? `${sql}  -- with ${JSON.stringify(params)}` : sql);
      db.run(sql, params);
    };
    let failure = null;
    try {
      if (mode === 'transaction') exec('BEGIN');
      exec("UPDATE accounts SET balance = balance - ? WHERE name = 'Alice'", [amount]);
      if (crash) throw new Error('the process crashed between the debit and the credit');
      exec("UPDATE accounts SET balance = balance + ? WHERE name = 'Bob'", [amount]);
      if (mode === 'transaction') exec('COMMIT');
    } catch (error) {
      failure = error.message;
      if (mode === 'transaction') exec('ROLLBACK');
    }
    const after = balances();
    const total = (b) => Object.values(b).reduce((x, y) => x + y, 0);
    return { mode, amount, crash, ran, failure, before, after, totalBefore: total(before), totalAfter: total(after), vanished: total(before) - total(after) };
  } finally {
    db.close();
  }
}
// llplay:end

// llplay:source sql.injection
/** The login query, built by concatenation (`concat`) or with parameters (`param`), on the lab database. */
export function login(db, { mode, input, password }) {
  const statements = [];
  let error = null;
  // Whom the name and password typed really belong to, asked with parameters before the login runs
  // (the login may drop the table): a login as anyone else is a bypass.
  let owner = null;
  try {
    owner = scalar(db, 'SELECT name FROM users WHERE name = ? AND password = ?', [input, password]) ?? null;
  } catch {
    // no users table: no name and password are genuine
  }
  try {
    if (mode === 'concat') {
      const sql = `SELECT id, name FROM users WHERE name = '${input}' AND password = '${password}'`;
      for (const stmt of db.iterateStatements(sql)) {  // every statement in the text runs, as with exec()
        const rows = [];
        while (stmt.step()) rows.push(stmt.get());
        statements.push({ sql: stmt.getSQL().trim(), rows });
      }
    } else {
      const sql = 'SELECT id, name FROM users WHERE name = ? AND password = ?';
      const { rows } = query(db, sql, [input, password]);  // the text is bound as a value, never parsed
      statements.push({ sql, bound: [input, password], rows });
    }
  } catch (e) {
    error = e.message;
  }
  const survived = scalar(db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'users'") === 1;
  const first = statements[0]?.rows ?? [];
  for (const s of statements) s.rowCount = s.rows.length, s.rows = s.rows.slice(0, 20);  // a bypass can list every user
  const loggedInAs = first.length ? first[0][1] : null;
  return {
    mode, statements, error, usersTableSurvived: survived, loggedInAs,
    bypassed: loggedInAs !== null && loggedInAs !== owner,  // logged in without that user's password
    users: survived ? scalar(db, 'SELECT COUNT(*) FROM users') : 0,
  };
}
// llplay:end

// llplay:source sql.joins
export const JOINS = {
  inner: 'SELECT warriors.name AS warrior, weapons.name AS weapon FROM warriors INNER JOIN weapons ON warriors.weapon_id = weapons.id',
  left: 'SELECT warriors.name AS warrior, weapons.name AS weapon FROM warriors LEFT JOIN weapons ON warriors.weapon_id = weapons.id',
  right: 'SELECT warriors.name AS warrior, weapons.name AS weapon FROM warriors RIGHT JOIN weapons ON warriors.weapon_id = weapons.id',
  full: 'SELECT warriors.name AS warrior, weapons.name AS weapon FROM warriors FULL OUTER JOIN weapons ON warriors.weapon_id = weapons.id',
};

function joins(SQL, { join }) {
  const db = new SQL.Database();
  try {
    db.run(`CREATE TABLE weapons (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
      INSERT INTO weapons VALUES (1, 'Sword'), (2, 'Bow'), (3, 'Axe'), (4, 'Staff');
      CREATE TABLE warriors (id INTEGER PRIMARY KEY, name TEXT NOT NULL, weapon_id INTEGER REFERENCES weapons(id));
      INSERT INTO warriors VALUES (1, 'Aragorn', 1), (2, 'Legolas', 2), (3, 'Gimli', 3), (4, 'Frodo', NULL);`);
    const out = {};
    for (const [kind, sql] of Object.entries(JOINS)) {
      if (join !== 'all' && join !== kind) continue;
      try {
        out[kind] = { sql, ...query(db, `${sql} ORDER BY warriors.id IS NULL, warriors.id, weapons.id`) };
      } catch (error) {
        out[kind] = { sql, error: error.message };  // SQLite before 3.39: RIGHT and FULL OUTER JOIN are not supported
      }
    }
    return {
      sqliteVersion: scalar(db, 'SELECT sqlite_version()'),
      warriors: query(db, 'SELECT id, name, weapon_id FROM warriors ORDER BY id').rows,
      weapons: query(db, 'SELECT id, name FROM weapons ORDER BY id').rows,
      joins: out,
    };
  } finally {
    db.close();
  }
}
// llplay:end

// llplay:source sql.console
const MAX_ROWS = 500;

/** Runs each statement of `sql` in turn on the lab database: its rows (up to 500) and its time. Stops at an error. */
export function console_(db, { sql }) {
  const results = [];
  try {
    for (const stmt of db.iterateStatements(sql)) {
      const changedBefore = scalar(db, 'SELECT total_changes()');  // sqlite3_changes() keeps the last INSERT's count through DDL
      const t0 = now();
      const rows = [];
      let count = 0;
      while (stmt.step()) if (count++ < MAX_ROWS) rows.push(stmt.get());
      const ms = now() - t0;
      const columns = stmt.getColumnNames();
      results.push({ sql: stmt.getSQL().trim(), columns, rows, rowCount: count, truncated: count > MAX_ROWS, changes: columns.length ? null : scalar(db, 'SELECT total_changes()') - changedBefore, ms });
    }
  } catch (error) {
    results.push({ error: error.message });
  }
  return { results };
}
// llplay:end

/** The file bytes of an SQLite database begin with this. */
const MAGIC = 'SQLite format 3\0';

export const LAB_DATABASE = { users: 1000, tasksPerUser: 3, seed: 1 };

/** The lab: the lab database, and every demo by id. */
export function createLab(SQL) {
  let db = null;
  let injected = false;  // the injection demo dropped this lab database's users table
  /** Makes `next` the lab database, in place of the one before. */
  const use = (next) => {
    db?.close();
    db = next;
    injected = false;
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
      if (bytes.length < 512 || head !== MAGIC) throw Object.assign(new Error('this file is not an SQLite database (it does not begin with "SQLite format 3")'), { code: 'ParseError' });
      const opened = new SQL.Database(bytes);
      try {
        const tables = query(opened, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").rows.map((r) => r[0]);
        use(opened);
        return { tables, bytes: bytes.length };
      } catch (error) {
        opened.close();
        throw Object.assign(new Error(`SQLite could not read this file: ${error.message}`), { code: 'ParseError' });
      }
    },
    run(id, params, progress = () => {}) {
      switch (id) {
        case 'sql.generate': {
          use(new SQL.Database());
          const made = generate(db, params, progress);
          return { ...made, sqliteVersion: lab.sqliteVersion, sample: query(db, 'SELECT users.id, users.name, users.email, COUNT(tasks.id) AS tasks FROM users LEFT JOIN tasks ON tasks.user_id = users.id GROUP BY users.id ORDER BY users.id LIMIT 5'), fileBytes: scalar(db, 'SELECT page_count * page_size FROM pragma_page_count, pragma_page_size') };
        }
        case 'sql.n-plus-one': return nPlusOne(SQL, params, progress);
        case 'sql.n-plus-one-sweep': return nPlusOneSweep(SQL, params, progress);
        case 'sql.index': return indexDemo(SQL, params, progress);
        case 'sql.index-sweep': return indexSweep(SQL, params, progress);
        case 'sql.write-penalty': return writePenalty(SQL, params, progress);
        case 'sql.transactions': return transactions(SQL, params, progress);
        case 'sql.bank': return bank(SQL, params);
        case 'sql.injection': {
          const had = hasTable(db, 'users');
          const r = login(db, params);
          if (had && !r.usersTableSurvived) injected = true;
          return r;
        }
        case 'sql.joins': return joins(SQL, params);
        case 'sql.console': {
          const r = console_(db, params);
          // The console's default query reads users: say why it is gone, rather than only "no such table".
          if (injected && !hasTable(db, 'users')) r.usersDroppedByInjection = true;
          return r;
        }
        default: throw Object.assign(new Error(`no SQL demo has the id '${id}'`), { code: 'UnknownDemo' });
      }
    },
  };
  lab.reset();
  return lab;
}
