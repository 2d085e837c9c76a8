// The SQL lab's demos, one function each: (SQL, params, progress) -> result. Params arrive already validated
// by the C++ registry; each demo builds a fresh database of its own unless it works on the lab database.
import {
  btreeDepths,
  fillPeople,
  generate,
  inTransaction,
  now,
  pageTables,
  plan,
  query,
  random,
  scalar,
} from './database.js';

// llplay:source sql.generate sql.n-plus-one sql.n-plus-one-sweep
/** The N+1 crime: the users, then one more query per user for their tasks. */
export function nPlusOneLoop(db, progress = () => {}) {
  const t0 = now();
  const users = query(db, 'SELECT id, name FROM users ORDER BY id').rows; // query 1
  const tasksOf = db.prepare('SELECT title, done FROM tasks WHERE user_id = ? ORDER BY id');
  let queries = 1,
    rows = 0,
    checksum = 0;
  for (const [id] of users) {
    tasksOf.bind([id]); // queries 2 … N+1: one round trip each
    while (tasksOf.step()) (rows++, (checksum = (checksum + id * 31 + tasksOf.get()[1]) % 1e9));
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
  let rows = 0,
    checksum = 0;
  while (stmt.step()) {
    const [id, , , done] = stmt.get();
    if (done !== null) (rows++, (checksum = (checksum + id * 31 + done) % 1e9));
  }
  stmt.free();
  return { queries: 1, rows, checksum, ms: now() - t0 };
}
export const JOIN_SQL =
  'SELECT users.id, users.name, tasks.title, tasks.done FROM users LEFT JOIN tasks ON tasks.user_id = users.id ORDER BY users.id, tasks.id';
// llplay:end

export function nPlusOne(SQL, params, progress) {
  const db = new SQL.Database();
  try {
    const data = generate(db, params, (f) => progress(0.5 * f));
    const loop = nPlusOneLoop(db, (f) => progress(0.5 + 0.45 * f));
    const join = joinOnce(db);
    return {
      users: data.users,
      tasks: data.tasks,
      generateMs: data.ms,
      loop: { ...loop, perQueryUs: (1000 * loop.ms) / loop.queries },
      join,
      same: loop.rows === join.rows && loop.checksum === join.checksum,
      sql: {
        first: 'SELECT id, name FROM users ORDER BY id',
        each: 'SELECT title, done FROM tasks WHERE user_id = ? ORDER BY id',
        join: JOIN_SQL,
      },
    };
  } finally {
    db.close();
  }
}

export function nPlusOneSweep(SQL, { maxUsers }, progress) {
  const sizes = [];
  for (let n = 10; n <= maxUsers; n *= 10) sizes.push(n);
  const total = sizes.reduce((a, b) => a + b, 0);
  let done = 0;
  const rows = sizes.map((users) => {
    const r = nPlusOne(SQL, { users, tasksPerUser: 3, seed: 1 }, (f) => progress((done + f * users) / total));
    done += users;
    return {
      users,
      loopMs: r.loop.ms,
      joinMs: r.join.ms,
      loopQueries: r.loop.queries,
      perQueryUs: r.loop.perQueryUs,
      same: r.same,
    };
  });
  return { rows };
}

// llplay:source sql.index sql.index-sweep
const LOOKUP = 'SELECT id, name FROM people WHERE email = ?';

/** Times `count` lookups by email (ones that exist, picked at random): µs per lookup. */
function timeLookups(db, count, rnd, rows) {
  const emails = [];
  for (let i = 0; i < count; i++)
    emails.push(scalar(db, 'SELECT email FROM people WHERE id = ?', [1 + Math.floor(rnd() * rows)]));
  const stmt = db.prepare(LOOKUP);
  for (const email of emails.slice(0, 20)) (stmt.bind([email]), stmt.step(), stmt.reset()); // warm up, untimed
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

export function indexDemo(SQL, { rows, lookups }, progress) {
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
      rows,
      lookups,
      sql: LOOKUP,
      before,
      after,
      createIndexMs,
      speedup: before.perLookupUs / after.perLookupUs,
      pageTables: pageTables(db),
      depthsBefore,
      depthsAfter: btreeDepths(db),
      sqliteVersion: scalar(db, 'SELECT sqlite_version()'),
    };
  } finally {
    db.close();
  }
}

export function indexSweep(SQL, { maxRows }, progress) {
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
      const scans = Math.max(3, Math.min(300, Math.floor(3e6 / rows))); // enough to time, not too slow
      // Each timed three times (the first run of a statement on a new table size is cold): the median.
      const median = (f) => spread([f(), f(), f()]).medianMs;
      const scanUs = median(() => timeLookups(db, scans, rnd, rows).perLookupUs);
      db.run('CREATE INDEX people_by_email ON people(email)');
      const indexUs = median(() => timeLookups(db, 2000, rnd, rows).perLookupUs);
      db.run('DROP INDEX people_by_email');
      out.push({ rows, scanUs, indexUs });
      progress(rows / largest);
    }
    return { rows: out };
  } finally {
    db.close();
  }
}
// llplay:end

// llplay:source sql.write-penalty
/** The median, fastest and slowest of some timings (ms). */
export function spread(times) {
  const sorted = [...times].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return {
    medianMs: sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2,
    minMs: sorted[0],
    maxMs: sorted.at(-1),
    runs: sorted.length,
  };
}

