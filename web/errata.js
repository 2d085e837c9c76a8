// The series' errata: each checkable claim with its verdict for every CPython version the playground models.
// Most claims are recomputed here through window.llplay: each names the demo that decides it (embeddable under
// its post), the params per version, and how its result reads as a verdict: reproduced, wrong (with the true
// value), or the same in every version. Four claims no page can run (CPython's own timing, its GIL, its sqlite3
// module) are graded by CPython itself: tests/web/errata_cpython_test.py runs them in each interpreter and writes
// errata-cpython.json, which this module reads (and the test fails when the file disagrees with the interpreters).
// renderErrata() draws every claim (errata.html, through errata-page.js) or one post's (errata.html?post=<slug>,
// and embed.html?errata=<slug> for an <iframe> under the post).
import { h, fill, table, errorBox } from './dom.js';
import { fmt } from './format.js';

export const VERSIONS = ['3.10', '3.11', '3.12', '3.13'];
const CPYTHON_TEST = 'tests/web/errata_cpython_test.py';

const CLAIMS = [
  {
    post: 'Day 19 (IEEE-754)',
    claim: 'sum() of ten 0.1s is not 1.0 (the roundings of += add up)',
    demo: 'float.fsum',
    params: (python) => ({ values: Array(10).fill('0.1'), python }),
    verdict: (r) =>
      r.sum === '1.0'
        ? ['wrong', `sum() gives ${r.sum}: it compensates since 3.12`]
        : ['reproduced', `sum() gives ${r.sum}`],
  },
  {
    post: 'Day 19 (statistics)',
    claim: "the salary table's variance and standard deviation",
    demo: 'float.claims',
    params: (python) => ({ python }),
    verdict: (r) => {
      const c = r.claims[4];
      return [c.verdict === 'reproduced' ? 'reproduced' : 'wrong', `CPython prints ${c.measured}`];
    },
  },
  {
    post: 'Day 19 (IEEE-754)',
    claim: 'adding 0.10 a hundred million times loses about nineteen cents',
    demo: 'float.claims',
    params: (python) => ({ python }),
    verdict: (r) => [r.claims[1].verdict === 'reproduced' ? 'reproduced' : 'wrong', `it loses ${r.claims[1].measured}`],
  },
  {
    post: 'Day 19 (IEEE-754)',
    claim: 'Decimal is "10x to 100x slower" than float',
    demo: 'decimal.cost',
    cpython: 'decimal-cost', // timeit in each interpreter: a page has no CPython to time
  },
  {
    post: 'Day 16 (generators)',
    claim: 'a generator takes 104 bytes, whatever it yields',
    demo: 'memory.lazy',
    params: (python) => ({ n: 1000, python }),
    verdict: (r) =>
      r.cpython.lazy.generatorBytes === 104
        ? ['reproduced', 'sys.getsizeof: 104']
        : ['wrong', `sys.getsizeof gives ${r.cpython.lazy.generatorBytes}: since 3.11 the generator holds its frame`],
  },
  {
    post: 'Memory notes (__slots__)',
    claim: '__slots__ saves ~100 bytes per object (here: 3 attributes)',
    demo: 'memory.layouts',
    params: (python) => ({ n: 1000, attrs: 3, python }),
    verdict: (r) => {
      const dict = r.dict.cpython.bytesPerObject,
        slots = r.slots.cpython.bytesPerObject,
        saved = dict - slots;
      const why = `sys.getsizeof: ${dict} → ${slots} bytes, ${saved} saved (${Math.round((100 * saved) / dict)}%)`;
      return Math.abs(saved - 100) <= 20 ? ['reproduced', why] : ['wrong', why];
    },
  },
  {
    post: 'Day 22 (sockets)',
    claim: 'the example response "Content-Length: 53" with the body "Hello World!" reads as a page',
    demo: 'http.response',
    params: (python) => ({
      response: 'HTTP/1.1 200 OK\nContent-Type: text/html\nContent-Length: 53\n\nHello World!',
      connection: 'closes',
      python,
    }),
    verdict: (r) =>
      r.raised
        ? ['wrong', `the body is ${r.bodyBytes} bytes, not ${r.contentLength}: http.client raises ${r.raised.message}`]
        : ['reproduced', `http.client reads ${r.bodyBytes} bytes`],
  },
  {
    post: 'Day 20 (recursion)',
    claim: 'a 1,001-deep payload reaches extract_emails, which hits the recursion limit',
    demo: 'recursion.trace',
    params: (python) => ({ payload: '{"data": '.repeat(1000) + '{}' + '}'.repeat(1000), maxSteps: 1, python }),
    verdict: ({ loads }) =>
      loads.parses
        ? ['reproduced', `json.loads parses it (up to ${fmt(loads.largestDepth)} levels): the walker gets it`]
        : ['wrong', `json.loads raises RecursionError first: it parses at most ${fmt(loads.largestDepth)} levels`],
  },
  {
    post: 'Day 18 (SQLite II)',
    claim: 'an indexed lookup among 1,000,000 rows takes "~20 steps"',
    demo: 'sql.index',
    params: () => ({ rows: 1000000, lookups: 1 }),
    sameInEveryVersion: true, // SQLite's file format: no CPython version changes it
    verdict: (r) => {
      const index = r.depthsAfter.trees.find((t) => t.type === 'index');
      return index.depth >= 10
        ? ['reproduced', `the index's B-tree has ${index.depth} levels`]
        : ['wrong', `the index's B-tree has ${index.depth} levels: a lookup reads ${index.depth} pages`];
    },
  },
  {
    post: 'Day 18 (SQLite I)',
    claim: 'with sqlite3.connect(...) as conn: closes the connection when the block ends',
    demo: 'sql.bank',
    cpython: 'sqlite-with', // the sqlite3 module's with block; the SQL lab runs sql.js, not Python
  },
  {
    post: 'Day 18 (SQLite I)',
    claim: "a user who types '; DROP TABLE users; -- into the f-string query deletes the table",
    demo: 'sql.injection',
    cpython: 'sqlite-injection', // execute() against executescript(), in the sqlite3 module
  },
  {
    post: 'Day 15 (profiling)',
    claim: "building a string with += is 185× slower than ''.join (the post measured both under cProfile)",
    demo: 'profile.concat',
    params: (python) => ({ n: 20000, watcher: 'cProfile', python }),
    verdict: (r) => {
      const last = r.rows.at(-1);
      const bare = `bare, ${fmt(last.n)} += copy ${fmt(last.plain.bytesCopied)} bytes`;
      if (last.plain.copies === last.n) return ['reproduced', `${bare}: every += copies the string`];
      return r.inPlaceWhenWatched
        ? ['wrong', `${bare}, and as many under cProfile: the string grows in place`]
        : ['wrong', `${bare}; only under cProfile does every += copy it (${fmt(last.watched.bytesCopied)} bytes)`];
    },
  },
  {
    post: 'Day 20 (recursion)',
    claim: 'raising the recursion limit high makes the interpreter crash with a segmentation fault',
    demo: 'recursion.run',
    params: (python) => ({ depth: 10, limit: 1000, python }),
    verdict: (r) =>
      r.pythonCallsUseCStack
        ? ['reproduced', 'Python calls nest C calls: a deep recursion overflows the C stack']
        : ['wrong', 'a Python-to-Python call uses no C stack since 3.11: a million-deep recursion finishes'],
  },
  {
    post: 'Day 14 (parallelism)',
    claim: 'threads adding 1 to a shared counter lose updates: the threaded counter may print less than 4,000,000',
    demo: 'parallel.race',
    cpython: 'race', // the parallel.race page's Python, run in each interpreter: no demo models the GIL's switches
  },
];

