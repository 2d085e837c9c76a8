// The chance lab on the page: Day 19's random module run bit for bit as CPython runs it, the same
// generator predicted from 624 outputs, the birthday problem, and the statistics module on a table.
import { h, fill, table, errorBox } from '../../dom.js';
import { fmt, percent, dropped } from '../../format.js';

const bin = (n, width) => (n >>> 0).toString(2).padStart(width, '0');
const hex8 = (n) => (n >>> 0).toString(16).padStart(8, '0');
const SHOWN = 200;

function facts(pairs) {
  return h(
    'dl',
    { class: 'facts' },
    pairs.filter(Boolean).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]),
  );
}

const SEEDED_BY = {
  int: 'an int: init_by_array() on the 32-bit words of abs(seed)',
  text: 'a str: its UTF-8 bytes followed by their SHA-512 digest, read as one big int (seed version 2)',
  urandom: 'nothing: 624 words of operating-system randomness, here crypto.getRandomValues (CPython reads os.urandom)',
};

/** How the first random() is built from two 32-bit outputs. */
function anatomy(a) {
  return h(
    'div',
    {},
    h('h3', {}, 'How one random() is made'),
    h(
      'p',
      { class: 'note' },
      'random() takes two 32-bit outputs, keeps the top 27 bits of the first and the top 26 of the second, ' +
        'and divides the 53-bit number they make by 2**53: every double it returns is a multiple of 2**-53.',
    ),
    h(
      'pre',
      {},
      `a = ${String(a.a).padStart(10)}  ${bin(a.a, 32)}\n`,
      `b = ${String(a.b).padStart(10)}  ${bin(a.b, 32)}\n`,
      `a >> 5 = ${bin(a.high, 27)}            (${a.high})\n`,
      `b >> 6 =                            ${bin(a.low, 26)} (${a.low})\n`,
      `(a >> 5) * 2**26 + (b >> 6) = ${a.numerator}\n`,
      `${a.numerator} / 2**53 = ${a.value}`,
    ),
  );
}

/** The 624 words and the index: the whole state of the generator. */
function stateView(state, caption) {
  const rows = [];
  for (let i = 0; i < state.words.length; i += 8) {
    rows.push(
      `${String(i).padStart(3)}: ${state.words
        .slice(i, i + 8)
        .map(hex8)
        .join(' ')}`,
    );
  }
  return h('details', {}, h('summary', {}, caption), h('pre', {}, rows.join('\n')));
}

/** Methods whose values can still end in another last digit in the browser than in CPython 3.13 on Linux: what
 * they go through, and how often (measured: 100,000 values each, seed 7). They go through sin, cos or acos, which in the browser are the
 * lab's own, rounded once (core/chance/exact_trig.cpp), as glibc's are in all but a few cases: the values that
 * differ are those where glibc's rounds the other way (for vonmisesvariate all of them: a copy of its algorithm
 * with cos and acos rounded by mpmath gives the browser's 100,000 values exactly). log, exp, pow and log2 are
 * glibc's own algorithm in both builds (core/chance/glibc_math.cpp): the methods that use only those
 * (expovariate, gammavariate, betavariate, lognormvariate, normalvariate, weibullvariate, paretovariate,
 * binomialvariate) gave CPython's values, none of 100,000 different for each. */
const LIBM = {
  gauss: ['sin and cos', 'about 1 value in 700 of gauss() (1 in 7,000 of gauss(100, 15))'],
  vonmisesvariate: [
    'cos and acos',
    'about 1 value in 450 of vonmisesvariate(0, 4) (1 in 850 with kappa 1, 1 in 470 with kappa 10)',
  ],
};

/** cmath.compute on 3,000 random arguments (parts uniform in [-10, 10]) against CPython 3.13: what each function
 * goes through in the browser (the lab's own, correctly rounded) and how many of the 3,000 ended in another last
 * digit. Every one of those is where glibc rounds the other way: the browser's value is what CPython's formula
 * gives with atan2, hypot, sin and cos rounded by mpmath. */
