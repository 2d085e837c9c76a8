// The SQL lab on the page: Day 18's fatal database mistakes, run for real on sql.js in the learner's browser.
import { h, fill, table, errorBox } from '../../dom.js';
import { fmt, duration, us } from '../../format.js';
import { chart } from '../../chart.js';
import { resetDatabase, exportDatabase, openDatabase } from './host.js';

const code = (text) => h('pre', { class: 'sql' }, text);
const rowsTable = (columns, rows, caption) =>
  table(
    rows.map((r) => Object.fromEntries(r.map((v, i) => [i, v === null ? 'NULL' : v]))),
    columns.map((c, i) => [i, c]),
    caption,
  );

function renderGenerate(r, el) {
  fill(
    el,
    h(
      'p',
      { class: 'big' },
      `${fmt(r.users)} users, ${fmt(r.tasks)} tasks, ${fmt(r.warriors)} warriors, ${r.weapons} weapons in ${duration(r.ms)}.`,
    ),
    h(
      'p',
      {},
      `The file is ${fmt(r.fileBytes / 1024)} KiB. SQLite ${r.sqliteVersion}, running in this tab. This is now the lab database: the injection demo and the console use it.`,
    ),
    rowsTable(r.sample.columns, r.sample.rows, 'the first users'),
  );
}

function renderNPlusOne(r, el) {
  fill(
    el,
    table(
      [
        {
          how: 'N+1: the users, then a query per user',
          queries: fmt(r.loop.queries),
          rows: fmt(r.loop.rows),
          time: duration(r.loop.ms),
          per: us(r.loop.perQueryUs),
        },
        { how: 'one JOIN', queries: 1, rows: fmt(r.join.rows), time: duration(r.join.ms), per: us(r.join.ms * 1000) },
      ],
      [
        ['how', `${fmt(r.users)} users, ${fmt(r.tasks)} tasks`],
        ['queries', 'queries'],
        ['rows', 'task rows'],
        ['time', 'time'],
        ['per', 'per query'],
      ],
    ),
    h(
      'p',
      { class: r.same ? 'big ok' : 'note warn' },
      r.same ? `Same answer, ${(r.loop.ms / r.join.ms).toFixed(1)}× the time.` : 'The two answers differ!',
    ),
    h(
      'p',
      {},
      `Every one of the N+1 queries pays a fixed cost (${us(r.loop.perQueryUs)} here, with the statement already prepared): binding, a pass through the query planner's program, crossing into wasm and back. ` +
        'Against a database server each would also wait for a network round trip; the JOIN pays these once.',
    ),
    h('h3', {}, 'The queries'),
    code(`${r.sql.first}\n-- then, once per user:\n${r.sql.each}`),
    code(r.sql.join),
  );
}

function sweepChart(r, figure) {
  return chart(figure, {
    title: "Time to fetch every user's tasks, by number of users",
    x: r.rows.map((row) => row.users),
    series: [
      { label: 'N+1 queries', values: r.rows.map((row) => row.loopMs) },
      { label: 'one JOIN', values: r.rows.map((row) => row.joinMs) },
    ],
    xLabel: 'users',
    yLabel: 'ms',
    logX: true,
    logY: true,
    summary:
      r.rows
        .map(
          (row) =>
            `${fmt(row.users)} users: N+1 ${duration(row.loopMs)} (${fmt(row.loopQueries)} queries), JOIN ${duration(row.joinMs)}`,
        )
        .join('; ') + '.',
  });
}

function renderSweep(r, el) {
  fill(
    el,
    table(
      r.rows.map((row) => ({
        users: fmt(row.users),
        loop: duration(row.loopMs),
        queries: fmt(row.loopQueries),
        join: duration(row.joinMs),
        ratio: `${(row.loopMs / row.joinMs).toFixed(1)}×`,
        same: row.same ? 'yes' : 'NO',
      })),
      [
        ['users', 'users'],
        ['loop', 'N+1'],
        ['queries', 'its queries'],
        ['join', 'JOIN'],
        ['ratio', 'N+1 / JOIN'],
        ['same', 'same rows'],
      ],
    ),
  );
}

