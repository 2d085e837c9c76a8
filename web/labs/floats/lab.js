// The floats lab on the page: Day 19's "0.1 + 0.2 != 0.3", measured, and a Decimal that fixes it.
import { h, fill, table } from '../../dom.js';
import { fmt, ms, dropped } from '../../format.js';
import { chart } from '../../chart.js';

const KIND_NOTES = {
  normal:
    'A normal double: 1.fraction × 2^(exponent − 1023). The leading 1 is implicit, so 52 stored bits give 53 bits of precision.',
  subnormal:
    'A subnormal: the exponent bits are all 0, so there is no implicit leading 1 and the value is 0.fraction × 2^−1022. Precision fades gradually toward zero instead of falling off a cliff; 5e-324 is the smallest.',
  zero: 'Zero has all exponent and fraction bits 0. The sign bit still counts: -0.0 == 0.0 is True, but repr shows the sign and 1/-0.0 would be -inf.',
  infinity: 'All exponent bits 1 and a zero fraction: infinity, what overflow rounds to. inf - inf is nan.',
  nan: 'All exponent bits 1 and a nonzero fraction: NaN, "not a number". It is not equal to anything, itself included, so x != x is the test for it.',
};

const money = (s) => `$${s}`;

function exactPair(label, item) {
  return h(
    'div',
    { class: 'exact' },
    h('span', { class: 'k' }, label),
    ' ',
    h('code', {}, item.repr),
    h('div', { class: 'digits' }, item.exact),
  );
}

/** Python's float.hex() of the double with these 64 bits (not a NaN). */
function hexFloat(word) {
  const sign = word >> 63n ? '-' : '';
  const exponent = Number((word >> 52n) & 0x7ffn);
  const fraction = word & ((1n << 52n) - 1n);
  if (exponent === 0x7ff) return `${sign}inf`;
  if (exponent === 0 && fraction === 0n) return `${sign}0x0.0p+0`;
  const digits = fraction.toString(16).padStart(13, '0').replace(/0+$/, '') || '0';
  const e = exponent === 0 ? -1022 : exponent - 1023;
  return `${sign}0x${exponent === 0 ? 0 : 1}.${digits}p${e < 0 ? '-' : '+'}${Math.abs(e)}`;
}