const CMATH_LIBM = {
  phase: ['atan2', 6],
  polar: ['hypot and atan2', 27],
  abs: ['hypot', 21],
  sqrt: ['hypot', 6],
  rect: ['sin and cos', 18],
};

/** Each method's signature in the chosen version, so the arguments boxes can be filled in. */
function signature(fn, python) {
  const minor = Number(String(python).split('.')[1]);
  const signatures = {
    random: 'random()',
    getrandbits: 'getrandbits(k)',
    randrange: 'randrange(start, stop=None, step=1)',
    randint: 'randint(a, b)',
    uniform: 'uniform(a, b)',
    choice: 'choice(seq)',
    shuffle: minor === 10 ? 'shuffle(x, random=None)' : 'shuffle(x)',
    sample: 'sample(population, k, *, counts=None)',
    choices: 'choices(population, weights=None, *, cum_weights=None, k=1)',
    gauss: minor >= 11 ? 'gauss(mu=0.0, sigma=1.0)' : 'gauss(mu, sigma)',
    normalvariate: minor >= 11 ? 'normalvariate(mu=0.0, sigma=1.0)' : 'normalvariate(mu, sigma)',
    expovariate: minor >= 12 ? 'expovariate(lambd=1.0)' : 'expovariate(lambd)',
    triangular: 'triangular(low=0.0, high=1.0, mode=None)',
    betavariate: 'betavariate(alpha, beta)',
    gammavariate: 'gammavariate(alpha, beta)',
    lognormvariate: 'lognormvariate(mu, sigma)',
    vonmisesvariate: 'vonmisesvariate(mu, kappa)',
    paretovariate: 'paretovariate(alpha)',
    weibullvariate: 'weibullvariate(alpha, beta)',
    binomialvariate: minor >= 12 ? 'binomialvariate(n=1, p=0.5)' : 'binomialvariate: new in 3.12',
  };
  return signatures[fn] ?? fn;
}

/** Calls worth trying, as links: each puts its method and arguments in the URL. */
const EXAMPLES = [
  [
    'choices(["red", "black", "green"], [18, 18, 2], k=10)',
    'choices',
    [
      ['red', 'black', 'green'],
      [18, 18, 2],
    ],
    { k: 10 },
  ],
  [
    'choices([0, 1, 2, 3, 4], cum_weights=[1, 1, 5, 9, 10], k=10)',
    'choices',
    [[0, 1, 2, 3, 4]],
    { cum_weights: [1, 1, 5, 9, 10], k: 10 },
  ],
  ['binomialvariate(100, 0.3)', 'binomialvariate', [100, 0.3], {}],
  ['binomialvariate() (a fair coin)', 'binomialvariate', [], {}],
  ['sample(["red", "blue"], counts=[4, 2], k=5)', 'sample', [['red', 'blue']], { counts: [4, 2], k: 5 }],
];

function examplesSection(el) {
  fill(
    el,
    h('h3', {}, 'Try'),
    h(
      'ul',
      {},
      EXAMPLES.map(([label, fn, args, kwargs]) => {
        const search = new URLSearchParams({ demo: 'random.draw', fn, args: JSON.stringify(args) });
        if (Object.keys(kwargs).length) search.set('kwargs', JSON.stringify(kwargs));
        return h('li', {}, h('a', { href: `?${search}` }, label));
      }),
    ),
    h(
      'p',
      { class: 'note' },
      'Positional arguments go in "arguments" as a JSON list, keyword arguments in "keyword arguments" as a JSON object ' +
        '({"k": 10}); JSON null is None, true is True, and 2.0 stays a float.',
    ),
  );
}