function renderIndex(r, el) {
  const depths = (d) => d.trees.map((t) => `${t.type} ${t.name}: ${t.depth} level${t.depth > 1 ? 's' : ''}`).join('; ');
  fill(
    el,
    table(
      [
        { when: 'no index', plan: r.before.plan.join(' / '), per: us(r.before.perLookupUs), n: fmt(r.before.lookups) },
        {
          when: `after CREATE INDEX (${duration(r.createIndexMs)})`,
          plan: r.after.plan.join(' / '),
          per: us(r.after.perLookupUs),
          n: fmt(r.after.lookups),
        },
      ],
      [
        ['when', `${fmt(r.rows)} rows`],
        ['plan', 'EXPLAIN QUERY PLAN'],
        ['per', 'per lookup'],
        ['n', 'lookups timed'],
      ],
    ),
    h('p', { class: 'big ok' }, `${fmt(r.speedup)}× faster with the index.`),
    h(
      'p',
      {},
      `SCAN reads every row for each lookup: time grows with the table (O(N)). SEARCH … USING INDEX walks a B-tree from its root to one leaf: time grows with the tree's depth (O(log N)).`,
    ),
    code(r.sql),
    h('h3', {}, 'The B-trees'),
    h(
      'p',
      {},
      `Read from the database file's own pages (${fmt(r.depthsAfter.pages)} pages of ${r.depthsAfter.pageSize} bytes): ${depths(r.depthsAfter)}. Before the index: ${depths(r.depthsBefore)}.`,
    ),
    h('p', { class: 'note' }, pageTablesNote(r)),
  );
}

/** What the probes found: SQLite reports page details only through dbstat and sqlite_dbpage, both optional. */
function pageTablesNote(r) {
  const names = Object.keys(r.pageTables);
  const found = names.filter((n) => r.pageTables[n]);
  const missing = names.filter((n) => !r.pageTables[n]);
  const walk = "following each tree's right-most child pointers from its root page down to a leaf";
  if (!found.length)
    return `The sql.js build of SQLite ${r.sqliteVersion} has neither ${missing.join(' nor ')} (both are compile-time options), so the depth is read by ${walk}.`;
  return `This build of SQLite ${r.sqliteVersion} has ${found.join(' and ')}${missing.length ? ` but no ${missing.join(' or ')}` : ''}. The depths above are read the same way on any build: by ${walk}.`;
}

function indexChart(r, figure) {
  return chart(figure, {
    title: 'Time per lookup by email, by table size',
    x: r.rows.map((row) => row.rows),
    series: [
      { label: 'no index (SCAN)', values: r.rows.map((row) => row.scanUs) },
      { label: 'index (SEARCH)', values: r.rows.map((row) => row.indexUs) },
    ],
    xLabel: 'rows',
    yLabel: 'µs per lookup',
    logX: true,
    logY: true,
    summary:
      r.rows.map((row) => `${fmt(row.rows)} rows: scan ${us(row.scanUs)}, index ${us(row.indexUs)}`).join('; ') +
      '.' +
      growth(r.rows),
  });
}

/** How the smallest table's figures grew to the largest's, from what was measured. */
function growth(rows) {
  if (rows.length < 2) return '';
  const [first, last] = [rows[0], rows.at(-1)];
  const times = (a, b) => `×${fmt(b / a)}`;
  return ` From ${fmt(first.rows)} to ${fmt(last.rows)} rows (${times(first.rows, last.rows)}), the time per lookup grew ${times(first.scanUs, last.scanUs)} with a scan and ${times(first.indexUs, last.indexUs)} with the index.`;
}

