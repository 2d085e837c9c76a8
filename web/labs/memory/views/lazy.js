// The memory lab's eager-vs-lazy views (memory.lazy, memory.lazy-sweep): peak memory measured here and
// computed for CPython, against the series' figures.
import { h, fill, table } from '../../../dom.js';
import { fmt, ms, bytes } from '../../../format.js';
import { chart } from '../../../chart.js';

/** The series' figures, and what they are. */
const SERIES_LIST = 8e6,
  SERIES_GEN = 104;

/** What CPython's ints cost for these squares, from the largest one, (n - 1)², as the C++ sizes it. */
/* The largest square can pass 2⁵³: it is grouped as a BigInt, exactly, not through fmt's Number. */
function squaresInWords(eager) {
  if (eager.intBytes === 0)
    return "every square here is at most 256, one of the cached small ints, so only the list's slots count.";
  const top = eager.largestSquareBytes;
  return top === 28
    ? 'every square above 256 is an int object of its own, 28 bytes each (one 30-bit digit: all squares here are below 2³⁰).'
    : `every square above 256 is an int object of its own: 28 bytes below 2³⁰, ${top} from there (the largest, ${BigInt(eager.largestSquare).toLocaleString('en')}, has ${(top - 24) / 4} 30-bit digits).`;
}

export function renderLazy(r, el) {
  const cp = r.cpython;
  fill(
    el,
    table(
      [
        {
          how: 'eager: sum([x * x for x in range(n)])',
          here: bytes(r.eager.peakBytes),
          cpython: `${bytes(cp.eager.totalBytes)} (list ${bytes(cp.eager.listBytes)} + ints ${bytes(cp.eager.intBytes)})`,
          sum: r.eager.sum,
          ms: ms(r.eager.ms),
        },
        {
          how: 'lazy: sum(x * x for x in range(n))',
          here: bytes(r.lazy.peakBytes),
          cpython: `${bytes(cp.lazy.totalBytes)} (generator ${cp.lazy.generatorBytes} + range iterator ${cp.lazy.rangeIteratorBytes})`,
          sum: r.lazy.sum,
          ms: ms(r.lazy.ms),
        },
      ],
      [
        ['how', `n = ${fmt(r.n)}`],
        ['here', 'peak heap here (measured)'],
        ['cpython', `${cp.version} (computed)`],
        ['sum', 'sum'],
        ['ms', 'ms here'],
      ],
    ),
    h(
      'p',
      {},
      `Here the eager list of 8-byte squares peaks at ${bytes(r.eager.peakBytes)}: a std::vector doubles as it grows, and while it moves, the old and the new buffer both exist. ` +
        `The generator (a C++20 coroutine) peaks at ${bytes(r.lazy.peakBytes)}, its frame, whatever n is. ` +
        `CPython needs more for the list: besides its 8-byte slots, ${squaresInWords(cp.eager)}`,
    ),
    h(
      'p',
      { class: 'note' },
      r.n === 1000000
        ? `The series says the list "eats 8 MB": that is sys.getsizeof(list), ${bytes(cp.eager.listBytes)}, which counts the slots but not the ${bytes(cp.eager.intBytes)} of ints they point to. ` +
            (cp.lazy.generatorBytes === SERIES_GEN
              ? `It says the generator takes 104 bytes: so does CPython ${cp.python}, which kept a generator's frame outside it and did not count it. From 3.11 the frame is inside the generator (208 bytes in 3.11, 200 from 3.12).`
              : `It says the generator takes 104 bytes: CPython ${cp.python} reports ${cp.lazy.generatorBytes}, because since 3.11 a generator carries its frame inside it; 3.10 and older kept the frame separate and reported 104.`)
        : 'Set n to 1000000 to compare with the series\' "8 MB" and "104 bytes".',
    ),
    h(
      'p',
      { class: r.lazy.secondPass === '0' ? 'note warn' : 'note' },
      `The depleted-generator trap: looping over the same generator a second time gave ${r.lazy.secondPass}. A generator runs once; the second loop finds it finished and yields nothing, without an error.`,
    ),
  );
}

export function sweepChart(r, figure) {
  const rows = r.rows;
  return chart(figure, {
    title: 'Peak memory of the two pipelines, by n',
    x: rows.map((row) => row.n),
    series: [
      { label: 'eager, here', values: rows.map((row) => row.eager.peakBytes) },
      { label: 'lazy, here', values: rows.map((row) => Math.max(1, row.lazy.peakBytes)) },
      { label: `eager, CPython ${rows[0].cpython.python}`, values: rows.map((row) => row.cpython.eager.totalBytes) },
      { label: `lazy, CPython ${rows[0].cpython.python}`, values: rows.map((row) => row.cpython.lazy.totalBytes) },
    ],
    xLabel: 'n',
    yLabel: 'bytes',
    logX: true,
    logY: true,
    summary:
      rows
        .map(
          (row) =>
            `n = ${fmt(row.n)}: eager ${bytes(row.eager.peakBytes)} here, ${bytes(row.cpython.eager.totalBytes)} in CPython; lazy ${bytes(row.lazy.peakBytes)} here, ${bytes(row.cpython.lazy.totalBytes)} in CPython`,
        )
        .join('. ') + `. The series' figures for n = 1,000,000: ${bytes(SERIES_LIST)} eager, ${SERIES_GEN} bytes lazy.`,
  });
}

export function renderSweep(r, el) {
  const million = r.rows.find((row) => row.n === 1000000);
  fill(
    el,
    table(
      r.rows.map((row) => ({
        n: fmt(row.n),
        eager: bytes(row.eager.peakBytes),
        lazy: bytes(row.lazy.peakBytes),
        ce: bytes(row.cpython.eager.totalBytes),
        cl: bytes(row.cpython.lazy.totalBytes),
      })),
      [
        ['n', 'n'],
        ['eager', 'eager here'],
        ['lazy', 'lazy here'],
        ['ce', `eager CPython ${r.rows[0].cpython.python}`],
        ['cl', `lazy CPython ${r.rows[0].cpython.python}`],
      ],
    ),
    million
      ? h(
          'p',
          { class: 'note' },
          `At n = 1,000,000 the series says 8 MB and 104 bytes. CPython ${million.cpython.python}: the list object alone is ${bytes(million.cpython.eager.listBytes)}, with its ints ${bytes(million.cpython.eager.totalBytes)}; the generator and its range iterator ${million.cpython.lazy.totalBytes} bytes.`,
        )
      : null,
  );
}