function renderDraw(r, el) {
  const shown = r.values.slice(0, SHOWN);
  fill(
    el,
    h('h3', {}, `rng.${r.call} × ${fmt(r.values.length)}, as CPython ${r.python} returns it`),
    h('p', { class: 'note' }, `random.Random.${signature(r.fn, r.python)}`),
    h(
      'pre',
      { class: 'digits' },
      shown.join('\n'),
      r.values.length > SHOWN ? `\n… ${fmt(r.values.length - SHOWN)} more` : '',
    ),
    facts([
      ['seeded from', SEEDED_BY[r.seededBy]],
      [
        'key',
        `${fmt(r.keyWords)} word${r.keyWords === 1 ? '' : 's'}${r.key ? `: ${r.key.map(hex8).join(' ')} …` : ''}`,
      ],
      [
        'used',
        `${fmt(r.outputs)} outputs of 32 bits (${r.values.length ? fmt(r.outputs / r.values.length, 2) : 0} a call)`,
      ],
      ['state after', `index ${r.indexAfter} of 624 (at 624 the next output twists all 624 words first)`],
    ]),
    LIBM[r.fn]
      ? h(
          'p',
          { class: 'note warn' },
          `${r.fn} goes through ${LIBM[r.fn][0]}, and in the browser those are not glibc's, the C library CPython uses on Linux: ` +
            "they are the lab's own, correctly rounded, as glibc's are in all but a few cases; where glibc's rounds the other way, the value here differs. " +
            `Measured with seed 7, ${LIBM[r.fn][1]} ends in a different last digit here. The same C++ built natively (llplay) prints CPython's digits exactly, as its tests check. ` +
            "The methods that use log, exp, pow or log2 gave CPython's values in the same measurement (none different in 100,000 each): the browser computes those four as glibc does, bit for bit.",
        )
      : null,
    anatomy(r.firstRandom),
    stateView(r.state, `The state after seeding: 624 words, index ${r.state.index}`),
    r.seededBy === 'urandom'
      ? h(
          'p',
          { class: 'note' },
          'Run it again: the values change every time. Day 19 says the generator is seeded from the system clock; ' +
            'CPython seeds it from os.urandom (2,496 bytes) and uses the time only where the OS has no randomness to give.',
        )
      : h(
          'p',
          { class: 'note' },
          'Run it again: the same seed gives the same values, here and in any CPython. ' +
            'Set "seed with" to none for random.seed() without an argument.',
        ),
  );
}

function renderRecover(r, el, { params }) {
  const rows = r.predicted.slice(0, 12).map((p, i) => ({
    n: `output ${624 + i + 1}`,
    predicted: p,
    actual: r.actual ? r.actual[i] : '',
    same: r.actual ? (r.actual[i] === p ? 'yes' : 'NO') : '',
  }));
  fill(
    el,
    h(
      'p',
      { class: 'big' },
      r.actual
        ? `${fmt(r.matched)} of ${fmt(r.predicted.length)} next outputs predicted exactly`
        : `${fmt(r.predicted.length)} outputs predicted from the 624 given`,
    ),
    h(
      'p',
      { class: 'note' },
      `Untempering the first output ${r.untempered.output} gives the state word ${r.untempered.word}; ` +
        'all 624 together are the state the generator had, and the twist takes it from there.',
    ),
    table(
      rows,
      [
        ['n', ''],
        ['predicted', 'predicted'],
        ...(r.actual
          ? [
              ['actual', 'CPython said'],
              ['same', 'same'],
            ]
          : []),
      ],
      'getrandbits(32) after the 624',
    ),
    stateView({ words: r.state, index: 624 }, 'The recovered state: 624 words'),
  );
}

/** The same attack on crypto.getRandomValues, the browser's `secrets`. */
function cryptoSection(el, { llplay }) {
  const button = h('button', { type: 'button' }, 'Try it on crypto.getRandomValues');
  const out = h('div', { 'aria-live': 'polite' });
  fill(
    el,
    h('h3', {}, 'Why secrets resists it'),
    h(
      'p',
      {},
      "secrets (and random.SystemRandom) read the operating system's generator, which keeps no state you can see: " +
        'it mixes in fresh entropy and passes its output through a cryptographic function, so no number of outputs gives its future away. ' +
        "The browser's equivalent is crypto.getRandomValues. Below, 634 of its words go in: the first 624 to the same recovery, the last 10 to compare.",
    ),
    button,
    out,
  );
  button.addEventListener('click', async () => {
    const words = crypto.getRandomValues(new Uint32Array(634));
    try {
      const r = await llplay.run('random.recover', { outputs: JSON.stringify([...words.slice(0, 624)]), next: 10 });
      const actual = [...words.slice(624)];
      const hits = r.predicted.filter((p, i) => p === actual[i]).length;
      el.dataset.hits = String(hits);
      fill(
        out,
        h('p', { class: 'big' }, `${hits} of 10 predicted`),
        table(
          actual.map((a, i) => ({ predicted: r.predicted[i], actual: a, same: a === r.predicted[i] ? 'yes' : 'no' })),
          [
            ['predicted', 'MT19937 would say'],
            ['actual', 'crypto.getRandomValues said'],
            ['same', 'same'],
          ],
        ),
        h('p', { class: 'note' }, 'A guess is right once in 4,294,967,296 tries: the recovered "state" is noise.'),
      );
    } catch (error) {
      fill(out, errorBox(error.code ?? 'Error', error.message));
    }
  });
}