function renderIndexSweep(r, el) {
  fill(
    el,
    table(
      r.rows.map((row) => ({
        rows: fmt(row.rows),
        scan: us(row.scanUs),
        index: us(row.indexUs),
        ratio: `${fmt(row.scanUs / row.indexUs)}×`,
      })),
      [
        ['rows', 'rows'],
        ['scan', 'no index'],
        ['index', 'with index'],
        ['ratio', 'ratio'],
      ],
    ),
  );
}

function penaltyChart(r, figure) {
  return chart(figure, {
    title: `Inserting ${fmt(r.rows)} rows, by number of indexes`,
    x: r.results.map((_, i) => i),
    categories: r.results.map((x) => String(x.indexes)),
    series: [{ label: 'rows per second', values: r.results.map((x) => x.rowsPerSecond) }],
    xLabel: 'indexes',
    yLabel: 'rows per second',
    bars: true,
    summary:
      r.results
        .map((x) => `${x.indexes} index${x.indexes === 1 ? '' : 'es'}: ${fmt(x.rowsPerSecond)} rows/s`)
        .join('; ') + '.',
  });
}

function renderPenalty(r, el) {
  const base = r.results[0];
  // Slower than no index only if even its fastest run is slower than no index's slowest: else too close to call.
  const verdict = (x) =>
    x.indexes === 0
      ? ''
      : x.time.minMs > base.time.maxMs
        ? 'slower'
        : x.time.maxMs < base.time.minMs
          ? 'faster'
          : 'too close to call';
  fill(
    el,
    table(
      r.results.map((x) => ({
        k: x.indexes,
        time: `${duration(x.time.medianMs)} (${duration(x.time.minMs)}–${duration(x.time.maxMs)})`,
        rate: fmt(x.rowsPerSecond, 0),
        rel: `${((100 * x.rowsPerSecond) / base.rowsPerSecond).toFixed(0)}%`,
        verdict: verdict(x),
      })),
      [
        ['k', 'indexes'],
        ['time', 'time: median (fastest–slowest)'],
        ['rate', 'rows per second'],
        ['rel', 'of no index'],
        ['verdict', 'against no index'],
      ],
      `${fmt(r.rows)} inserts per run; after a warm-up, each index count ran ${r.rounds} times, in a rotating order`,
    ),
    h(
      'p',
      { class: 'note' },
      'Every index is one more B-tree that each INSERT must update. Index what you look up, not everything.',
    ),
  );
}

function renderTransactions(r, el) {
  fill(
    el,
    table(
      [
        {
          how: 'autocommit: each INSERT its own transaction',
          time: duration(r.autocommit.ms),
          per: us((1000 * r.autocommit.ms) / r.inserts),
          rows: fmt(r.autocommit.rows),
        },
        {
          how: 'BEGIN … COMMIT around all of them',
          time: duration(r.oneTransaction.ms),
          per: us((1000 * r.oneTransaction.ms) / r.inserts),
          rows: fmt(r.oneTransaction.rows),
        },
      ],
      [
        ['how', `${fmt(r.inserts)} inserts`],
        ['time', 'time'],
        ['per', 'per insert'],
        ['rows', 'rows'],
      ],
    ),
    h('p', { class: 'big ok' }, `One transaction: ${fmt(r.ratio)}× faster.`),
    h(
      'p',
      { class: 'note' },
      `Each commit writes and deletes a rollback journal (journal_mode = ${r.autocommit.journalMode}) and, on a real disk, waits for fsync. ` +
        "Here the file lives in the tab's memory, so this measures the journal work alone; on a disk the gap is wider.",
    ),
  );
}

