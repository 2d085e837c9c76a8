// The SQL lab's database helpers, on sql.js (SQLite compiled to wasm): a deterministic PRNG, queries as
// arrays, transactions, the series' schema and its generator, and what EXPLAIN and the page tables show.

export const now = () => performance.now();

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

export const FIRST = [
  'Ana',
  'Bo',
  'Chen',
  'Dara',
  'Eli',
  'Femi',
  'Gus',
  'Hana',
  'Ivo',
  'Juno',
  'Kai',
  'Lea',
  'Milo',
  'Nia',
  'Omar',
  'Pia',
];
export const TASKS = [
  'write tests',
  'fix bug',
  'review PR',
  'deploy',
  'update docs',
  'refactor',
  'profile',
  'plan sprint',
];
export const WEAPONS = ['Sword', 'Bow', 'Axe', 'Staff', 'Dagger', 'Spear', 'Hammer', 'Sling'];

/** Runs `fn` inside BEGIN … COMMIT (ROLLBACK if it throws). */
export function inTransaction(db, fn) {
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
export function query(db, sql, params = []) {
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

export const scalar = (db, sql, params) => query(db, sql, params).rows[0]?.[0];

export const SCHEMA = `CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL, password TEXT NOT NULL);
CREATE TABLE tasks (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id), title TEXT NOT NULL, done INTEGER NOT NULL);
CREATE INDEX tasks_by_user ON tasks(user_id);
CREATE TABLE weapons (id INTEGER PRIMARY KEY, name TEXT NOT NULL, damage INTEGER NOT NULL);
CREATE TABLE warriors (id INTEGER PRIMARY KEY, name TEXT NOT NULL, weapon_id INTEGER REFERENCES weapons(id));`;

// ------------------------------------------------------------------------------------------------
// Indexes

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
    WEAPONS.forEach((name, i) =>
      db.run('INSERT INTO weapons (id, name, damage) VALUES (?, ?, ?)', [i + 1, name, 5 + Math.floor(rnd() * 20)]),
    );
    for (let id = 1; id <= users; id++) {
      const name = `${FIRST[Math.floor(rnd() * FIRST.length)]}${id}`;
      user.run([id, name, `${name.toLowerCase()}@example.com`, Math.floor(rnd() * 2 ** 32).toString(16)]);
      const count = Math.floor(rnd() * (2 * tasksPerUser + 1)); // 0 … 2k tasks: k on average
      for (let k = 0; k < count; k++, tasks++)
        task.run([id, TASKS[Math.floor(rnd() * TASKS.length)], rnd() < 0.5 ? 1 : 0]);
      // A warrior per user; one in eight unarmed, and the last weapons are never picked.
      warrior.run([id, name, rnd() < 0.125 ? null : 1 + Math.floor(rnd() * (WEAPONS.length - 2))]);
      if (id % 10000 === 0) progress(id / users);
    }
    for (const stmt of [user, task, warrior]) stmt.free();
  });
  return { users, tasks, weapons: WEAPONS.length, warriors: users, ms: now() - t0 };
}
// llplay:end

/** EXPLAIN QUERY PLAN's `detail` lines, e.g. "SCAN people" or "SEARCH people USING INDEX … (email=?)". */
export function plan(db, sql) {
  return query(db, `EXPLAIN QUERY PLAN ${sql}`).rows.map((row) => row[3]);
}

/**
 * How deep each B-tree is, read from the database file itself: from its root page follow the
 * right-most child pointer of each interior page (SQLite's file format, section 1.6) down to a leaf.
 */
export function btreeDepths(db) {
  const file = db.export(); // closes and reopens the database: prepared statements do not survive it
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const pageSize = view.getUint16(16) === 1 ? 65536 : view.getUint16(16);
  const depth = (root) => {
    let levels = 0;
    for (let page = root; ; levels++) {
      const at = (page - 1) * pageSize + (page === 1 ? 100 : 0);
      const type = view.getUint8(at);
      if (type === 0x0d || type === 0x0a) return levels + 1; // a leaf of a table or of an index
      if (type !== 0x05 && type !== 0x02) throw new Error(`page ${page} is not a B-tree page (type ${type})`);
      page = view.getUint32(at + 8);
    }
  };
  const trees = query(
    db,
    'SELECT type, name, rootpage FROM sqlite_master WHERE rootpage > 0 ORDER BY rootpage',
  ).rows.map(([type, name, root]) => ({ type, name, depth: depth(root) }));
  return { pageSize, pages: file.byteLength / pageSize, trees };
}

/** Whether this database has a table (or virtual table) by that name. */
export function hasTable(db, name) {
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
export function fillPeople(db, from, to, rnd, progress = () => {}) {
  inTransaction(db, () => {
    const insert = db.prepare('INSERT INTO people (id, email, name) VALUES (?, ?, ?)');
    for (let id = from; id <= to; id++) {
      insert.run([id, `user${id}.${Math.floor(rnd() * 1e6)}@example.com`, `${FIRST[id % FIRST.length]}${id}`]);
      if (id % 10000 === 0) progress((id - from + 1) / (to - from + 1));
    }
    insert.free();
  });
}