function renderBirthday(r, el, { params }) {
  fill(
    el,
    h(
      'p',
      { class: 'big' },
      `${fmt(r.shared)} of ${fmt(r.trials)} rooms of ${params.people} had a shared birthday: ${(100 * r.frequency).toFixed(2)}%`,
    ),
    facts([
      ['exact probability', `${(100 * r.exact).toFixed(2)}% = 1 − (365/365)(364/365)…(${366 - params.people}/365)`],
      [
        'difference',
        `${(100 * (r.frequency - r.exact)).toFixed(2)} percentage points: chance, shrinking as rooms grow (try 100,000)`,
      ],
    ]),
    h(
      'p',
      { class: 'note' },
      'Each birthday is rng.randrange(365): getrandbits(9) until it is below 365, so 147 of 512 draws are thrown away. ' +
        'With the same seed CPython counts exactly the same rooms.',
    ),
  );
}

/** The statistic a row of stats.table shows, and its money format. */
function statValue(row) {
  if (row.error) return `${row.error.code}: ${row.error.message}`;
  return Array.isArray(row.result) ? `[${row.result.join(', ')}]` : row.result;
}

const SALARIES = [40000, 45000, 45000, 50000, 5000000];

/** Σ(x − mean)² / (n − 1) in exact integers, when every value is a whole number. */
function varianceWorking(data) {
  if (!data.every((x) => Number.isInteger(Number(x)))) return null;
  const xs = data.map((x) => BigInt(Number(x)));
  const n = BigInt(xs.length);
  if (n < 2n) return null;
  const sum = xs.reduce((a, b) => a + b, 0n);
  // Σ(x − sum/n)² = (n Σx² − (Σx)²) / n, kept in integers.
  const ss = n * xs.reduce((a, b) => a + b * b, 0n) - sum * sum;
  if (ss % n !== 0n) return null;
  return (
    `Σ(x − mean)² / (n − 1) = ${fmt(Number(ss / n))} / ${xs.length - 1}` +
    (ss % n === 0n && (ss / n) % (n - 1n) === 0n ? ` = ${fmt(Number(ss / n / (n - 1n)))}` : '')
  );
}