function renderAnatomy(r, el, { rerun }) {
  const bits = [...r.bits];
  const part = (i) => (i === 0 ? 'sign' : i < 12 ? 'exponent' : 'fraction');
  const flip = (i) => {
    const next = bits.map((b, k) => (k === i ? (b === '1' ? '0' : '1') : b)).join('');
    const word = BigInt(`0b${next}`);
    // The new double goes in the value box as a hex float, which keeps every bit; a NaN keeps its payload only as bits.
    const nan = ((word >> 52n) & 0x7ffn) === 0x7ffn && (word & ((1n << 52n) - 1n)) !== 0n;
    rerun(nan ? { value: '', bits: word.toString(16).padStart(16, '0') } : { value: hexFloat(word), bits: '' });
  };
  // One tab stop for the 64 bits (a roving tabindex): the arrow keys, Home and End move between them.
  const grid = h(
    'div',
    {
      class: 'bits',
      role: 'group',
      'aria-label': '64 bits, most significant first; each flips when pressed; arrow keys move',
    },
    bits.map((b, i) =>
      h(
        'button',
        {
          type: 'button',
          class: `bit ${part(i)}`,
          title: `bit ${63 - i} (${part(i)})`,
          tabindex: i === 0 ? '0' : '-1',
          'aria-label': `bit ${63 - i}, ${part(i)}, is ${b}`,
          onclick: () => flip(i),
        },
        b,
      ),
    ),
  );
  grid.addEventListener('keydown', (event) => {
    const buttons = [...grid.children];
    const at = buttons.indexOf(document.activeElement);
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, ArrowDown: at + 8, ArrowUp: at - 8, Home: 0, End: 63 }[
      event.key
    ];
    if (at < 0 || to === undefined) return;
    event.preventDefault();
    const next = buttons[Math.max(0, Math.min(63, to))];
    buttons[at].tabIndex = -1;
    next.tabIndex = 0;
    next.focus();
  });
  const exponent = r.exponent ?? (r.kind === 'zero' ? 0 : null);
  const formula =
    r.kind === 'normal' || r.kind === 'subnormal'
      ? `(−1)^${r.sign} × ${r.kind === 'normal' ? '1' : '0'}.${r.fractionBits.replace(/0+$/, '') || '0'}₂ × 2^${exponent}`
      : null;
  fill(
    el,
    h(
      'div',
      { class: 'legend' },
      h('span', { class: 'bit sign' }, 'sign'),
      h('span', { class: 'bit exponent' }, '11 exponent bits'),
      h('span', { class: 'bit fraction' }, '52 fraction bits'),
    ),
    grid,
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'repr'),
      h('dd', {}, h('code', {}, r.value)),
      h('dt', {}, 'float.hex()'),
      h('dd', {}, h('code', {}, r.hex)),
      h('dt', {}, 'kind'),
      h('dd', {}, r.kind, ' (biased exponent ', String(r.biasedExponent), ')'),
      formula ? [h('dt', {}, 'value'), h('dd', {}, formula)] : null,
      h('dt', {}, 'exact value stored'),
      h('dd', { class: 'digits' }, r.exact),
      r.typed
        ? [
            h('dt', {}, 'you typed'),
            h('dd', { class: 'digits' }, r.typed),
            h('dt', {}, 'stored − typed'),
            h('dd', { class: 'digits' }, r.typedError),
          ]
        : null,
      h('dt', {}, 'next double down'),
      h('dd', {}, h('code', {}, r.nextDown.repr), h('div', { class: 'digits' }, r.nextDown.exact)),
      h('dt', {}, 'next double up'),
      h('dd', {}, h('code', {}, r.nextUp.repr), h('div', { class: 'digits' }, r.nextUp.exact)),
      h('dt', {}, 'ULP (math.ulp)'),
      h('dd', {}, h('code', {}, r.ulp.repr), h('div', { class: 'digits' }, r.ulp.exact)),
    ),
    h('p', { class: 'note' }, KIND_NOTES[r.kind]),
  );
}

function renderCompare(r, el) {
  fill(
    el,
    exactPair('a', r.a),
    exactPair('b', r.b),
    exactPair('a + b', r.sum),
    exactPair('c', r.c),
    h(
      'p',
      { class: 'verdicts' },
      h('span', { class: `verdict ${r.equal}` }, `a + b == c → ${r.equal ? 'True' : 'False'}`),
      ' ',
      h('span', { class: `verdict ${r.isclose}` }, `math.isclose(a + b, c) → ${r.isclose ? 'True' : 'False'}`),
    ),
    r.difference !== undefined
      ? h(
          'p',
          {},
          `a + b − c = ${r.difference} exactly: the two doubles are ${r.ulpsApart} ULP${r.ulpsApart === 1 ? '' : 's'} apart. `,
          '== asks for the same 64 bits; isclose asks whether they are within rel_tol of each other (or abs_tol of zero).',
        )
      : null,
  );
}

function renderDrift(r, el) {
  const rows = r.rows.map((row) =>
    row.applicable
      ? { strategy: row.strategy, total: money(row.total), value: row.value, loss: row.loss, time: `${ms(row.ms)} ms` }
      : { strategy: row.strategy, total: 'n/a', value: 'the fee is not a whole number of cents', loss: '', time: '' },
  );
  const cents = r.rows.find((row) => row.strategy === 'cents');
  fill(
    el,
    h(
      'p',
      {},
      `Adding ${r.fee} ${fmt(r.n)} times. The exact total is ${money(r.exactTotal)}. `,
      `Python's float ${r.fee} is really ${r.feeAsDouble}.`,
    ),
    table(rows, [
      ['strategy', 'Strategy'],
      ['total', 'f"{total:,.2f}"'],
      ['value', 'repr / str'],
      ['loss', 'exact − total (exactly)'],
      ['time', 'time'],
    ]),
    cents?.applicable && cents.ms < 1
      ? h(
          'p',
          { class: 'note' },
          'The integer-cents loop takes almost no time: the compiler sees that adding the same integer k times is one multiplication, and does that instead. Floats cannot be rearranged like that, because each addition rounds.',
        )
      : null,
  );
}