function renderBank(r, el) {
  const balances = (b) =>
    Object.entries(b)
      .map(([k, v]) => `${k} ${fmt(v)}`)
      .join(', ');
  const lost = r.vanished !== 0;
  fill(
    el,
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'before'),
      h('dd', {}, `${balances(r.before)}: total ${fmt(r.totalBefore)}`),
      h('dt', {}, 'what happened'),
      h('dd', {}, r.failure ?? 'the transfer completed'),
      h('dt', {}, 'after'),
      h('dd', {}, `${balances(r.after)}: total ${fmt(r.totalAfter)}`),
    ),
    h(
      'p',
      { class: lost ? 'big note warn' : 'big ok' },
      lost
        ? `${fmt(r.vanished)} vanished: the debit was committed on its own, and the credit never ran.`
        : r.failure
          ? 'ROLLBACK undid the debit: the books balance.'
          : 'Both updates ran: the books balance.',
    ),
    h('h3', {}, 'The statements that ran'),
    code(r.ran.join('\n')),
  );
}

/** A button that puts the lab database back to the generated default, and says so. */
function resetControl() {
  const said = h('span', { class: 'status', role: 'status' });
  const reset = h(
    'button',
    {
      type: 'button',
      onclick: async () => {
        reset.disabled = true;
        try {
          const made = await resetDatabase();
          said.textContent = `The lab database is back: ${fmt(made.users)} users. Run again.`;
        } catch (error) {
          said.textContent = `Could not reset: ${error.message}`;
        } finally {
          reset.disabled = false;
        }
      },
    },
    'Reset the database',
  );
  return h('div', { class: 'stepper' }, reset, said);
}

function renderInjection(r, el) {
  const verdict = r.usersTableSurvived
    ? h('p', { class: 'big ok' }, `The users table survived (${fmt(r.users)} users).`)
    : h('p', { class: 'big note warn' }, "The users table is gone: the attacker's text ran as SQL.");
  fill(
    el,
    verdict,
    h(
      'p',
      {},
      !r.loggedInAs
        ? 'Login failed: no user matched.'
        : r.bypassed
          ? `Logged in as ${r.loggedInAs}, without knowing ${r.loggedInAs}'s password: the text typed changed the query.`
          : `Logged in as ${r.loggedInAs}: the name and the password matched.`,
    ),
    r.error ? h('p', { class: 'error-text' }, `SQLite: ${r.error}`) : null,
    h(
      'h3',
      {},
      r.mode === 'concat'
        ? `The SQL that ran (${r.statements.length} statement${r.statements.length === 1 ? '' : 's'})`
        : 'The SQL that ran, and the values bound to it',
    ),
    r.statements.map((s) => [
      code(s.sql),
      s.bound ? h('p', { class: 'note' }, 'bound: ', s.bound.map((b) => JSON.stringify(b)).join(', ')) : null,
      s.rows.length ? rowsTable(['id', 'name'], s.rows, `${fmt(s.rowCount)} row(s)`) : null,
    ]),
    h(
      'p',
      { class: 'note' },
      r.mode === 'concat'
        ? 'The name was pasted into the SQL text, so its quote ended the string and the rest became SQL. With mode "param" the same text is bound as a value: SQLite never parses it.'
        : 'The text went in as a parameter: SQLite compiled the query before it saw the value, so no value can change what the query does.',
      ' Each run starts from a fresh copy of the lab database, so a DROP here is undone by the next run (the console shows what the last run left).',
    ),
    resetControl(),
  );
}

function joinDiagram(r, kind, result) {
  const names = new Set(result.rows.flatMap((row) => row));
  const mark = (name) => (names.has(name) ? 'in' : 'out');
  return h(
    'div',
    {
      class: 'join-diagram',
      role: 'img',
      'aria-label': `${kind}: warriors kept: ${
        r.warriors
          .filter(([, n]) => names.has(n))
          .map(([, n]) => n)
          .join(', ') || 'none'
      }; weapons kept: ${
        r.weapons
          .filter(([, n]) => names.has(n))
          .map(([, n]) => n)
          .join(', ') || 'none'
      }`,
    },
    h(
      'ul',
      {},
      r.warriors.map(([, name, weapon]) => h('li', { class: mark(name) }, `${name} → ${weapon ?? 'NULL'}`)),
    ),
    h(
      'ul',
      {},
      r.weapons.map(([id, name]) => h('li', { class: mark(name) }, `${id} ${name}`)),
    ),
  );
}