/** Claims of the series no demo can grade and no test of CPython can show on a page: [claim, why, post]. */
const NOT_HERE = [
  [
    'only yappi can measure CPU time; cProfile counts wall time (Day 15)',
    'cProfile.Profile(time.process_time) takes the CPU clock as its timer in every version (tests/profile/clocks_cpython_test.py checks it against CPython), but a web page has no CPU clock to show it with: profile.clocks measures both clocks natively, and says so in the browser',
    'Day 15 (profiling)',
  ],
];

/** The verdicts CPython itself gave, as the test suite wrote them (`python3 ${CPYTHON_TEST} --write`). */
async function cpythonVerdicts() {
  const response = await fetch(new URL('./errata-cpython.json', import.meta.url));
  if (!response.ok) throw new Error(`errata-cpython.json: HTTP ${response.status}`);
  return response.json();
}

function verdictCell(verdict, why) {
  return h('span', { class: verdict === 'reproduced' ? 'ok' : 'bad', title: why }, verdict, h('small', {}, ` ${why}`));
}

/** A post's slug, as ?post= and ?errata= take it: "Day 18 (SQLite I)" → "day-18-sqlite-i". */
export const postSlug = (post) =>
  post
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** The post whose slug is `slug`, as the errata name it ("Day 18 (SQLite I)"), or undefined. */
export const postTitle = (slug) => CLAIMS.find((c) => postSlug(c.post) === slug)?.post;