function driftChart(r, figure) {
  const live = r.rows.filter((row) => row.applicable);
  const x = live[0].trace.map(([n]) => n);
  const exact = live.filter((row) => row.trace.every(([, e]) => e === 0)).map((row) => row.strategy);
  const drifting = live.filter((row) => !exact.includes(row.strategy));
  const last = (row) => row.trace[row.trace.length - 1][1];
  return chart(figure, {
    title: '|error| against N (log-log)',
    x,
    series: drifting.map((row) => ({ label: row.strategy, values: row.trace.map(([, e]) => (e > 0 ? e : null)) })),
    xLabel: 'N additions',
    yLabel: '|sum − N × fee|',
    logX: true,
    logY: true,
    summary:
      `After ${fmt(r.n)} additions: ` +
      `${drifting.map((row) => `${row.strategy} is ${last(row) === 0 ? 'exactly on the total' : `${last(row).toExponential(2)} away`}`).join('; ')}. ` +
      (exact.length ? `Exact at every sample, so never on a log scale: ${exact.join(', ')}. ` : '') +
      'Points at zero error are left out of the log scale.',
  });
}

function renderRounding(r, el) {
  const rows = r.rows.map((row) => ({ value: row.value, ...row.results, pythonRound: row.pythonRound }));
  fill(
    el,
    table(
      rows,
      [
        ['value', 'Decimal(v)'],
        ...r.modes.map((m) => [m, m.replace('ROUND_', '')]),
        ['pythonRound', `round(float(v), ${r.places})`],
      ],
      `quantize(Decimal('${r.places ? `1E-${r.places}` : '1'}')) under each rounding mode`,
    ),
    h(
      'p',
      { class: 'note' },
      "HALF_EVEN is banker's rounding: a tie goes to the even neighbour, so 2.5 → 2 and 3.5 → 4, and ties do not all push totals up. ",
      "Python's round() on a float does the same, but on the double's exact value: ",
      ...r.rows
        .filter((row) => row.floatExact !== row.value)
        .slice(0, 1)
        .map((row) => `${row.value} is stored as ${row.floatExact}, which is not a tie at all.`),
    ),
  );
}

/** What builtin sum() does in CPython `version`: the plain loop up to 3.11, compensated from 3.12. */
const sumNote = (version) =>
  Number(version.split('.')[1]) >= 12
    ? `In CPython ${version}, sum() of floats keeps a running correction of each addition's rounding error (Neumaier's algorithm, new in 3.12), so it is often exact where the loop drifts; math.fsum is exact always.`
    : `In CPython ${version}, sum() of floats is the plain left-to-right loop, rounding after every addition; 3.12 made it compensated.`;

function renderFsum(r, el) {
  fill(
    el,
    table(
      [
        { how: 'math.fsum(values)', value: r.fsum },
        { how: `sum(values) in CPython ${r.python}`, value: r.sum },
        { how: 'total = 0.0; for x in values: total += x', value: r.naive },
        ...(r.exact ? [{ how: 'the exact sum of the doubles', value: r.exact }] : []),
      ],
      [
        ['how', 'Python'],
        ['value', 'repr (exact: Decimal)'],
      ],
    ),
    h(
      'p',
      { class: 'note' },
      sumNote(r.python),
      ' ',
      `math.fsum keeps the running sum exactly, as ${r.partials} non-overlapping double${r.partials === 1 ? '' : 's'} (its "partials") here, and rounds once at the end.`,
    ),
  );
}

function renderForge(r, el) {
  fill(
    el,
    h(
      'p',
      {},
      `${fmt(r.n)} transactions of ${money(r.fee)}; the exact total is ${money(r.exact)}. `,
      sumNote(r.python),
    ),
    table(
      r.rows.map((row) => ({ ...row, money: money(row.money) })),
      [
        ['python', 'Python'],
        ['value', 'result'],
        ['money', 'f"{x:,.2f}"'],
        ['loss', 'exact − result'],
      ],
    ),
  );
}