function renderJoins(r, el) {
  const modern = r.sqliteVersion.split('.').map(Number);
  const atLeast339 = modern[0] > 3 || (modern[0] === 3 && modern[1] >= 39);
  fill(
    el,
    h(
      'p',
      {},
      `SQLite ${r.sqliteVersion} (bundled with sql.js). ${atLeast339 ? 'RIGHT and FULL OUTER JOIN work: they arrived in 3.39 (2022).' : 'Before 3.39, so RIGHT and FULL OUTER JOIN fail.'} ` +
        "The series' warning is about older SQLite, such as the one an older Python's sqlite3 module links against: there, swap the tables and use LEFT JOIN.",
    ),
    Object.entries(r.joins).map(([kind, j]) =>
      h(
        'section',
        { class: 'join' },
        h('h3', {}, { inner: 'INNER JOIN', left: 'LEFT JOIN', right: 'RIGHT JOIN', full: 'FULL OUTER JOIN' }[kind]),
        code(j.sql),
        j.error
          ? h('p', { class: 'error-text' }, `SQLite: ${j.error}`)
          : h('div', { class: 'join-row' }, rowsTable(j.columns, j.rows), joinDiagram(r, kind, j)),
      ),
    ),
  );
}

function renderConsole(r, el) {
  const dropped = r.usersDroppedByInjection && r.results.some((s) => s.error);
  fill(
    el,
    dropped
      ? h(
          'div',
          { class: 'dropped' },
          h(
            'p',
            { class: 'note warn' },
            "The users table is gone: the SQL injection demo ran its attacker's DROP TABLE users on this lab database. Reset the database to bring the users back, then run again.",
          ),
          resetControl(),
        )
      : null,
    r.results.map((s) =>
      s.error
        ? errorBox('SQLite', s.error)
        : h(
            'div',
            { class: 'statement' },
            code(s.sql),
            h(
              'p',
              { class: 'note' },
              `${duration(s.ms)} · ${s.columns.length ? `${fmt(s.rowCount)} row(s)${s.truncated ? ', the first 500 shown' : ''}` : `${fmt(s.changes)} row(s) changed`}`,
            ),
            s.columns.length ? rowsTable(s.columns, s.rows) : null,
          ),
    ),
  );
}

/** The console's file actions: download the lab database, open one from disk, reset it. */
function consoleSection(el) {
  const status = h('p', { class: 'status', role: 'status' });
  const say = (text) => (status.textContent = text);
  const download = h(
    'button',
    {
      type: 'button',
      onclick: async () => {
        try {
          const bytes = await exportDatabase();
          const url = URL.createObjectURL(new Blob([bytes], { type: 'application/vnd.sqlite3' }));
          h('a', { href: url, download: 'warriors.sqlite' }).click();
          setTimeout(() => URL.revokeObjectURL(url), 60000);
          say(`Downloaded warriors.sqlite (${fmt(bytes.length / 1024)} KiB).`);
        } catch (error) {
          say(`Could not export: ${error.message}`);
        }
      },
    },
    'Download the database (.sqlite)',
  );
  const picker = h('input', {
    type: 'file',
    accept: '.sqlite,.sqlite3,.db,application/vnd.sqlite3',
    'aria-label': 'open an SQLite database file',
  });
  picker.addEventListener('change', async () => {
    const file = picker.files[0];
    if (!file) return;
    try {
      const opened = await openDatabase(new Uint8Array(await file.arrayBuffer()));
      say(`Opened ${file.name}: tables ${opened.tables.join(', ') || '(none)'}.`);
    } catch (error) {
      say(`Could not open ${file.name}: ${error.message}`);
    }
    picker.value = '';
  });
  const reset = h(
    'button',
    {
      type: 'button',
      onclick: async () => {
        try {
          const made = await resetDatabase();
          say(`Reset: ${fmt(made.users)} users, ${fmt(made.tasks)} tasks.`);
        } catch (error) {
          say(`Could not reset: ${error.message}`);
        }
      },
    },
    'Reset',
  );
  fill(
    el,
    h('h3', {}, 'The lab database'),
    h('div', { class: 'stepper' }, download, h('label', {}, 'Open a file: ', picker), reset),
    status,
  );
}