/**
 * Recomputes the claims into `main` (replacing its `.loading` paragraph): every claim, or only those of the post
 * whose slug is `post`. In an embed (`embedded`), only the table and its notes. Resolves to false when `post`
 * names no post.
 */
export async function renderErrata(main, llplay, { post = null, embedded = false } = {}) {
  const loading = main.querySelector('.loading') ?? main.appendChild(h('p', { class: 'loading' }));
  const claims = post ? CLAIMS.filter((c) => postSlug(c.post) === post) : CLAIMS;
  if (!claims.length) {
    const slugs = [...new Set(CLAIMS.map((c) => postSlug(c.post)))];
    fill(main, errorBox('BadParams', `no post of the series is called "${post}" here; the posts: ${slugs.join(', ')}`));
    return false;
  }
  const cpython = claims.some((c) => c.cpython) ? await cpythonVerdicts().catch((error) => error) : null;
  const rows = [];
  for (const c of claims) {
    const link = h('a', { href: `./?demo=${encodeURIComponent(c.demo)}`, target: embedded ? '_blank' : null }, c.demo);
    const row = {
      post: embedded ? c.post : h('a', { href: `errata.html?post=${postSlug(c.post)}` }, c.post),
      claim: c.claim,
      demo: c.cpython
        ? h('span', {}, link, h('small', {}, ' (the closest demo); the verdicts: CPython itself (see below the table)'))
        : link,
    };
    let once = null; // a claim the same in every version runs its demo once
    for (const python of VERSIONS) {
      try {
        if (c.cpython) {
          if (cpython instanceof Error) throw cpython;
          const entry = cpython.claims[c.cpython]?.[python];
          if (!entry) throw new Error(`errata-cpython.json has no verdict for ${c.cpython} in ${python}`);
          row[python] = verdictCell(entry.verdict, entry.why);
          continue;
        }
        const result = c.sameInEveryVersion
          ? await (once ??= llplay.run(c.demo, c.params(python)))
          : await llplay.run(c.demo, c.params(python));
        row[python] = verdictCell(...c.verdict(result));
      } catch (error) {
        row[python] = errorBox(error.code ?? 'Error', error.message);
      }
    }
    rows.push(row);
    fill(loading, `Recomputed ${rows.length} of ${claims.length} claims…`);
  }
  loading.remove();
  const graded = claims.filter((c) => c.cpython).length;
  const interpreters =
    cpython && !(cpython instanceof Error) ? ` (${Object.values(cpython.interpreters).join(', ')})` : '';
  const notHere = NOT_HERE.filter(([, , from]) => !post || postSlug(from) === post);
  const parts = [
    h(
      'div',
      { class: 'result' },
      table(rows, [
        ['post', 'Post'],
        ['claim', 'The series says'],
        ...VERSIONS.map((v) => [v, `CPython ${v}`]),
        ['demo', 'Decided by'],
      ]),
    ),
    h(
      'p',
      { class: 'note' },
      'Each demo takes the version as its "python" input; open it to see the whole result, and embed it under the post.' +
        (post || embedded
          ? ''
          : " A post's name opens its claims alone, with the snippet that embeds them under the post."),
    ),
    graded
      ? h(
          'p',
          { class: 'note' },
          `${graded === 1 ? 'The claim whose last column says "CPython itself" needs' : `The ${graded} claims whose last column says "CPython itself" need`} what no page has: CPython's own timing, its GIL and its sqlite3 module. ` +
            `Their verdicts come from CPython, not from a demo: the test suite runs each claim's program in every interpreter${interpreters} and writes the verdicts this page reads; `,
          h('code', {}, CPYTHON_TEST),
          ' fails when they disagree with what the interpreters do.',
        )
      : null,
    notHere.length ? h('h2', {}, 'Not graded on this page') : null,
    notHere.length
      ? h(
          'ul',
          { class: 'notes' },
          ...notHere.map(([claim, reason]) => h('li', {}, h('strong', {}, claim), `: ${reason}`)),
        )
      : null,
  ];
  main.append(...parts.filter(Boolean));
  return true;
}