/** Nanoseconds per value of a timed loop over n values: the median, with the fastest and slowest run. */
const perValue = (t, n) => {
  const ns = (x) => (x * 1e6) / n;
  const digits = ns(t.medianMs) < 10 ? 2 : 1;
  return `${ns(t.medianMs).toFixed(digits)} ns (${ns(t.minMs).toFixed(digits)}–${ns(t.maxMs).toFixed(digits)})`;
};

function renderCost(r, el) {
  // The verdict holds only if the whole range the spreads allow falls on one side: else it is too close to call.
  const within = (o) =>
    o.ratioLow >= 10 && o.ratioHigh <= 100
      ? 'within'
      : o.ratioHigh < 10
        ? 'below'
        : o.ratioLow > 100
          ? 'above'
          : 'too close to call';
  const row = (op, o) => ({
    op,
    float: perValue(o.float, r.n),
    decimal: perValue(o.decimal, r.n),
    ratio: `${o.ratio.toFixed(1)}× (${o.ratioLow.toFixed(1)}–${o.ratioHigh.toFixed(1)})`,
    claim: within(o),
  });
  fill(
    el,
    table(
      [row('addition', r.add), row('multiplication', r.multiply)],
      [
        ['op', 'per operation'],
        ['float', 'double: median (fastest–slowest)'],
        ['decimal', 'Decimal'],
        ['ratio', 'Decimal / double (range)'],
        ['claim', 'the series: "10x to 100x"'],
      ],
      `${fmt(r.n)} of each, timed in your browser: each loop warms up, then runs ${r.add.float.runs} times${dropped(r.add.float, r.add.decimal, r.multiply.float, r.multiply.decimal)}`,
    ),
    h(
      'p',
      { class: 'note' },
      'This is compiled code, where a double addition is one instruction. In CPython both sides also pay the interpreter for every operation (a bytecode dispatch, an object allocation), which shrinks the ratio to a few times: time it with the snippet below in your own Python.',
    ),
  );
}

/** What exactness costs, as far as the two timings' spreads can tell (their fastest-to-slowest ranges). */
function fsumCost(exact, plain) {
  const ratio = (exact.medianMs / plain.medianMs).toFixed(1);
  if (exact.minMs > plain.maxMs) return `Exactness costs ${ratio}× the plain loop's time here.`;
  if (exact.maxMs < plain.minMs)
    return `The exact sum is the faster one here (${ratio}× the plain loop's time): each += waits for the addition before it, while fsum's additions to its bins do not wait on each other.`;
  return `Their times are too close to call here (the ranges overlap; medians ${ratio}×): fsum's additions to its bins do not wait on each other, while each += waits for the one before it.`;
}

function renderFsumSpeed(r, el) {
  const same = r.fsum === r.naive;
  fill(
    el,
    table(
      [
        { how: 'math.fsum (exact, rounded once)', value: r.fsum, time: perValue(r.fsumTime, r.n) },
        { how: 'a plain loop of +=', value: r.naive, time: perValue(r.naiveTime, r.n) },
      ],
      [
        ['how', 'sum'],
        ['value', 'result (repr)'],
        ['time', 'per value: median (fastest–slowest)'],
      ],
      `${fmt(r.n)} doubles, each sum warmed up, then timed ${r.fsumTime.runs} times in your browser${dropped(r.fsumTime, r.naiveTime)}`,
    ),
    h(
      'p',
      {},
      same
        ? 'Here the plain loop happens to give the same double as the exact sum. '
        : 'The plain loop is off: each += rounds, and the roundings add up. ',
      fsumCost(r.fsumTime, r.naiveTime),
    ),
  );
}

function renderClaims(r, el) {
  fill(
    el,
    table(
      r.claims,
      [
        ['claim', 'The series says'],
        ['measured', `Measured here (CPython ${r.python})`],
        ['verdict', 'Verdict'],
        ['reason', 'Why'],
      ],
      `Graded for CPython ${r.python}: pick another version above; sum() changed in 3.12.`,
    ),
  );
  for (const cell of el.querySelectorAll('td:nth-child(3)'))
    cell.className = cell.textContent === 'reproduced' ? 'ok' : 'bad';
}