export default {
  intro: [
    'Day 18 names the fatal database mistakes: the N+1 crime, the missing index, the forgotten commit, SQL built from strings. ' +
      'Here each one runs on a real SQLite, sql.js, compiled to wasm and loaded into this tab only when you open this lab.',
  ],
  demos: {
    'sql.generate': {
      render: renderGenerate,
      python: `import sqlite3, random
db = sqlite3.connect("warriors.db")
db.executescript("""CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, email TEXT, password TEXT);
CREATE TABLE tasks (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users(id), title TEXT, done INTEGER);""")
with db:   # one transaction for all the inserts
    db.executemany("INSERT INTO users VALUES (?, ?, ?, ?)", rows)`,
    },
    'sql.n-plus-one': {
      render: renderNPlusOne,
      python: `users = db.execute("SELECT id, name FROM users").fetchall()
for user_id, name in users:                          # the N+1 crime
    tasks = db.execute("SELECT title, done FROM tasks WHERE user_id = ?", (user_id,)).fetchall()

rows = db.execute("""SELECT users.id, users.name, tasks.title, tasks.done
    FROM users LEFT JOIN tasks ON tasks.user_id = users.id""").fetchall()   # one query`,
    },
    'sql.n-plus-one-sweep': { render: renderSweep, chart: sweepChart },
    'sql.index': {
      render: renderIndex,
      python: `db.execute("EXPLAIN QUERY PLAN SELECT id FROM people WHERE email = ?", (e,)).fetchall()
# [(2, 0, 0, 'SCAN people')]
db.execute("CREATE INDEX people_by_email ON people(email)")
# [(3, 0, 0, 'SEARCH people USING INDEX people_by_email (email=?)')]`,
    },
    'sql.index-sweep': { render: renderIndexSweep, chart: indexChart },
    'sql.write-penalty': { render: renderPenalty, chart: penaltyChart },
    'sql.transactions': {
      render: renderTransactions,
      python: `for i in range(10_000):
    db.execute("INSERT INTO log (message) VALUES (?)", (f"event {i}",))
    db.commit()            # a transaction per insert: slow

with db:                   # one transaction: BEGIN ... COMMIT
    for i in range(10_000):
        db.execute("INSERT INTO log (message) VALUES (?)", (f"event {i}",))`,
    },
    'sql.bank': {
      render: renderBank,
      python: `try:
    with db:   # BEGIN; COMMIT on success, ROLLBACK on an exception
        db.execute("UPDATE accounts SET balance = balance - ? WHERE name = 'Alice'", (100,))
        raise RuntimeError("crash")            # between the debit and the credit
        db.execute("UPDATE accounts SET balance = balance + ? WHERE name = 'Bob'", (100,))
except RuntimeError:
    pass       # Alice still has her 100`,
    },
    'sql.injection': {
      render: renderInjection,
      python: `name = "x'; DROP TABLE users; --"
db.executescript(f"SELECT * FROM users WHERE name = '{name}'")   # runs the DROP
db.execute("SELECT * FROM users WHERE name = ?", (name,))        # only data`,
    },
    'sql.joins': {
      render: renderJoins,
      python: `import sqlite3
print(sqlite3.sqlite_version)   # RIGHT and FULL OUTER JOIN need 3.39+`,
    },
    'sql.console': {
      render: renderConsole,
      section: consoleSection,
      // A recursive query from a link may never end: it waits for the reader's Run (see whyWait in demo.js).
      cost: ({ sql }) =>
        /\bRECURSIVE\b/i.test(sql ?? '') ? 'a recursive query (WITH RECURSIVE), which may not end' : null,
    },
  },
};