function renderTable(r, el, { params, rerun }) {
  let data = [];
  try {
    data = typeof params.data === 'string' ? JSON.parse(params.data) : params.data;
  } catch {
    data = [];
  }
  const isSalaries = JSON.stringify(data.map(Number)) === JSON.stringify(SALARIES);
  const rows = r.rows.map((row) => ({ fn: row.fn, value: statValue(row), money: row.money ?? '' }));
  const variance = r.rows.find((row) => row.fn === 'variance');
  const mean = r.rows.find((row) => row.fn === 'mean');
  const median = r.rows.find((row) => row.fn === 'median');
  const working = varianceWorking(data);
  const last = Number(data[data.length - 1] ?? 0);
  const slider = h('input', {
    type: 'range',
    min: '50000',
    max: '10000000',
    step: '50000',
    value: String(Math.min(Math.max(last, 50000), 10000000)),
    'aria-label': 'the last salary',
  });
  slider.addEventListener('change', () =>
    rerun({ data: JSON.stringify([...SALARIES.slice(0, 4), Number(slider.value)]) }),
  );
  fill(
    el,
    h('h3', {}, `${fmt(r.count)} values, as CPython ${r.python}'s statistics module returns them`),
    table(rows, [
      ['fn', 'statistics.'],
      ['value', 'repr()'],
      ['money', 'f"{x:,.2f}"'],
    ]),
    isSalaries
      ? h(
          'p',
          { class: 'note warn' },
          'Day 19 runs this salary table and prints a variance and a standard deviation that no CPython prints for these five salaries ' +
            '(3.10 to 3.13 agree with the rows above). ',
          working ? `The variance is ${working}, and the standard deviation its square root.` : '',
        )
      : null,
    working && !isSalaries ? h('p', { class: 'note' }, `Variance: ${working}.`) : null,
    h(
      'div',
      { class: 'stepper' },
      h('label', {}, 'Outlier: the last salary '),
      slider,
      h('span', {}, mean?.money ? `mean ${mean.money} · median ${median?.money ?? ''}` : ''),
    ),
    h('p', { class: 'note' }, 'The mean follows the outlier; the median does not move.'),
    r.naiveVariance
      ? h(
          'p',
          { class: 'note' },
          `One-pass "sum of squares minus square of sum" in floats gives ${r.naiveVariance} ` +
            `where the exact variance is ${variance?.result ?? variance?.error?.code}. `,
          h(
            'button',
            {
              type: 'button',
              onclick: () =>
                rerun({ data: JSON.stringify(Array.from({ length: 100 }, (_, i) => 1e9 + (i % 10) / 10)) }),
            },
            'Try 1e9 + small noise',
          ),
        )
      : null,
  );
}

function renderCompute(r, el) {
  fill(
    el,
    h('p', { class: 'big' }, Array.isArray(r.result) ? `[${r.result.join(', ')}]` : r.result),
    h('p', { class: 'note' }, `repr(statistics.${r.fn}(data)) in CPython ${r.python}.`),
  );
}

const SEED_FIELDS = { seed: { seedKind: ['auto', 'int'] }, seedText: { seedKind: ['text'] } };