function renderStats(r, el) {
  fill(
    el,
    table(
      r.stats.map((s) => ({ name: `statistics.${s.name}(data)`, value: s.value ?? s.error })),
      [
        ['name', 'call'],
        ['value', 'result (repr)'],
      ],
    ),
    h(
      'p',
      { class: 'note' },
      'Each result is computed exactly (as fractions) and rounded once, as the statistics module does: an int where the exact answer is whole and every value is an int, a correctly rounded float otherwise.',
    ),
  );
}

export default {
  intro: [
    'Day 19 opens with "I lost $10,000 because 0.1 + 0.2 != 0.3". A Python float is an IEEE-754 double: 64 bits that can hold ' +
      'only sums of powers of two. 0.1 is not one of them, so Python stores the nearest double and prints the shortest text that reads back to it.',
    'Everything below runs in your browser, in C++ compiled to WebAssembly, and prints exactly what CPython prints.',
  ],
  demos: {
    'float.anatomy': {
      render: renderAnatomy,
      python: `import math, struct
from decimal import Decimal

x = 0.1
bits = struct.unpack(">Q", struct.pack(">d", x))[0]
print(f"{bits:064b}")            # sign | 11 exponent bits | 52 fraction bits
print(x.hex())                   # 0x1.999999999999ap-4
print(Decimal(x))                # the exact value stored
print(Decimal(x) - Decimal("0.1"))
print(math.nextafter(x, -math.inf), math.nextafter(x, math.inf), math.ulp(x))`,
    },
    'float.compare': {
      render: renderCompare,
      python: `import math
from decimal import Decimal

a, b, c = 0.1, 0.2, 0.3
print(Decimal(a), Decimal(b), Decimal(a + b), Decimal(c), sep="\\n")
print(a + b == c)                                    # False
print(math.isclose(a + b, c, rel_tol=1e-09, abs_tol=0.0))  # True`,
    },
    'float.repr': {
      render(result, el, { params }) {
        fill(
          el,
          table(
            result.repr.map((repr, i) => ({ typed: params.values[i], repr })),
            [
              ['typed', 'You typed'],
              ['repr', 'repr(float(v)) in CPython'],
            ],
          ),
        );
      },
      python: `values = ["0.1", "0.30000000000000004", "1e16", "1e-5", "-0.0", "5e-324"]
for v in values:
    # float() reads decimal literals; float.fromhex reads 0x1.999999999999ap-4
    x = float.fromhex(v) if v.lstrip("+-").lower().startswith("0x") else float(v)
    print(f"{v!r:>24} -> {x!r}")`,
    },
    'float.exact': {
      render(result, el, { params }) {
        fill(
          el,
          table(
            result.exact.map((exact, i) => ({ typed: params.values[i], exact })),
            [
              ['typed', 'You typed'],
              ['exact', 'str(Decimal(float(v)))'],
            ],
          ),
        );
      },
      python: `from decimal import Decimal
for v in ["0.1", "0.2", "0.3", "1e22", "5e-324"]:
    print(v, Decimal(float(v)))   # every double is a finite decimal, often a long one`,
    },
    'float.drift': {
      render: renderDrift,
      chart: driftChart,
      sourceOpen: false,
      notes: [
        'Runs in a worker: the page stays responsive, the progress bar moves, and Cancel stops it. 100,000,000 additions per strategy take a few seconds.',
      ],
      python: `import math
from decimal import Decimal

fee, n = 0.10, 10_000_000
total = 0.0
for _ in range(n):
    total += fee                      # naive: rounds after every addition

s = c = 0.0                           # Kahan
for _ in range(n):
    y = fee - c; t = s + y; c = (t - s) - y; s = t

exact = math.fsum([fee] * n)           # Shewchuk's partials, rounded once
cents = 10 * n                         # integer cents: exact
dec = sum([Decimal("0.10")] * n)       # Decimal: exact while it fits in 28 digits
print(f"{total:,.2f} {s:,.2f} {exact:,.2f} {cents // 100:,}.{cents % 100:02d} {dec:,.2f}")`,
    },
    'float.fsum': {
      render: renderFsum,
      python: `import math
values = [0.1] * 10
total = 0.0
for x in values:
    total += x
print(repr(math.fsum(values)), repr(total))   # 1.0 0.9999999999999999
print(repr(sum(values)))   # 0.9999999999999999 up to 3.11, 1.0 from 3.12`,
    },
    'float.fsum-speed': {
      render: renderFsumSpeed,
      notes: [
        "fsum here adds the doubles of each sign and exponent as integers in a bin of their own, adds the bins exactly into a 2098-bit fixed-point number and rounds once, which gives the same bits as math.fsum; the drift demo runs math.fsum's own algorithm, Shewchuk's partials.",
      ],
      python: `import math, time

def splitmix64(state):                 # the same generator as the C++, so the same doubles
    while True:
        state = (state + 0x9E3779B97F4A7C15) % 2**64
        z = state
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9 % 2**64
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB % 2**64
        yield z ^ (z >> 31)

g = splitmix64(1)
xs = [(next(g) >> 11) * 2.0**-53 for _ in range(1_000_000)]   # data="uniform", seed=1
t0 = time.perf_counter(); print(repr(math.fsum(xs)), time.perf_counter() - t0)
t0 = time.perf_counter(); print(repr(sum(xs)), time.perf_counter() - t0)`,
    },
    'decimal.compute': {
      sourceOpen: false,
      render(r, el, { params }) {
        fill(
          el,
          h(
            'p',
            {},
            h(
              'code',
              {},
              `Context(prec=${params.prec}, rounding=${params.rounding}).${params.op}(Decimal(${JSON.stringify(params.a)}), Decimal(${JSON.stringify(params.b)}))`,
            ),
          ),
          h('p', { class: 'big' }, h('code', {}, r.result)),
        );
      },
      python: `from decimal import Context, Decimal, ROUND_HALF_EVEN
ctx = Context(prec=28, rounding=ROUND_HALF_EVEN)
print(ctx.divide(Decimal("1"), Decimal("7")))      # 0.1428571428571428571428571429
print(ctx.divide(Decimal("1.00"), Decimal("4")))   # 0.25: exact results keep the ideal exponent
print(Decimal("2.675").quantize(Decimal("0.01")))  # 2.68`,
    },
    'decimal.rounding': {
      render: renderRounding,
      python: `from decimal import Decimal, ROUND_HALF_EVEN, ROUND_HALF_UP
for v in ["0.5", "1.5", "2.5", "3.5"]:
    d = Decimal(v)
    print(v, d.quantize(Decimal("1"), rounding=ROUND_HALF_EVEN), d.quantize(Decimal("1"), rounding=ROUND_HALF_UP), round(float(v)))`,
    },
    'decimal.forge': {
      render: renderForge,
      python: `import math
from decimal import Decimal
n = 1_000_000
print(sum([0.10] * n), math.fsum([0.10] * n), sum([Decimal("0.10")] * n))`,
    },
    'decimal.cost': {
      render: renderCost,
      python: `import timeit
print(timeit.timeit("a + b", setup="a, b = 12.34, 0.57", number=1_000_000))
print(timeit.timeit("a + b", setup="from decimal import Decimal as D; a, b = D('12.34'), D('0.57')", number=1_000_000))`,
    },
    'float.stats': {
      render: renderStats,
      python: `import statistics
salaries = [40_000, 45_000, 45_000, 50_000, 5_000_000]
for f in (statistics.mean, statistics.median, statistics.mode, statistics.variance,
          statistics.pvariance, statistics.stdev, statistics.pstdev):
    print(f.__name__, repr(f(salaries)))`,
    },
    'float.claims': {
      render: renderClaims,
      notes: [
        'Each claim is recomputed live: the loops really run 100,000,000 and 1,000,000,000 additions, in about two seconds.',
      ],
      python: `import math
total = 0.0
for _ in range(100_000_000):
    total += 0.10
print(f"{total:,.2f}", 10_000_000 - total)     # the series printed $9,999,999.81 and $0.19
print(sum([0.1] * 10), math.fsum([0.1] * 10))  # 0.9999999999999999 1.0`,
    },
  },
};