export function writePenalty(SQL, { rows }, progress) {
  const columns = ['a', 'b', 'c', 'd', 'e'];
  const counts = [0, 1, 2, 4];
  const rounds = 3;
  /** `rows` inserts into a fresh table with `indexes` indexes, in one transaction: its time, and what it holds. */
  const insertRun = (indexes, rows, report = () => {}) => {
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
          if (r % 10000 === 0) report(r / rows);
        }
        insert.free();
      });
      const ms = now() - t0;
      return {
        ms,
        // What the database holds afterwards: the indexes on t, and the rows in the table and in each index.
        indexesPresent: scalar(db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 't'"),
        rowsInserted: scalar(db, 'SELECT COUNT(*) FROM t'),
        indexEntries: columns
          .slice(0, indexes)
          .map((c) => scalar(db, `SELECT COUNT(*) FROM t INDEXED BY t_${c} WHERE ${c} IS NOT NULL`)),
      };
    } finally {
      db.close();
    }
  };
  // A warm-up (sql.js compiles lazily; the first inserts of a page are slow), then rounds in a rotating order,
  // so that neither a cold start nor a busy moment lands on one index count only.
  for (const indexes of counts) insertRun(indexes, Math.min(rows, 2000));
  const times = new Map(counts.map((k) => [k, []]));
  const last = new Map();
  for (let round = 0; round < rounds; round++) {
    counts.forEach((_, i) => {
      const indexes = counts[(i + round) % counts.length];
      const step = round * counts.length + i;
      const r = insertRun(indexes, rows, (f) => progress((step + f) / (rounds * counts.length)));
      times.get(indexes).push(r.ms);
      last.set(indexes, r);
      progress((step + 1) / (rounds * counts.length));
    });
  }
  const results = counts.map((indexes) => {
    const { ms, ...held } = last.get(indexes);
    const time = spread(times.get(indexes));
    return { indexes, ms: time.medianMs, time, rowsPerSecond: (rows / time.medianMs) * 1000, ...held };
  });
  return { rows, rounds, results };
}
// llplay:end

// llplay:source sql.transactions
export const LOG_SCHEMA = 'CREATE TABLE log (id INTEGER PRIMARY KEY, message TEXT NOT NULL)';

/** `inserts` rows into the log: each in a transaction of its own (autocommit), or all in one. `after(i)` follows insert i. */
export function insertLog(db, inserts, oneTransaction, after = () => {}) {
  const insert = db.prepare('INSERT INTO log (message) VALUES (?)');
  if (oneTransaction) db.run('BEGIN');
  for (let i = 0; i < inserts; i++) {
    insert.run([`event ${i}`]); // in autocommit mode, each is a transaction of its own
    after(i);
  }
  if (oneTransaction) db.run('COMMIT');
  insert.free();
}

export function transactions(SQL, { inserts }, progress) {
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
export function bank(SQL, { mode, amount, crash }) {
  const db = new SQL.Database();
  try {
    db.run(
      "CREATE TABLE accounts (name TEXT PRIMARY KEY, balance INTEGER NOT NULL); INSERT INTO accounts VALUES ('Alice', 500), ('Bob', 500)",
    );
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
    return {
      mode,
      amount,
      crash,
      ran,
      failure,
      before,
      after,
      totalBefore: total(before),
      totalAfter: total(after),
      vanished: total(before) - total(after),
    };
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
      for (const stmt of db.iterateStatements(sql)) {
        // every statement in the text runs, as with exec()
        const rows = [];
        while (stmt.step()) rows.push(stmt.get());
        statements.push({ sql: stmt.getSQL().trim(), rows });
      }
    } else {
      const sql = 'SELECT id, name FROM users WHERE name = ? AND password = ?';
      const { rows } = query(db, sql, [input, password]); // the text is bound as a value, never parsed
      statements.push({ sql, bound: [input, password], rows });
    }
  } catch (e) {
    error = e.message;
  }
  const survived = scalar(db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'users'") === 1;
  const first = statements[0]?.rows ?? [];
  for (const s of statements) ((s.rowCount = s.rows.length), (s.rows = s.rows.slice(0, 20))); // a bypass can list every user
  const loggedInAs = first.length ? first[0][1] : null;
  return {
    mode,
    statements,
    error,
    usersTableSurvived: survived,
    loggedInAs,
    bypassed: loggedInAs !== null && loggedInAs !== owner, // logged in without that user's password
    users: survived ? scalar(db, 'SELECT COUNT(*) FROM users') : 0,
  };
}
// llplay:end

// llplay:source sql.joins
export const JOINS = {
  inner:
    'SELECT warriors.name AS warrior, weapons.name AS weapon FROM warriors INNER JOIN weapons ON warriors.weapon_id = weapons.id',
  left: 'SELECT warriors.name AS warrior, weapons.name AS weapon FROM warriors LEFT JOIN weapons ON warriors.weapon_id = weapons.id',
  right:
    'SELECT warriors.name AS warrior, weapons.name AS weapon FROM warriors RIGHT JOIN weapons ON warriors.weapon_id = weapons.id',
  full: 'SELECT warriors.name AS warrior, weapons.name AS weapon FROM warriors FULL OUTER JOIN weapons ON warriors.weapon_id = weapons.id',
};

export function joins(SQL, { join }) {
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
        out[kind] = { sql, error: error.message }; // SQLite before 3.39: RIGHT and FULL OUTER JOIN are not supported
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
      const changedBefore = scalar(db, 'SELECT total_changes()'); // sqlite3_changes() keeps the last INSERT's count through DDL
      const t0 = now();
      const rows = [];
      let count = 0;
      while (stmt.step()) if (count++ < MAX_ROWS) rows.push(stmt.get());
      const ms = now() - t0;
      const columns = stmt.getColumnNames();
      results.push({
        sql: stmt.getSQL().trim(),
        columns,
        rows,
        rowCount: count,
        truncated: count > MAX_ROWS,
        changes: columns.length ? null : scalar(db, 'SELECT total_changes()') - changedBefore,
        ms,
      });
    }
  } catch (error) {
    results.push({ error: error.message });
  }
  return { results };
}
// llplay:end