export default {
  intro: [
    'Day 19 explains the Mersenne Twister, seeding, secrets and the statistics module. Here they run: the same MT19937 CPython uses, ' +
      'seeded the way random.seed() seeds it, with every method written after Lib/random.py, so each value is what CPython prints (in the browser, gauss and ' +
      'vonmisesvariate, which go through sin, cos or acos, can end in another last digit, rarely, and their page says how often). ' +
      "Choose the CPython version: where 3.10 to 3.13 differ (randrange's float arguments, gauss's defaults, stdev's rounding, quantiles of one value), the results do too.",
    "Then the generator's weakness: 624 outputs give its whole future away. And the statistics module on a table, with its exact Fraction arithmetic.",
  ],
  demos: {
    'random.draw': {
      sourceOpen: false,
      render: renderDraw,
      section: examplesSection,
      showWhen: SEED_FIELDS,
      python: `import random

rng = random.Random(42)          # or random.Random("hello"), or random.Random() for OS randomness
print([rng.random() for _ in range(5)])
print(rng.getstate()[1][-1])     # the index: 624 after seeding

# random() from two 32-bit outputs, as _randommodule.c builds it:
a, b = rng.getrandbits(32) >> 5, rng.getrandbits(32) >> 6
print((a * 67108864 + b) / 2**53)

print(rng.choices(["red", "black", "green"], [18, 18, 2], k=10))
print(rng.sample(["red", "blue"], counts=[4, 2], k=5))
print(rng.binomialvariate(100, 0.3))   # new in 3.12`,
    },
    'random.recover': {
      sourceOpen: false,
      render: renderRecover,
      section: cryptoSection,
      showWhen: SEED_FIELDS,
      python: `import random

def untemper(y):
    y ^= y >> 18
    y ^= (y << 15) & 0xefc60000
    x = y
    for _ in range(5):
        x = y ^ ((x << 7) & 0x9d2c5680)
    z = x
    for _ in range(3):
        z = x ^ (z >> 11)
    return z & 0xffffffff

victim = random.Random(2024)
seen = [victim.getrandbits(32) for _ in range(624)]
clone = random.Random()
clone.setstate((3, tuple(untemper(y) for y in seen) + (624,), None))
print(all(clone.getrandbits(32) == victim.getrandbits(32) for _ in range(10_000)))   # True`,
    },
    'random.birthday': {
      sourceOpen: false,
      render: renderBirthday,
      showWhen: SEED_FIELDS,
      python: `import random

rng = random.Random(2024)
people, rooms = 23, 10_000
shared = sum(len(set(rng.randrange(365) for _ in range(people))) < people for _ in range(rooms))
print(shared, shared / rooms)`,
    },
    'cmath.compute': {
      sourceOpen: false,
      render: (r, el) =>
        fill(
          el,
          h('p', { class: 'big' }, r.result),
          h(
            'p',
            { class: 'note' },
            `repr(cmath.${r.fn}(${r.fn === 'rect' ? 'r, phi' : r.z})) in CPython ${r.python}. ` +
              'math.sqrt(-1) raises ValueError: math domain error; cmath.sqrt(-1) is 1j, printed without parentheses because its real part is +0.',
          ),
          CMATH_LIBM[r.fn]
            ? h(
                'p',
                { class: 'note warn' },
                `In the browser cmath.${r.fn} goes through the lab's own ${CMATH_LIBM[r.fn][0]}, correctly rounded; glibc's, CPython's on Linux, are in all but a few cases. ` +
                  `Of 3,000 random arguments (parts between -10 and 10), ${CMATH_LIBM[r.fn][1]} ended in another last digit here than in CPython 3.13, each where glibc's rounds the other way. ` +
                  'llplay, the same C++ built natively, matches CPython exactly.',
              )
            : null,
        ),
      python: `import math, cmath

try:
    math.sqrt(-1)
except ValueError as e:
    print(e)                      # math domain error
print(cmath.sqrt(-1))             # 1j
print(cmath.polar(complex(3, 4))) # (5.0, 0.9272952180016122)`,
    },
    'random.speed': {
      sourceOpen: false,
      render: (r, el) =>
        fill(
          el,
          h(
            'p',
            { class: 'big' },
            `${fmt(r.n)} calls of random() in ${fmt(r.ms, 2)} ms: ${fmt(r.nsPerCall, 2)} ns a call`,
          ),
          h(
            'p',
            {},
            `The median of ${r.time.runs} runs after a warm-up (fastest ${fmt(r.time.minMs, 2)} ms, slowest ${fmt(r.time.maxMs, 2)} ms${r.time.calls > 1 ? `, each run ${fmt(r.time.calls)} loops` : ''})${dropped(r.time)}.`,
          ),
          h(
            'p',
            { class: 'note' },
            `Their sum, left to right: ${r.sum}, the same double CPython's loop adds up for this seed. ` +
              'CPython spends most of a call in the interpreter (about 30–60 ns); the generator itself is a few ns of it.',
          ),
        ),
      showWhen: SEED_FIELDS,
      python: `import random, time

rnd = random.Random(42).random
t0 = time.perf_counter()
s = 0.0
for _ in range(1_000_000):
    s += rnd()
print(repr(s), f"{(time.perf_counter() - t0) * 1e3:.1f} ms")`,
    },
    'stats.table': {
      sourceOpen: false,
      render: renderTable,
      python: `import statistics

salaries = [40_000, 45_000, 45_000, 50_000, 5_000_000]
data = [float(s) for s in salaries]
for fn in ("mean", "median", "mode", "variance", "stdev"):
    print(fn, repr(getattr(statistics, fn)(data)), f"{getattr(statistics, fn)(data):,.2f}")`,
    },
    'stats.compute': {
      sourceOpen: false,
      render: renderCompute,
      showWhen: { n: { fn: ['quantiles'] }, method: { fn: ['quantiles'] } },
      python: `import statistics

data = [float(d) for d in [40_000, 45_000, 45_000, 50_000, 5_000_000]]
print(repr(statistics.variance(data)))   # an exact Fraction sum inside, rounded once
try:
    statistics.variance([1.0])
except statistics.StatisticsError as e:
    print(e)                             # variance requires at least two data points`,
    },
  },
};
